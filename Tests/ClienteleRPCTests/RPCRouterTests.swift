import ClienteleRPC
import Foundation
import Logging
import SwiftProtobuf
import Testing

@Suite("Router and dispatcher")
struct RPCRouterTests {
    private static let echo = MethodDescriptor(service: "test.Echo", method: "Say")

    private func dispatcher(_ interceptors: [any ServerInterceptor] = []) -> CallDispatcher {
        var router = RPCRouter()
        router.register(Self.echo) { (request: Google_Protobuf_StringValue, _) in
            if request.value == "boom" { throw CocoaError(.fileNoSuchFile) }
            return Google_Protobuf_StringValue(request.value.uppercased())
        }
        return CallDispatcher(router: router, interceptors: interceptors)
    }

    private func context(_ method: MethodDescriptor) -> CallContext {
        CallContext(method: method, requestID: "r-1", logger: Logger(label: "test"))
    }

    @Test("unknown service and method are UNIMPLEMENTED, worded as containerd/ttrpc")
    func unimplemented() async {
        let dispatcher = self.dispatcher()
        let noService = await dispatcher.dispatch(Data(), context: context(.init(service: "x.Nope", method: "Say")))
        #expect(noService == .failure(RPCError(.unimplemented, "service x.Nope")))
        let noMethod = await dispatcher.dispatch(Data(), context: context(.init(service: "test.Echo", method: "Shout")))
        #expect(noMethod == .failure(RPCError(.unimplemented, "method Shout")))
    }

    @Test("a payload that is not the request message is INVALID_ARGUMENT")
    func garbage() async {
        let result = await dispatcher().dispatch(Data([0xFF, 0xFF, 0xFF]), context: context(Self.echo))
        guard case .failure(let error) = result else {
            Issue.record("garbage was accepted")
            return
        }
        #expect(error.code == .invalidArgument)
        #expect(error.message.contains("google.protobuf.StringValue"))
    }

    @Test("an unexpected error is INTERNAL with the request id and no internal detail")
    func internalError() async throws {
        let payload = try Google_Protobuf_StringValue("boom").serializedData()
        let result = await dispatcher().dispatch(payload, context: context(Self.echo))
        #expect(result == .failure(RPCError(.internal, "internal error (request id r-1)")))
    }

    @Test("interceptors run outside in and may refuse a call")
    func interceptors() async throws {
        struct Refuse: ServerInterceptor {
            func intercept(
                request: Data,
                context: CallContext,
                next: @Sendable (Data, CallContext) async throws -> Data
            ) async throws -> Data {
                guard context.metadata["authorization"] != nil else {
                    throw RPCError(.unauthenticated, "missing credentials")
                }
                return try await next(request, context)
            }
        }
        let dispatcher = self.dispatcher([Refuse()])
        let payload = try Google_Protobuf_StringValue("hi").serializedData()
        var context = self.context(Self.echo)
        #expect(
            await dispatcher.dispatch(payload, context: context)
                == .failure(RPCError(.unauthenticated, "missing credentials")))
        context.metadata.append("authorization", "Bearer x")
        let answer = try await dispatcher.dispatch(payload, context: context).get()
        #expect(try Google_Protobuf_StringValue(serializedBytes: answer).value == "HI")
    }
}
