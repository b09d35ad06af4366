import ArgumentParser
import Foundation

extension Clientele {
    /// Parses (after `CommandLineRewrite`: deprecated spellings, the context's group), runs, and
    /// reports a failure as the failing subcommand's: its usage for a usage error (exit 64).
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let prepared: [String]
        switch CommandLineRewrite.prepare(arguments) {
        case .success(let rewritten):
            prepared = rewritten.arguments
            for note in rewritten.notes { FileHandle.standardError.write(Data("clientele: note: \(note)\n".utf8)) }
        case .failure(let error):
            FileHandle.standardError.write(Data(error.text.utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        var command: any ParsableCommand
        do {
            command = try Clientele.parseAsRoot(prepared)
        } catch {
            Clientele.exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ValidationError {
            FileHandle.standardError.write(Data(Self.usageError(error.message, in: type(of: command)).utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        } catch {
            Clientele.exit(withError: error)
        }
    }

    /// "Error: …", the usage of `command` (not of `clientele`), and where its help is.
    static func usageError(_ message: String, in command: any ParsableCommand.Type) -> String {
        let path = CommandTree.path(of: command).joined(separator: " ")
        return "Error: \(message)\n"
            + "Usage: " + Clientele.usageString(for: command) + "\n"
            + "  See '\(path) --help' for more information.\n"
    }
}

/// The commands as a tree of names, for rewriting arguments and for "did you mean".
enum CommandTree {
    static func name(of command: any ParsableCommand.Type) -> String {
        command.configuration.commandName ?? command._commandName
    }

    static func names(of command: any ParsableCommand.Type) -> [String] {
        [self.name(of: command)] + command.configuration.aliases
    }

    /// "clientele clients import" for ClientsImportCommand.
    static func path(of command: any ParsableCommand.Type) -> [String] {
        func search(_ node: any ParsableCommand.Type, _ path: [String]) -> [String]? {
            let here = path + [self.name(of: node)]
            if ObjectIdentifier(node) == ObjectIdentifier(command) { return here }
            for child in node.configuration.subcommands {
                if let found = search(child, here) { return found }
            }
            return nil
        }
        return search(Clientele.self, []) ?? ["clientele"]
    }

    /// The long options a command takes: the first long name on each line of its help that starts with one.
    static func options(of command: any ParsableCommand.Type) -> Set<String> {
        let help = Clientele.helpMessage(for: command, includeHidden: true, columns: 10_000)
        var names = Set<String>()
        for line in help.split(separator: "\n") {
            var rest = line.drop { $0 == " " }
            if rest.hasPrefix("-"), !rest.hasPrefix("--"), let comma = rest.firstIndex(of: ",") {
                rest = rest[rest.index(after: comma)...].drop { $0 == " " }
            }
            guard rest.hasPrefix("--") else { continue }
            let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" }
            if name.count > 2 { names.insert(String(name)) }
        }
        return names
    }

    /// Whether `option` is required by `command` (its usage line shows it without brackets).
    static func requires(_ command: any ParsableCommand.Type, _ option: String) -> Bool {
        let usage = Clientele.usageString(for: command)
        return usage.contains(option + " ") && !usage.contains("[" + option + " ")
            && !usage.contains("[" + option + "=")
    }
}

/// Edit distance and the closest names, for "did you mean".
enum Suggestion {
    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    /// The candidates within a third of the word's length (at least 1, at most 3) edits, closest first.
    static func closest(to word: String, among candidates: [String]) -> [String] {
        let limit = min(3, max(1, word.count / 3))
        let scored = candidates.map { ($0, self.distance(word.lowercased(), $0)) }.filter { $0.1 <= limit }
        let prefixed = candidates.filter {
            word.count >= 3 && $0.hasPrefix(word.lowercased()) && !scored.map(\.0).contains($0)
        }
        return scored.sorted { $0.1 < $1.1 }.map(\.0) + prefixed
    }
}

/// What `main` parses: the arguments with deprecated spellings replaced (each with a note) and
/// the context's group added where a command requires --group-id and none is given; or, for a
/// command name that does not exist, the error to print.
enum CommandLineRewrite {
    struct Rewritten {
        var arguments: [String]
        var notes: [String] = []
    }

    struct UnknownCommand: Error {
        let text: String
    }

    /// Old spellings and the new; each applies where the command takes the new and not the old.
    static let renamed: [(old: String, new: String)] = [
        ("--group", "--group-id"), ("--client", "--client-id"), ("--user", "--user-id"),
        ("--key", "--key-id"), ("--assignment", "--assignment-id"), ("--output", "--file"),
    ]

    static func prepare(_ arguments: [String], context: CLIConfig? = nil) -> Result<Rewritten, UnknownCommand> {
        var command: any ParsableCommand.Type = Clientele.self
        var index = 0
        while index < arguments.count, !command.configuration.subcommands.isEmpty {
            let word = arguments[index]
            if word.hasPrefix("-") { break }
            guard
                let child = command.configuration.subcommands.first(where: { CommandTree.names(of: $0).contains(word) })
            else {
                if command.configuration.defaultSubcommand != nil || word == "help" { break }
                return .failure(UnknownCommand(text: self.unknown(word, in: command)))
            }
            command = child
            index += 1
        }
        var rewritten = Rewritten(arguments: arguments)
        guard command.configuration.subcommands.isEmpty else { return .success(rewritten) }
        let options = CommandTree.options(of: command)
        let end = arguments.firstIndex(of: "--") ?? arguments.count
        for position in index..<end {
            let argument = arguments[position]
            let (name, value) = self.split(argument)
            guard let pair = self.renamed.first(where: { $0.old == name }), options.contains(pair.new),
                !options.contains(pair.old)
            else { continue }
            if pair.old == "--output", let value = value ?? (position + 1 < end ? arguments[position + 1] : nil),
                OutputFormat(rawValue: value) != nil
            {
                continue
            }
            rewritten.arguments[position] = pair.new + (value.map { "=" + $0 } ?? "")
            rewritten.notes.append("\(pair.old) is deprecated; use \(pair.new)")
        }
        let asksHelp = arguments.contains { $0 == "--help" || $0 == "-h" }
        let given = rewritten.arguments[..<end].contains { self.split($0).name == "--group-id" }
        if !given, !asksHelp, CommandTree.requires(command, "--group-id"),
            let group = (context ?? CLIConfig.current)[.group]
        {
            rewritten.arguments.insert(contentsOf: ["--group-id", group], at: end)
        }
        return .success(rewritten)
    }

    private static func split(_ argument: String) -> (name: String, value: String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    /// "there is no `clientele contacts list` command; did you mean …? `clientele contacts` has: …", with its usage.
    static func unknown(_ word: String, in command: any ParsableCommand.Type) -> String {
        let path = CommandTree.path(of: command).joined(separator: " ")
        let children = command.configuration.subcommands.map(CommandTree.name(of:))
        var message = "there is no `\(path) \(word)` command"
        if let guess = Suggestion.closest(to: word, among: children).first {
            message += "; did you mean `\(path) \(guess)`?"
        }
        message += "\n`\(path)` has: \(children.joined(separator: ", "))"
        return "Error: \(message)\n" + "Usage: " + Clientele.usageString(for: command) + "\n"
            + "  See '\(path) --help' for more information.\n"
    }
}
