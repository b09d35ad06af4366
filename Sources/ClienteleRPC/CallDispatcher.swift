public import Foundation
import Logging

/// Runs one call: finds its handler, wraps it in the interceptors, and turns
/// whatever it throws into an `RPCError` fit for the caller.
public struct CallDispatcher: Sendable {
    public let router: RPCRouter
    public let interceptors: [any ServerInterceptor]

    public init(router: RPCRouter, interceptors: [any ServerInterceptor] = []) {
        self.router = router
        self.interceptors = interceptors
    }

    public func dispatch(_ payload: Data, context: CallContext) async -> Result<Data, RPCError> {
        do {
            let handler = try self.router.handler(for: context.method)
            let chain = self.interceptors.reversed().reduce(handler) { next, interceptor in
                { request, context in
                    try await interceptor.intercept(request: request, context: context, next: next)
                }
            }
            return .success(try await chain(payload, context))
        } catch let error as RPCError {
            return .failure(error)
        } catch is CancellationError {
            return .failure(Self.cancellation(context))
        } catch {
            context.logger.error(
                "handler failed",
                metadata: [
                    "method": "\(context.method.fullName)", "request-id": "\(context.requestID)",
                    "error": "\(String(reflecting: error))",
                ]
            )
            return .failure(RPCError(.internal, "internal error (request id \(context.requestID))"))
        }
    }

    private static func cancellation(_ context: CallContext) -> RPCError {
        if let deadline = context.deadline, ContinuousClock.now >= deadline {
            return RPCError(.deadlineExceeded, "deadline exceeded")
        }
        return RPCError(.cancelled, "call cancelled")
    }
}
