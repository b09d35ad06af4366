public import Foundation
public import SwiftProtobuf

/// Maps service and method names to handlers.
public struct RPCRouter: Sendable {
    /// A handler on encoded messages.
    public typealias Handler = @Sendable (Data, CallContext) async throws -> Data

    private var services: [String: [String: Handler]] = [:]

    public init() {}

    /// The registered methods, sorted by full name.
    public var methods: [MethodDescriptor] {
        self.services.flatMap { service, methods in
            methods.keys.map { MethodDescriptor(service: service, method: $0) }
        }.sorted { $0.fullName < $1.fullName }
    }

    /// Registers a handler on encoded messages. Registering a method twice is a programming error.
    public mutating func register(_ method: MethodDescriptor, handler: @escaping Handler) {
        precondition(
            self.services[method.service]?[method.method] == nil,
            "\(method) is registered twice"
        )
        self.services[method.service, default: [:]][method.method] = handler
    }

    /// Registers a typed handler: the request is decoded before it runs and the response encoded after.
    public mutating func register<Request: Message, Response: Message>(
        _ method: MethodDescriptor,
        request: Request.Type = Request.self,
        handler: @escaping @Sendable (Request, CallContext) async throws -> Response
    ) {
        self.register(method, request: Request.self) { request, context in
            try await handler(request, context).serializedData(options: Self.encoding)
        }
    }

    /// Registers a handler that answers with an encoded response (one it kept from an earlier
    /// call, say); the request is decoded before it runs.
    public mutating func register<Request: Message>(
        _ method: MethodDescriptor,
        request: Request.Type = Request.self,
        encodedAnswer handler: @escaping @Sendable (Request, CallContext) async throws -> Data
    ) {
        self.register(method) { payload, context in
            let request: Request
            do {
                request = try Request(serializedBytes: payload)
            } catch {
                throw RPCError(.invalidArgument, "request is not a valid \(Request.protoMessageName) message")
            }
            return try await handler(request, context)
        }
    }

    /// How every response is encoded. Map entries sorted by key: the same answer is the same
    /// bytes in every process (Swift's dictionaries iterate in a per-process order), which the
    /// contract recordings compare.
    public static let encoding: BinaryEncodingOptions = {
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        return options
    }()

    /// The handler for a call, or UNIMPLEMENTED worded as containerd/ttrpc words it.
    public func handler(for method: MethodDescriptor) throws(RPCError) -> Handler {
        guard let methods = self.services[method.service] else {
            throw RPCError(.unimplemented, "service \(method.service)")
        }
        guard let handler = methods[method.method] else {
            throw RPCError(.unimplemented, "method \(method.method)")
        }
        return handler
    }
}
