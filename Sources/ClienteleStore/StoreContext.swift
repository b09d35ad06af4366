import GRDB

/// The typed stores, handed to the body of `AppDatabase.read` or `write`.
/// Valid only inside that body: it must not escape.
public struct StoreContext {
    public var groups: GroupStore
    public var users: UserStore
    public var signInThrottle: SignInThrottleStore
    public var roles: RoleStore
    public var sessions: SessionStore
    public var apiKeys: APIKeyStore
    public var clients: ClientStore
    public var contacts: ContactStore
    public var notes: NoteStore
    public var invitations: InvitationStore
    public var outbox: OutboxStore
    public var audit: AuditStore
    public var idempotency: IdempotencyStore
    public var billing: BillingStore
    public var statements: StatementStore
    public var members: MemberStore
    public var accounts: AccountStore
    public var staffGrants: StaffGrantStore
    public var clientImports: ClientImportStore
    public var changes: ChangeStore

    /// `searchUpdates`: where search-index rows wait for the end of a group commit; `nil` writes them at once.
    /// `changedGroups`: where the groups of appended changes wait for the commit (`ChangeSignal`).
    init(_ db: Database, searchUpdates: SearchUpdates? = nil, changedGroups: ChangedGroups? = nil) {
        self.groups = GroupStore(db: db)
        self.users = UserStore(db: db)
        self.signInThrottle = SignInThrottleStore(db: db)
        self.roles = RoleStore(db: db)
        self.sessions = SessionStore(db: db)
        self.apiKeys = APIKeyStore(db: db)
        self.clients = ClientStore(db: db, searchUpdates: searchUpdates)
        self.contacts = ContactStore(db: db)
        self.notes = NoteStore(db: db)
        self.invitations = InvitationStore(db: db)
        self.outbox = OutboxStore(db: db)
        self.audit = AuditStore(db: db)
        self.idempotency = IdempotencyStore(db: db)
        self.billing = BillingStore(db: db)
        self.statements = StatementStore(db: db)
        self.members = MemberStore(db: db)
        self.accounts = AccountStore(db: db)
        self.staffGrants = StaffGrantStore(db: db)
        self.clientImports = ClientImportStore(db: db)
        self.changes = ChangeStore(db: db, changed: changedGroups)
    }
}

@available(*, unavailable)
extension StoreContext: Sendable {}
