import Foundation

/// The user's saved context (`clientele config set socket|group|output VALUE`): a JSON object in
/// $XDG_CONFIG_HOME/clientele/config.json, else ~/.config/clientele/config.json, beside the token
/// `clientele login` saves. A flag, then an environment variable, then the context, then the default.
struct CLIConfig: Equatable {
    enum Key: String, CaseIterable {
        case socket, group, output

        var help: String {
            switch self {
            case .socket: "the daemon's socket (after --socket and $CLIENTELE_SOCKET)"
            case .group: "the group id every command taking --group-id uses when it is left out"
            case .output: "the output format: json, table or yaml (after --output)"
            }
        }
    }

    var values: [Key: String] = [:]

    subscript(key: Key) -> String? {
        get { self.values[key] }
        set { self.values[key] = newValue }
    }

    /// The folder of the user's clientele files: $XDG_CONFIG_HOME/clientele, else ~/.config/clientele.
    static var folder: URL {
        let environment = ProcessInfo.processInfo.environment
        // $HOME first: Foundation's home directory comes from the password file on Linux.
        let home =
            environment["HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        let base =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? home.appendingPathComponent(".config")
        return base.appendingPathComponent("clientele")
    }

    static var file: URL { self.folder.appendingPathComponent("config.json") }

    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    /// The saved context; empty when there is no file.
    static func load() throws -> CLIConfig {
        guard let data = FileManager.default.contents(atPath: self.file.path) else { return CLIConfig() }
        let value: JSONValue
        do {
            value = try JSONValue.parse(String(decoding: data, as: UTF8.self))
        } catch let error as JSONValue.SyntaxError {
            throw Unreadable(description: "\(self.file.path): \(error.describe(in: Array(data)))")
        }
        guard case .object(let members) = value else {
            throw Unreadable(description: "\(self.file.path): not a JSON object")
        }
        var config = CLIConfig()
        for member in members {
            guard let key = Key(rawValue: member.key), case .string(let text) = member.value else { continue }
            config[key] = text
        }
        return config
    }

    /// The saved context, or an empty one with a warning when the file cannot be read.
    static let current: CLIConfig = {
        do { return try load() } catch {
            FileHandle.standardError.write(Data("clientele: warning: ignoring the context: \(error)\n".utf8))
            return CLIConfig()
        }
    }()

    func save() throws {
        try FileManager.default.createDirectory(
            at: Self.folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try Data(self.json().utf8).write(to: Self.file, options: .atomic)
    }

    func json() -> String {
        let members = Key.allCases.compactMap { key in
            self[key].map { JSONValue.Member(key: key.rawValue, value: .string($0)) }
        }
        return JSONRendering.compact(.object(members)) + "\n"
    }
}
