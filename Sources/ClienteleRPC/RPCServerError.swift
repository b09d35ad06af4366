/// Why the server could not start.
public enum RPCServerError: Error, CustomStringConvertible, Sendable {
    case socket(String)

    public var description: String {
        switch self {
        case .socket(let message): message
        }
    }
}
