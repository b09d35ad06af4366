import ClienteleAccess
import ClienteleStore

/// The account owner named on CreateClient: the user (the group's account with that email, or new
/// without a password), the owner role on the client, the activation invitation
/// and its mail in the outbox — all written in the create's transaction.
struct NewOwner: Sendable {
    let email: String
    let name: String
    let newUserID: String
    let assignmentID: String
    let invitation: InvitationRecord
    let token: String
    let messageID: String
    /// The first password's hash, when the create gave one: the owner signs in at once,
    /// and no activation is sent.
    let secret: (hash: [UInt8], salt: [UInt8])?

    init(_ input: AccountOwnerInput, ids: any IDGenerator, now: Int64, settings: ClientSettings) throws(DomainError) {
        let first = try Validate.optional(input.firstName, "owner.first_name", maxLength: 100)
        let last = try Validate.optional(input.lastName, "owner.last_name", maxLength: 100)
        guard !(first + last).isEmpty else {
            throw .invalidArgument(field: "owner.first_name", reason: "an owner needs a first or last name")
        }
        self.email = try Validate.email(input.email, "owner.email")
        self.name = [first, last].filter { !$0.isEmpty }.joined(separator: " ")
        self.newUserID = ids.make("usr")
        self.assignmentID = ids.make("ra")
        self.token = InvitationToken.make(using: ids)
        self.messageID = ids.make("msg")
        if input.password.isEmpty {
            self.secret = nil
        } else {
            let password = try Validate.password(input.password, "owner.password")
            do {
                self.secret = try PasswordHasher(cost: settings.passwordCost).hash(password)
            } catch {
                throw .unavailable("cannot hash the password")
            }
        }
        // Group and client ids are filled in by `grant`.
        self.invitation = InvitationRecord(
            id: ids.make("inv"), tokenHash: SecretToken.hash(self.token), kind: "activation", groupID: "",
            clientID: "", userID: "", createdBy: "", createdAt: now,
            expiresAt: now + settings.activationLifetimeMillis
        )
    }

    /// Whether the owner signs in at once with a password given on create (no activation).
    var isActive: Bool { self.secret != nil }

    /// The group's account with the owner's email, created (without a password, or with the
    /// one given) if the group has none. A password is only for a new account: the group's
    /// existing account keeps its own.
    func user(inGroup groupID: String, store: StoreContext) throws -> UserRecord {
        if let existing = try store.users.fetch(email: self.email, inGroup: groupID) {
            guard !existing.disabled else {
                throw DomainError.failedPrecondition("the user \(self.email) is disabled and cannot own a client")
            }
            guard self.secret == nil else {
                throw DomainError.failedPrecondition(
                    "\(self.email) already has an account in this group, with its own password; leave owner.password empty"
                )
            }
            return existing
        }
        var user = UserRecord.invited(
            id: self.newUserID, groupID: groupID, email: self.email, name: self.name, now: self.invitation.createdAt)
        user.passwordHash = self.secret?.hash
        user.passwordSalt = self.secret?.salt
        try store.users.insert(user)
        return user
    }

    /// Makes `user` the owner of `client` and, unless the owner was given a password, queues
    /// the activation mail.
    func grant(user: UserRecord, client: ClientRecord, by actor: String, store: StoreContext) throws {
        try store.roles.insert(
            RoleAssignmentRecord(
                id: self.assignmentID, userID: user.id, role: Role.owner.rawValue, scopeKind: "client",
                scopeID: client.id, groupID: client.groupID, createdAt: self.invitation.createdAt, createdBy: actor,
                expiresAt: nil
            )
        )
        guard !self.isActive else { return }
        var invitation = self.invitation
        invitation.groupID = client.groupID
        invitation.clientID = client.id
        invitation.userID = user.id
        invitation.createdBy = actor
        try store.invitations.insert(invitation)
        try store.outbox.insert(
            OutboxMessageRecord(
                id: self.messageID, groupID: client.groupID, clientID: client.id, kind: OutboxKind.activation,
                recipientEmail: user.email, recipientName: user.name,
                subject: "Activate your account for \(client.accountName)",
                body: """
                    You have been made the owner of the account \(client.accountName). \
                    Activate it with the token below before it expires.
                    """,
                data: [
                    "activation_token": self.token, "client_id": client.id, "user_id": user.id,
                    "expires_at_millis": String(invitation.expiresAt),
                ],
                createdAt: invitation.createdAt
            )
        )
    }
}
