public import ClienteleAccess

/// Who makes a write, for which call: what the audit trail records and where an
/// idempotency key belongs.
public struct WriteOrigin: Sendable {
    /// "usr_…", "key:<id>", "operator:<uid>" or "system".
    public var actor: String
    /// The user acting, when a user acts (directly or through an impersonation session).
    public var userID: String?
    /// The impersonated user when acting through "sign in as".
    public var onBehalfOf: String?
    /// The RPC (e.g. "clientele.v1.Clients/UpdateClient") or job making the write.
    public var action: String
    public var requestID: String
    public var idempotency: IdempotencyClaim?

    public init(
        actor: String, userID: String?, onBehalfOf: String? = nil, action: String, requestID: String,
        idempotency: IdempotencyClaim? = nil
    ) {
        self.actor = actor
        self.userID = userID
        self.onBehalfOf = onBehalfOf
        self.action = action
        self.requestID = requestID
        self.idempotency = idempotency
    }

    /// The origin of a call made by `principal`.
    public init(principal: Principal, action: String, requestID: String, idempotency: IdempotencyClaim? = nil) {
        let actor: String
        let onBehalfOf: String?
        switch principal.kind {
        case .localOperator(let uid):
            actor = "operator:\(uid)"
            onBehalfOf = nil
        case .apiKey(let id, _):
            actor = "key:\(id)"
            onBehalfOf = nil
        case .user(let id):
            // Impersonating: the real person acts on behalf of the user whose session it is.
            actor = principal.impersonator ?? id
            onBehalfOf = principal.impersonator == nil ? nil : id
        }
        self.init(
            actor: actor, userID: principal.userID, onBehalfOf: onBehalfOf, action: action, requestID: requestID,
            idempotency: idempotency
        )
    }

    /// The daemon's own background jobs.
    public static func system(_ job: String) -> WriteOrigin {
        WriteOrigin(actor: "system", userID: nil, action: job, requestID: job)
    }

    /// Whose idempotency keys these are: keys of different callers never collide.
    var caller: String { self.onBehalfOf.map { "\(self.actor)>\($0)" } ?? self.actor }
}
