import ArgumentParser
import Foundation

/// `--config` and `--print-config`: where clienteled's options come from besides the command line.
struct ConfigFileOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            """
            Configuration file (a subset of TOML: key = value lines). Every option below except \
            --config, --print-config, --help and --version is also a key, named as the option \
            without its "--" (max-connections = 1024). Flags override the file; CLIENTELED_<KEY> \
            environment variables (the key in capitals, "-" as "_"; lists comma-separated) \
            override the file and are overridden by flags. An unknown key or a value of the wrong \
            type stops the daemon, naming the file and line. The package installs \
            /etc/clientele/clienteled.toml with every key and its default.
            """, valueName: "file"))
    var config: String?

    @Flag(
        help: """
            Print the effective configuration, one key = value line per key with where its value \
            came from (default, file:line, env, flag), check it as the daemon would at start, and exit.
            """)
    var printConfig = false

    /// Prints the commented configuration file that the package installs (packaging/clienteled.toml;
    /// scripts/generate writes it from this and --check compares).
    @Flag(help: .hidden)
    var printDefaultConfig = false
}

extension Clienteled {
    /// Parses the command line, adds the configuration file and the environment to it (see
    /// ConfigResolution) and runs the daemon with the result.
    static func main() async {
        let commandLine = Array(CommandLine.arguments.dropFirst())
        let given: Clienteled
        do {
            var parsed = try Self.parseAsRoot(commandLine)
            guard let daemon = parsed as? Clienteled else {
                try parsed.run()  // --help: the argument parser's HelpCommand
                return
            }
            given = daemon
        } catch {
            Self.exit(withError: error)
        }
        let keys = ConfigKeys(command: Clienteled.self)
        if given.configFile.printDefaultConfig {
            print(DefaultConfigFile.text(keys: keys.keys), terminator: "")
            return
        }
        let effective: Clienteled
        let resolution: ConfigResolution
        do {
            resolution = try ConfigResolution.resolve(
                keys: keys, commandLine: commandLine, environment: ProcessInfo.processInfo.environment,
                configPath: given.configFile.config,
                readFile: { path throws(ConfigError) in try ConfigResolution.readFile(path) },
                check: { arguments in
                    do {
                        _ = try Clienteled.parseAsRoot(arguments)
                        return nil
                    } catch {
                        return Clienteled.message(for: error)
                    }
                })
        } catch {
            Self.configurationFailed("\(error)")
        }
        do {
            guard let parsed = try Self.parseAsRoot(resolution.arguments) as? Clienteled else {
                throw ValidationError("clienteled has no subcommands")
            }
            effective = parsed
        } catch {
            Self.exit(withError: error)
        }
        // The checks the daemon makes at start, with the source of a value that fails them.
        do {
            _ = try effective.options.serverConfiguration()
        } catch let error as ValidationError {
            var message = error.message
            for setting in resolution.settings where message.contains("--\(setting.key.name)") {
                switch setting.source {
                case .file, .environment: message += " (\(setting.key.name) from \(setting.source))"
                case .defaultValue, .commandLine: break
                }
            }
            Self.configurationFailed(message)
        } catch {
            Self.configurationFailed("\(error)")
        }
        if given.configFile.printConfig {
            print(resolution.report())
            return
        }
        do {
            try await effective.run()
        } catch {
            Self.exit(withError: error)
        }
    }

    /// Exit status 78 (EX_CONFIG, sysexits.h): the configuration is wrong.
    static func configurationFailed(_ message: String) -> Never {
        FileHandle.standardError.write(Data("clienteled: \(message)\n".utf8))
        Foundation.exit(78)
    }
}

/// The configuration file the package installs as /etc/clientele/clienteled.toml
/// (packaging/clienteled.toml): every key with its help, commented out with its default, except
/// the paths of the installed layout.
enum DefaultConfigFile {
    /// Keys the installed file sets: the daemon's built-in paths are relative to its working folder
    /// (for running from a checkout); installed, it uses the folders its systemd units give it.
    static let installedLayout: [String: ConfigValue] = [
        "socket": .string("/run/clientele/clienteled.sock"),
        "data-dir": .string("/var/lib/clientele"),
    ]

    static func text(keys: [ConfigKey]) -> String {
        var lines = [
            "# /etc/clientele/clienteled.toml: the configuration of clienteled(8), read with",
            "# `clienteled --config /etc/clientele/clienteled.toml` (the systemd unit passes it).",
            "#",
            "# Every key is an option of clienteled without its leading \"--\"; `man 8 clienteled`",
            "# and `clienteled --help` describe them. A line commented out shows the built-in",
            "# default. Precedence, lowest first: the default, this file, an environment variable",
            "# CLIENTELED_<KEY> (the key in capitals with \"_\" for \"-\"; a list comma-separated),",
            "# a command-line flag. `clienteled --config FILE --print-config` prints the result and",
            "# where each value came from. An unknown key or a value of the wrong type is an error.",
            "#",
            "# Syntax: a subset of TOML: key = value; \"strings\" in quotes, integers, numbers,",
            "# true/false, [arrays]; # comments. No [tables].",
        ]
        for key in keys {
            lines.append("")
            lines += Self.wrap(key.abstract, width: 88).map { "# " + $0 }
            if let value = Self.installedLayout[key.name] {
                lines.append("# (built-in default: \(key.defaultTOML ?? "unset"); this is the installed layout)")
                lines.append("\(key.name) = \(value.toml)")
            } else if let value = key.defaultTOML {
                lines.append("#\(key.name) = \(value)")
            } else {
                lines.append("# (unset by default)")
                lines.append("#\(key.name) =")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(whereSeparator: \.isWhitespace) {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
