public import ClienteleRPC

/// The methods of `clientele.v1.Outbox` (proto/clientele/v1/outbox.proto).
public enum OutboxMethods {
    public static let service = "clientele.v1.Outbox"
    public static let listPending = MethodDescriptor(service: service, method: "ListPending")
    public static let acknowledge = MethodDescriptor(service: service, method: "Acknowledge")

    public static let all = [listPending, acknowledge]
}
