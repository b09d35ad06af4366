public import Foundation

/// Where the PostgreSQL store lives, from `--store postgres://user[:password]@host[:port]/database?…`.
///
/// Query parameters: `host=/run/postgresql` (a Unix socket folder, as libpq reads it; the URL's
/// host may then be empty), `pool=N` (connections, default 16), `sslmode=disable` (the only mode
/// supported: use a Unix socket or a private network). The password may also come from
/// `$PGPASSWORD`. `description` never shows the password.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// The socket file itself: `<folder>/.s.PGSQL.<port>`.
        case unixSocket(path: String)
    }

    public var endpoint: Endpoint
    public var user: String
    public var password: String?
    public var database: String
    public var poolSize: Int

    public init(endpoint: Endpoint, user: String, password: String?, database: String, poolSize: Int = 16) {
        self.endpoint = endpoint
        self.user = user
        self.password = password
        self.database = database
        self.poolSize = poolSize
    }

    /// Whether `text` names a PostgreSQL store at all (then `init(parsing:)` says what is wrong with it).
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Throws `PostgresLocation.Invalid` with a sentence naming what is wrong.
    public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard Self.isPostgres(text), let url = URLComponents(string: text) else {
            throw Invalid("--store takes sqlite or postgres://user@host:port/database, not \(Self.redacted(text))")
        }
        var query: [String: String] = [:]
        for item in url.queryItems ?? [] {
            guard let value = item.value else { throw Invalid("the store's parameter \(item.name) has no value") }
            query[item.name] = value
        }
        let known: Set = ["host", "port", "pool", "sslmode", "user", "password", "dbname"]
        if let unknown = query.keys.sorted().first(where: { !known.contains($0) }) {
            throw Invalid(
                "the store's parameter \(unknown) is unknown (known: \(known.sorted().joined(separator: ", ")))")
        }
        if let mode = query["sslmode"], mode != "disable" {
            throw Invalid(
                "sslmode=\(mode) is not supported: reach PostgreSQL over a Unix socket or a private network, with sslmode=disable"
            )
        }
        let portText = query["port"] ?? url.port.map(String.init) ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw Invalid("the store's port \(portText) is not a port number")
        }
        let socketFolder = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        let host = query["host"].flatMap { $0.hasPrefix("/") ? nil : $0 } ?? url.host ?? ""
        if let socketFolder {
            self.endpoint = .unixSocket(path: socketFolder + "/.s.PGSQL.\(port)")
        } else {
            guard !host.isEmpty else { throw Invalid("the store's URL names no host (or ?host=/socket/folder)") }
            self.endpoint = .tcp(host: host, port: port)
        }
        guard let user = query["user"] ?? url.user, !user.isEmpty else {
            throw Invalid("the store's URL names no user: postgres://USER@host/database")
        }
        self.user = user.removingPercentEncoding ?? user
        self.password = (query["password"] ?? url.password)?.removingPercentEncoding ?? environment["PGPASSWORD"]
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        let database = query["dbname"] ?? path
        guard !database.isEmpty, !database.contains("/") else {
            throw Invalid("the store's URL names no database: postgres://user@host/DATABASE")
        }
        self.database = database
        let poolText = query["pool"] ?? "16"
        guard let pool = Int(poolText), (1...512).contains(pool) else {
            throw Invalid("the store's pool=\(poolText) must be a number of connections from 1 to 512")
        }
        self.poolSize = pool
    }

    public var description: String {
        switch self.endpoint {
        case .tcp(let host, let port): "postgres://\(self.user)@\(host):\(port)/\(self.database)?pool=\(self.poolSize)"
        case .unixSocket(let path): "postgres://\(self.user)@/\(self.database)?host=\(path)&pool=\(self.poolSize)"
        }
    }

    /// `text` with any password replaced by `***`, for messages.
    static func redacted(_ text: String) -> String {
        guard var url = URLComponents(string: text), url.password != nil else { return text }
        url.password = "***"
        return url.string ?? "the given URL"
    }

    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public let description: String
        public init(_ description: String) { self.description = description }
    }
}
