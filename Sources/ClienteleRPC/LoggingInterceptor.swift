public import Foundation
import Logging

/// Logs one line per call at debug level: method, outcome, duration and peer.
/// Neither metadata values nor payloads are logged: they may hold secrets.
public struct LoggingInterceptor: ServerInterceptor {
    public init() {}

    public func intercept(
        request: Data,
        context: CallContext,
        next: @Sendable (Data, CallContext) async throws -> Data
    ) async throws -> Data {
        guard context.logger.logLevel <= .debug else {
            return try await next(request, context)
        }
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            context.logger.debug("call", metadata: Self.fields(context, start, "OK"))
            return response
        } catch let error as RPCError {
            context.logger.debug("call", metadata: Self.fields(context, start, "\(error.code)"))
            throw error
        } catch {
            context.logger.debug("call", metadata: Self.fields(context, start, "error"))
            throw error
        }
    }

    private static func fields(
        _ context: CallContext, _ start: ContinuousClock.Instant, _ outcome: String
    )
        -> Logger.Metadata
    {
        let elapsed = (ContinuousClock.now - start).components
        let micros = elapsed.seconds * 1_000_000 + elapsed.attoseconds / 1_000_000_000_000
        return [
            "method": "\(context.method.fullName)",
            "request-id": "\(context.requestID)",
            "code": "\(outcome)",
            "micros": "\(micros)",
            "peer-uid": "\(context.peer.uid)",
            "peer-pid": "\(context.peer.pid)",
        ]
    }
}
