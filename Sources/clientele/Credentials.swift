import Foundation

/// Where `clientele` finds a bearer token: `--token`, then `$CLIENTELE_TOKEN`,
/// then the file `clientele login` writes (mode 0600).
enum Credentials {
    /// Where the token of a call came from, to say so when the daemon refuses it.
    enum Source: Equatable {
        case flag
        case environment
        case file(String)
        /// No token: the caller is the local operator (by its uid) or nobody.
        case none

        var description: String {
            switch self {
            case .flag: "the token given with --token"
            case .environment: "the token in $CLIENTELE_TOKEN"
            case .file(let path): "the token saved in \(path) by `clientele login`"
            case .none: "no token"
            }
        }
    }

    static var file: URL { CLIConfig.folder.appendingPathComponent("token") }

    static func token(flag: String?) -> String? { self.resolve(flag: flag)?.token }

    static func resolve(flag: String?) -> (token: String, source: Source)? {
        if let flag, !flag.isEmpty { return (flag, .flag) }
        if let value = ProcessInfo.processInfo.environment["CLIENTELE_TOKEN"], !value.isEmpty {
            return (value, .environment)
        }
        guard let data = try? Data(contentsOf: self.file) else { return nil }
        self.warnIfOthersCanRead()
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return token.isEmpty ? nil : (token, .file(self.file.path))
    }

    /// Saves a session token readable by its owner only.
    static func save(_ token: String) throws {
        let folder = self.file.deletingLastPathComponent()
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let previous = umask(0o077)
        defer { umask(previous) }
        try Data((token + "\n").utf8).write(to: self.file, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: self.file.path)
    }

    /// The saved token is a secret: say so when its file is readable by others (it is written 0600).
    private static func warnIfOthersCanRead() {
        let attributes = try? FileManager.default.attributesOfItem(atPath: self.file.path)
        guard let mode = (attributes?[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 else { return }
        let warning =
            "clientele: warning: \(self.file.path) is readable by others (mode \(String(mode, radix: 8))); chmod 600 it\n"
        FileHandle.standardError.write(Data(warning.utf8))
    }

    static func forget() {
        try? FileManager.default.removeItem(at: self.file)
    }
}
