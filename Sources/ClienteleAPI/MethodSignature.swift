public import ClienteleRPC
public import SwiftProtobuf

/// One RPC of the contract with its request and response message types, as the
/// generated tables (`<Service>Methods.signatures`, `ClienteleContract.methods`) list it.
public struct MethodSignature: Sendable {
    public let descriptor: MethodDescriptor
    public let requestType: any Message.Type
    public let responseType: any Message.Type

    public init(_ descriptor: MethodDescriptor, request: any Message.Type, response: any Message.Type) {
        self.descriptor = descriptor
        self.requestType = request
        self.responseType = response
    }

    /// `service/method`, e.g. `clientele.v1.Clients/ListClients`.
    public var fullName: String { self.descriptor.fullName }
}
