public import ClienteleStore
public import Logging
public import NIOCore
import PostgresNIO

/// The services' database on PostgreSQL (`--store postgres://…`): several daemons may share it.
///
/// Each transaction gets the PostgreSQL stores over one session (see `PostgresDatabase`: writes
/// are SERIALIZABLE and retried, so a body may run more than once). What one daemon must learn
/// from another arrives by `PostgresNotifications`: appended changes wake the change-feed
/// followers of every daemon, and a revocation empties every daemon's credential cache.
public final class PostgresStore: StoreDatabase {
    public let database: PostgresDatabase
    public let changeSignal = ChangeSignal()
    public let changeCursorSecret: ChangeCursorSecret
    public let commitWait: CommitWait?
    public let engineDescription: String
    let notifications: PostgresNotifications
    private let generation: SharedFreshRead<UInt64>

    private init(
        database: PostgresDatabase, secret: ChangeCursorSecret, commitWait: CommitWait?, version: String,
        logger: Logger
    ) {
        self.database = database
        self.changeCursorSecret = secret
        self.commitWait = commitWait
        self.engineDescription = "PostgreSQL \(version)"
        self.generation = SharedFreshRead {
            let generation = try await database.autocommitValue(
                Int64.self, "SELECT generation FROM write_generation WHERE id = 1")
            return UInt64(generation ?? 0)
        }
        let signal = self.changeSignal
        self.notifications = PostgresNotifications(
            location: database.location, logger: logger, onChanges: { signal.notify($0) },
            onReconnect: { signal.notifyEveryGroup() })
    }

    /// Connects, migrates the schema, and starts listening to the other daemons.
    /// `cursorKey`: a fixed change-cursor key (`--test-deterministic`) instead of the database's.
    /// `eventLoops`: where the connections live (the daemon's own event loops; `nil`: NIO's shared ones).
    public static func open(
        location: PostgresLocation, logger: Logger, commitWait: CommitWait? = nil, cursorKey: [UInt8]? = nil,
        eventLoops: (any EventLoopGroup)? = nil
    ) async throws -> PostgresStore {
        let database = try await PostgresDatabase.open(location: location, logger: logger, eventLoops: eventLoops)
        do {
            let (secret, version) = try await database.read { session in
                (
                    try PostgresChangeStore.cursorSecret(session),
                    try session.value(String.self, "SHOW server_version") ?? "?"
                )
            }
            let store = PostgresStore(
                database: database,
                secret: cursorKey.map { ChangeCursorSecret(key: $0, legacyLimit: secret.legacyLimit) } ?? secret,
                commitWait: commitWait, version: version, logger: logger)
            await store.notifications.start()
            logger.info(
                "database opened with \(store.engineDescription)",
                metadata: ["store": "\(location)", "postgresql_version": "\(version)"])
            return store
        } catch {
            await database.close()
            throw error
        }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (StoreContext) throws -> T) async throws -> T {
        try await self.commitWait.around {
            try await self.database.write { session in try body(Self.context(session)) }
        }
    }

    public func readByKey<T: Sendable>(_ body: @escaping @Sendable (StoreContext) throws -> T) async throws -> T {
        try await self.read(body)
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (StoreContext) throws -> T) async throws -> T {
        try await self.database.read { session in try body(Self.context(session)) }
    }

    /// The number every daemon's committed batches raise (`PostgresGroupCommitter`), read
    /// outside a transaction: one round trip, where the read it may save costs three or more.
    /// Callers that ask while a read runs share the next one (`SharedFreshRead`).
    public func writeGeneration() async throws -> UInt64 {
        try await self.generation.value()
    }

    public func announceAccessRevoked() async {
        do {
            try await self.database.autocommit(
                "SELECT pg_notify('\(PostgresNotifications.channel)', '\(PostgresNotifications.accessPayload)')")
        } catch {
            // The caller's revocation is committed; the other daemons' caches expire within their lifetime.
            self.database.logger.warning(
                "cannot tell the other daemons of a revocation", metadata: ["error": "\(error)"])
        }
    }

    public func onAccessRevokedElsewhere(_ handler: @escaping @Sendable () -> Void) {
        self.notifications.addAccessRevokedHandler(handler)
    }

    public func runsPeriodicJobs() async -> Bool {
        await self.notifications.leadsPeriodicJobs()
    }

    /// Stops listening and closes the connections.
    public func close() async {
        self.notifications.stop()
        self.changeSignal.close()
        await self.database.close()
    }

    static func context(_ session: PostgresSession) -> StoreContext {
        StoreContext(
            groups: PostgresGroupStore(session: session),
            users: PostgresUserStore(session: session),
            signInThrottle: PostgresSignInThrottleStore(session: session),
            roles: PostgresRoleStore(session: session),
            sessions: PostgresSessionStore(session: session),
            apiKeys: PostgresAPIKeyStore(session: session),
            clients: PostgresClientStore(session: session),
            contacts: PostgresContactStore(session: session),
            notes: PostgresNoteStore(session: session),
            invitations: PostgresInvitationStore(session: session),
            outbox: PostgresOutboxStore(session: session),
            audit: PostgresAuditStore(session: session),
            idempotency: PostgresIdempotencyStore(session: session),
            billing: PostgresBillingStore(session: session),
            statements: PostgresStatementStore(session: session),
            members: PostgresMemberStore(session: session),
            accounts: PostgresAccountStore(session: session),
            staffGrants: PostgresStaffGrantStore(session: session),
            clientImports: PostgresClientImportStore(session: session),
            changes: PostgresChangeStore(session: session)
        )
    }
}
