public import ClienteleRPC

/// The methods of `clientele.v1.Audit` (proto/clientele/v1/audit.proto).
public enum AuditMethods {
    public static let service = "clientele.v1.Audit"
    public static let list = MethodDescriptor(service: service, method: "List")

    public static let all = [list]
}
