public import ClienteleRPC
public import SwiftProtobuf

/// A method with its request and response message types, so that a caller's request
/// and the answer it reads are checked by the compiler. The generated tables give one
/// per RPC: `ClientsMethods.Unary.createClient`.
public struct UnaryMethod<Request: Message, Response: Message>: Sendable {
    public let descriptor: MethodDescriptor

    public init(_ descriptor: MethodDescriptor) {
        self.descriptor = descriptor
    }
}
