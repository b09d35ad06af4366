import ArgumentParser
import Foundation

/// `clientele config …`: the user's context (socket, group, output), as kubectl's contexts.
struct ConfigCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "config",
            abstract: "Your context: the socket, group and output format used when a command is not given them.",
            discussion: """
                Saved per user in $XDG_CONFIG_HOME/clientele/config.json (else ~/.config/clientele/config.json), \
                beside the token `clientele login` saves. Keys:
                """ + "\n" + CLIConfig.Key.allCases.map { "  \($0.rawValue): \($0.help)" }.joined(separator: "\n")
                    + """

                    Examples:
                      clientele config set group grp_…     # every command taking --group-id uses it by default
                      clientele config set output table
                      clientele config view
                    """,
            subcommands: [Set.self, Get.self, Unset.self, View.self]
        )
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Save a key of your context.")
        @Argument(help: "socket, group or output.") var key: CLIConfig.Key
        @Argument(help: "The value.") var value: String

        func validate() throws {
            if self.key == .output, OutputFormat(rawValue: self.value) == nil {
                throw ValidationError("output is json, table or yaml, not \(self.value)")
            }
            if self.value.isEmpty { throw ValidationError("give a value, or use `clientele config unset \(self.key)`") }
        }

        func run() async throws {
            var config = try CLIConfig.load()
            config[self.key] = self.value
            try config.save()
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a key of your context; exits 1 when it is not set.")
        @Argument(help: "socket, group or output.") var key: CLIConfig.Key

        func run() async throws {
            guard let value = try CLIConfig.load()[self.key] else {
                FileHandle.standardError.write(Data("clientele: \(self.key.rawValue) is not set\n".utf8))
                throw ExitCode.failure
            }
            print(value)
        }
    }

    struct Unset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Forget a key of your context.")
        @Argument(help: "socket, group or output.") var key: CLIConfig.Key

        func run() async throws {
            var config = try CLIConfig.load()
            config[self.key] = nil
            try config.save()
        }
    }

    struct View: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print your whole context as JSON.")

        func run() async throws {
            print(try CLIConfig.load().json(), terminator: "")
        }
    }
}

extension CLIConfig.Key: ExpressibleByArgument {
    init?(argument: String) { self.init(rawValue: argument) }
    static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension ArgumentHelp {
    /// The help of every --group-id.
    static var groupID: ArgumentHelp {
        ArgumentHelp("The group (default: your context's, `clientele config set group GROUP_ID`).")
    }
}
