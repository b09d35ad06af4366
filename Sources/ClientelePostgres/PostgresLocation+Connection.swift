import PostgresNIO

extension PostgresLocation {
    /// postgres-nio's configuration for one connection to this location (no TLS: see the type).
    var connectionConfiguration: PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch self.endpoint {
        case .tcp(let host, let port):
            configuration = .init(
                host: host, port: port, username: self.user, password: self.password, database: self.database,
                tls: .disable)
        case .unixSocket(let path):
            configuration = .init(
                unixSocketPath: path, username: self.user, password: self.password, database: self.database)
        }
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    /// The host and port or the socket, for messages.
    var endpointDescription: String {
        switch self.endpoint {
        case .tcp(let host, let port): "\(host):\(port)"
        case .unixSocket(let path): path
        }
    }
}
