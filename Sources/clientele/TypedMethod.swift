import ClienteleRPC
import SwiftProtobuf

/// A method descriptor with its request and response message types, so that a
/// command's request and its printed answer are checked by the compiler.
struct TypedMethod<Request: Message, Response: Message>: Sendable {
    let descriptor: MethodDescriptor

    init(_ descriptor: MethodDescriptor, _ request: Request.Type, _ response: Response.Type) {
        self.descriptor = descriptor
    }

    /// For a context that names the types already.
    init(_ descriptor: MethodDescriptor) {
        self.descriptor = descriptor
    }
}
