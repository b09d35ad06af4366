public import ClienteleRPC

/// The methods of `clientele.v1.Health` (proto/clientele/v1/health.proto).
public enum HealthMethods {
    public static let service = "clientele.v1.Health"
    public static let check = MethodDescriptor(service: service, method: "Check")
}
