import GRDB

/// The typed stores, handed to the body of `AppDatabase.read` or `write`.
/// Valid only inside that body: it must not escape.
public struct StoreContext {
    public var groups: GroupStore
    public var users: UserStore
    public var roles: RoleStore
    public var sessions: SessionStore
    public var apiKeys: APIKeyStore

    init(_ db: Database) {
        self.groups = GroupStore(db: db)
        self.users = UserStore(db: db)
        self.roles = RoleStore(db: db)
        self.sessions = SessionStore(db: db)
        self.apiKeys = APIKeyStore(db: db)
    }
}

@available(*, unavailable)
extension StoreContext: Sendable {}
