public import ClienteleRPC

/// The methods of `clientele.v1.Reflection` (proto/clientele/v1/reflection.proto).
public enum ReflectionMethods {
    public static let service = "clientele.v1.Reflection"
    public static let getDescriptorSet = MethodDescriptor(service: service, method: "GetDescriptorSet")

    public static let all = [getDescriptorSet]
}
