import Foundation

/// Where `clientele` finds a bearer token: `--token`, then `$CLIENTELE_TOKEN`,
/// then the file `clientele login` writes (mode 0600).
enum Credentials {
    static var file: URL {
        let environment = ProcessInfo.processInfo.environment
        let base =
            environment["XDG_CONFIG_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config")
        return base.appendingPathComponent("clientele/token")
    }

    static func token(flag: String?) -> String? {
        if let flag, !flag.isEmpty { return flag }
        if let value = ProcessInfo.processInfo.environment["CLIENTELE_TOKEN"], !value.isEmpty { return value }
        guard let data = try? Data(contentsOf: self.file) else { return nil }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return token.isEmpty ? nil : token
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

    static func forget() {
        try? FileManager.default.removeItem(at: self.file)
    }
}
