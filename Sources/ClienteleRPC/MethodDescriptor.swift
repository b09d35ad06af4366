/// Names one RPC: the full protobuf service name and the bare method name.
public struct MethodDescriptor: Hashable, Sendable, CustomStringConvertible {
    /// For example `clientele.v1.Clients`.
    public var service: String
    /// For example `CreateClient`.
    public var method: String

    public init(service: String, method: String) {
        self.service = service
        self.method = method
    }

    /// `service/method`, as in logs and in `clientele call`.
    public var fullName: String { "\(self.service)/\(self.method)" }

    public var description: String { self.fullName }
}
