import GRDB

/// The typed stores, handed to the body of a `StoreDatabase` read or write: SQLite's
/// (`SQLite…Store` over GRDB) or another engine's, behind one protocol per store.
/// Valid only inside that body: it must not escape.
public struct StoreContext {
    public var groups: any GroupStore
    public var users: any UserStore
    public var signInThrottle: any SignInThrottleStore
    public var roles: any RoleStore
    public var sessions: any SessionStore
    public var apiKeys: any APIKeyStore
    public var clients: any ClientStore
    public var contacts: any ContactStore
    public var notes: any NoteStore
    public var invitations: any InvitationStore
    public var outbox: any OutboxStore
    public var audit: any AuditStore
    public var idempotency: any IdempotencyStore
    public var billing: any BillingStore
    public var statements: any StatementStore
    public var members: any MemberStore
    public var accounts: any AccountStore
    public var staffGrants: any StaffGrantStore
    public var clientImports: any ClientImportStore
    public var changes: any ChangeStore

    /// The stores of another engine (the PostgreSQL store builds one per transaction).
    public init(
        groups: any GroupStore,
        users: any UserStore,
        signInThrottle: any SignInThrottleStore,
        roles: any RoleStore,
        sessions: any SessionStore,
        apiKeys: any APIKeyStore,
        clients: any ClientStore,
        contacts: any ContactStore,
        notes: any NoteStore,
        invitations: any InvitationStore,
        outbox: any OutboxStore,
        audit: any AuditStore,
        idempotency: any IdempotencyStore,
        billing: any BillingStore,
        statements: any StatementStore,
        members: any MemberStore,
        accounts: any AccountStore,
        staffGrants: any StaffGrantStore,
        clientImports: any ClientImportStore,
        changes: any ChangeStore
    ) {
        self.groups = groups
        self.users = users
        self.signInThrottle = signInThrottle
        self.roles = roles
        self.sessions = sessions
        self.apiKeys = apiKeys
        self.clients = clients
        self.contacts = contacts
        self.notes = notes
        self.invitations = invitations
        self.outbox = outbox
        self.audit = audit
        self.idempotency = idempotency
        self.billing = billing
        self.statements = statements
        self.members = members
        self.accounts = accounts
        self.staffGrants = staffGrants
        self.clientImports = clientImports
        self.changes = changes
    }

    /// `searchUpdates`: where search-index rows wait for the end of a group commit; `nil` writes them at once.
    /// `changedGroups`: where the groups of appended changes wait for the commit (`ChangeSignal`).
    init(_ db: Database, searchUpdates: SearchUpdates? = nil, changedGroups: ChangedGroups? = nil) {
        self.groups = SQLiteGroupStore(db: db)
        self.users = SQLiteUserStore(db: db)
        self.signInThrottle = SQLiteSignInThrottleStore(db: db)
        self.roles = SQLiteRoleStore(db: db)
        self.sessions = SQLiteSessionStore(db: db)
        self.apiKeys = SQLiteAPIKeyStore(db: db)
        self.clients = SQLiteClientStore(db: db, searchUpdates: searchUpdates)
        self.contacts = SQLiteContactStore(db: db)
        self.notes = SQLiteNoteStore(db: db)
        self.invitations = SQLiteInvitationStore(db: db)
        self.outbox = SQLiteOutboxStore(db: db)
        self.audit = SQLiteAuditStore(db: db)
        self.idempotency = SQLiteIdempotencyStore(db: db)
        self.billing = SQLiteBillingStore(db: db)
        self.statements = SQLiteStatementStore(db: db)
        self.members = SQLiteMemberStore(db: db)
        self.accounts = SQLiteAccountStore(db: db)
        self.staffGrants = SQLiteStaffGrantStore(db: db)
        self.clientImports = SQLiteClientImportStore(db: db)
        self.changes = SQLiteChangeStore(db: db, changed: changedGroups)
    }
}

@available(*, unavailable)
extension StoreContext: Sendable {}
