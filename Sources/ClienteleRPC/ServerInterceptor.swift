public import Foundation

/// Cross-cutting work around every call (authentication, logging, idempotency):
/// it sees the encoded request, may change the context, and calls `next` or
/// throws instead.
public protocol ServerInterceptor: Sendable {
    func intercept(
        request: Data,
        context: CallContext,
        next: @Sendable (Data, CallContext) async throws -> Data
    ) async throws -> Data
}
