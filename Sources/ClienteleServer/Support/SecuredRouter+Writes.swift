import ClienteleAccess
import ClienteleDomain
import ClienteleRPC
import SwiftProtobuf

extension SecuredRouter {
    /// Registers a mutating method: authorized like any other, then run as a `WriteCall`
    /// (audited, and answered from the stored answer when its idempotency key is replayed).
    /// A write whose request `revokesAccess` (disables a user, ends a grant, changes an owner
    /// or a manager) clears every cached principal once it has committed, so the very next
    /// call of anyone it affects is decided on the stored state. Others keep them: clearing
    /// sends every caller's next call to the store.
    ///
    /// Not specialized: Swift 6.3.1's optimizer crashes (signal 11, coroutine splitting)
    /// on the specialized async closure in release builds. Registration runs once per
    /// method at start-up, and the closure's cost is the same either way.
    @_semantics("optimize.sil.specialize.generic.never")
    mutating func registerWrite<Request: Message, Response: Message, Answer: Sendable>(
        _ method: MethodDescriptor,
        requires requirement: AccessRequirement<Request>,
        replay: @escaping @Sendable (WriteOrigin) async throws(DomainError) -> [UInt8]?,
        answer: @escaping @Sendable (Answer) -> Response,
        revokesAccess: @escaping @Sendable (Request) -> Bool = { _ in false },
        perform: @escaping @Sendable (Request, Principal, Write<Answer>) async throws(DomainError) -> Answer
    ) {
        let authenticator = self.authenticator
        self.register(method, requires: requirement) { (request: Request, context, principal) -> Response in
            guard let principal else { throw RPCError(.unauthenticated, "missing credentials") }
            let call = try WriteCall<Request, Response>(method, request, context, principal)
            let response = try await call.run(replay: replay, answer: answer) { write throws(DomainError) in
                try await perform(request, principal, write)
            }
            if revokesAccess(request) { authenticator.invalidate() }
            return response
        }
    }
}
