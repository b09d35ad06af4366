public import ClienteleAccess
public import ClienteleDomain
public import ClienteleRPC
public import Foundation
public import SwiftProtobuf

/// The only way services register methods: each with an `AccessRequirement`.
/// Before a handler runs, the caller is authenticated (and handed to the handler;
/// `nil` for open methods) and the policy is asked
/// about the resource the request names. A caller who may not see that
/// resource gets exactly the NOT_FOUND a missing one gets.
public struct SecuredRouter: Sendable {
    public private(set) var router = RPCRouter()
    /// Each registered method's requirement, for docs and tests.
    public private(set) var requirements: [MethodDescriptor: String] = [:]
    let authenticator: Authenticator
    let clock: any Clock
    /// Told of every call made under a "sign in as" session, allowed or refused (with the
    /// refusal), to audit it with both identities.
    let signedInAsCall: (@Sendable (Principal, MethodDescriptor, CallContext, RPCError?) async -> Void)?

    public init(
        authenticator: Authenticator, clock: any Clock,
        signedInAsCall: (@Sendable (Principal, MethodDescriptor, CallContext, RPCError?) async -> Void)? = nil
    ) {
        self.authenticator = authenticator
        self.clock = clock
        self.signedInAsCall = signedInAsCall
    }

    public mutating func register<Request: Message, Response: Message>(
        _ method: MethodDescriptor,
        requires requirement: AccessRequirement<Request>,
        handler: @escaping @Sendable (Request, CallContext, Principal?) async throws -> Response
    ) {
        self.register(method, requires: requirement) { (request: Request, context, principal) in
            try await handler(request, context, principal).serializedData(options: RPCRouter.encoding)
        }
    }

    /// As `register`, for a handler that answers with an encoded response (see `ClientAnswerCache`).
    public mutating func register<Request: Message>(
        _ method: MethodDescriptor,
        requires requirement: AccessRequirement<Request>,
        encodedAnswer handler: @escaping @Sendable (Request, CallContext, Principal?) async throws -> Data
    ) {
        self.requirements[method] = requirement.summary
        let gate = Gate(authenticator: self.authenticator, clock: self.clock)
        let signedInAsCall = self.signedInAsCall
        self.router.register(method, request: Request.self) { (request: Request, context: CallContext) -> Data in
            // The principal is handed over as an argument: no per-call boxing into the context.
            // Known principals (the operator, a remembered or cached token) and methods that decide
            // nothing more make no async call of their own before the handler.
            let principal: Principal
            switch try gate.authenticateFromMemory(requirement, context) {
            case .anonymous: return try await handler(request, context, nil)
            case .known(let known): principal = known
            case .lookUp: principal = try await gate.authenticate(context)
            }
            // A "sign in as" session is audited on every call, whatever the method asks.
            guard requirement.decidesPerRequest || principal.impersonator != nil else {
                return try await handler(request, context, principal)
            }
            let preloaded: (any Sendable)?
            do {
                preloaded = try await gate.authorize(request, requirement, principal, context)
            } catch let refusal as RPCError {
                if principal.impersonator != nil { await signedInAsCall?(principal, method, context, refusal) }
                throw refusal
            }
            if principal.impersonator != nil { await signedInAsCall?(principal, method, context, nil) }
            // The context is copied (and the generic setter paid) only when there is something to hand over.
            guard let preloaded else { return try await handler(request, context, principal) }
            var context = context
            context[PreloadedKey.self] = preloaded
            return try await handler(request, context, principal)
        }
    }
}

/// Authentication and the policy decision for one call.
struct Gate: Sendable {
    let authenticator: Authenticator
    let clock: any Clock

    enum Authentication {
        /// An open method, or one that verifies credentials only when sent and got none.
        case anonymous
        case known(Principal)
        /// The store must be read (`authenticate`).
        case lookUp
    }

    /// The caller as far as it is known without reading the store.
    func authenticateFromMemory<Request>(
        _ requirement: AccessRequirement<Request>, _ context: CallContext
    ) throws(RPCError) -> Authentication {
        if case .open = requirement.kind { return .anonymous }
        let authorization = context.metadata["authorization"]
        if case .openVerifyingCredentials = requirement.kind, authorization == nil { return .anonymous }
        do {
            // Most calls repeat the connection's last credentials: answered without hashing or suspending.
            let memo = authorization == nil ? nil : context.connection.value { CredentialMemo() }
            if let known = try self.authenticator.knownPrincipal(
                authorization: authorization, peerUID: context.peer.uid, memo: memo)
            {
                return .known(known)
            }
            return .lookUp
        } catch {
            throw error.rpcError
        }
    }

    /// The caller, reading the store (after `authenticateFromMemory` said `.lookUp`).
    func authenticate(_ context: CallContext) async throws(RPCError) -> Principal {
        let authorization = context.metadata["authorization"]
        do {
            return try await self.authenticator.authenticate(
                authorization: authorization, peerUID: context.peer.uid,
                memo: authorization == nil ? nil : context.connection.value { CredentialMemo() })
        } catch {
            throw error.rpcError
        }
    }

    /// Whether `principal` may make this call, per the method's requirement and the policy.
    /// Returns what the resolver preloaded for the handler, if anything.
    func authorize<Request>(
        _ request: Request, _ requirement: AccessRequirement<Request>, _ principal: Principal, _ context: CallContext
    ) async throws(RPCError) -> (any Sendable)? {
        switch requirement.kind {
        case .open, .openVerifyingCredentials, .authenticated:
            return nil
        case .localOperator:
            guard principal.isLocalOperator else {
                throw RPCError(
                    .permissionDenied,
                    "only the local operator (the daemon's uid, root or an --operator-uid, calling without credentials) may do this"
                )
            }
            return nil
        case .action(let action, let resolve):
            // Decided on the action alone, before the resolver reads what the request names:
            // the answer is the same whatever ids it carries.
            if principal.impersonator != nil && Policy.refusedWhenSignedInAs.contains(action) {
                throw RPCError(.permissionDenied, "\(action.rawValue) is not allowed while signed in as a client")
            }
            let target: AccessRequirement<Request>.Target
            do {
                target = try await resolve(request, principal)
            } catch let error as DomainError {
                throw error.rpcError
            } catch let error as RPCError {
                throw error
            } catch {
                throw RPCError(.internal, "cannot resolve the resource (request id \(context.requestID))")
            }
            let (resources, notFound, preloaded): ([Resource], String, (any Sendable)?)
            switch target {
            case .caller: return nil
            case .anyOf(let candidates, let missing): (resources, notFound, preloaded) = (candidates, missing, nil)
            case .preloaded(let resource, let missing, let value):
                (resources, notFound, preloaded) = ([resource], missing, value)
            }
            let now = self.clock.nowMillis()
            var denial: Decision?
            for resource in resources {
                let decision = Policy.decide(principal, action, on: resource, now: now)
                if decision.allowed { return preloaded }
                if self.canSee(principal, resource, now: now) { denial = decision }
            }
            if let denial { throw RPCError(.permissionDenied, denial.reason) }
            throw DomainError.notFound(notFound).rpcError
        }
    }

    /// Whether the caller may know the resource exists: any live grant in its group
    /// for a group resource; permission to read the client for a client resource.
    private func canSee(_ principal: Principal, _ resource: Resource, now: Int64) -> Bool {
        if resource.clientID != nil {
            return Policy.decide(principal, .clientRead, on: resource, now: now).allowed
        }
        return principal.grants.contains {
            $0.groupID == resource.groupID && $0.isLive(at: now) && $0.scope.kind == .group
        }
    }
}
