public import ClienteleRPC

/// The methods of `clientele.v1.Changes` (proto/clientele/v1/changes.proto).
public enum ChangesMethods {
    public static let service = "clientele.v1.Changes"
    public static let follow = MethodDescriptor(service: service, method: "Follow")

    public static let all = [follow]
}
