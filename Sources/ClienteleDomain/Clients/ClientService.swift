public import ClienteleAccess
public import ClienteleStore
public import Logging

/// Clients of a group: the record, its lifecycle, contacts and notes. Every write
/// is one transaction with its audit entries and idempotency key. Callers have
/// been authorized by the RPC layer for the client or group the request names;
/// the checks here are the domain's own rules.
public struct ClientService: Sendable {
    let database: any StoreDatabase
    let clock: any Clock
    let ids: any IDGenerator
    let settings: ClientSettings
    let writer: AuditedWriter
    let logger: Logger

    public init(
        database: any StoreDatabase, clock: any Clock, ids: any IDGenerator, settings: ClientSettings, logger: Logger
    ) {
        self.database = database
        self.clock = clock
        self.ids = ids
        self.settings = settings
        self.writer = AuditedWriter(database: database, clock: clock, ids: ids)
        self.logger = logger
    }

    /// The stored answer when `origin` replays an idempotency key; see `AuditedWriter.replay`.
    public func replay(_ origin: WriteOrigin) async throws(DomainError) -> [UInt8]? {
        try await self.writer.replay(origin)
    }

    /// The store's write generation (`StoreDatabase.writeGeneration()`), for caches of answers.
    public func writeGeneration() async throws(DomainError) -> UInt64 {
        do { return try await self.database.writeGeneration() } catch { throw DomainError.from(error) }
    }

    /// The resource standing for a client, for the authorization check; NOT_FOUND when there is none.
    public func resource(_ clientID: String) async throws(DomainError) -> Resource {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        guard let resource = try await self.database.lookByKey({ try Self.resource(id, store: $0) }) else {
            throw .notFound("client \(id)")
        }
        return resource
    }

    /// The client as the gate decides on it (its group and manager); `nil` when there is none.
    /// `Access/Explain` reads it the same way, so that the two cannot disagree.
    static func resource(_ clientID: String, store: StoreContext) throws -> Resource? {
        try store.clients.ownership(id: clientID).map {
            Resource(groupID: $0.groupID, clientID: clientID, managerUserID: $0.managerUserID)
        }
    }

    // MARK: Create

    /// A new client, with its contacts and, when named, its account owner (who gets an
    /// activation invitation through the outbox, the client pending until then — or, given a
    /// first password, signs in at once), an opening credit on its ledger, and inactive when
    /// asked: all in one transaction.
    public func create(
        groupID: String, fields: ClientFieldsInput, contacts: [ContactInput], owner: AccountOwnerInput?,
        openingCredit: OpeningCreditInput? = nil, inactive: Bool = false, by principal: Principal,
        _ write: Write<ClientView>
    ) async throws(DomainError) -> ClientView {
        let groupID = try Validate.required(groupID, "group_id", maxLength: 64)
        let now = self.clock.nowMillis()
        var client = ClientRecord(id: self.ids.make("cli"), groupID: groupID, accountName: "", createdAt: now)
        let changed = try ClientFieldRules.apply(fields, paths: ClientFieldRules.paths, to: &client, creating: true)
        let contactRecords = try ContactRules.newContacts(contacts, clientID: client.id, ids: self.ids)
        let owner = try owner.map { owner throws(DomainError) in
            try NewOwner(owner, ids: self.ids, now: now, settings: self.settings)
        }
        if let owner, !owner.isActive {
            client.status = ClientStatus.pending.rawValue
            client.activationDeadline = owner.invitation.expiresAt
        }
        if inactive { client.status = ClientStatus.inactive.rawValue }
        let credit = try openingCredit.map { credit throws(DomainError) in try credit.draft() }
        let creditEntryID = self.ids.make("ent")
        let creator = principal.userID
        let isGroupOwner = principal.grants.contains { $0.role == .owner && $0.scope == .group(groupID) }
        if !isGroupOwner, let creator {
            // A manager's new clients are their own.
            guard client.managerUserID == nil || client.managerUserID == creator else {
                throw .permissionDenied("a manager creates clients for themselves; leave manager_user_id empty")
            }
            client.managerUserID = creator
        }
        let prepared = client
        return try await self.renamingDuplicates {
            try await self.writer.commit(write) { store, trail, now in
                var client = prepared
                if let manager = client.managerUserID { try Self.checkManager(manager, groupID: groupID, store: store) }
                var ownerDetail = ""
                if let owner {
                    let user = try owner.user(inGroup: client.groupID, store: store)
                    client.ownerUserID = user.id
                    try store.clients.insert(client, contacts: contactRecords)
                    try owner.grant(user: user, client: client, by: write.origin.actor, store: store)
                    ownerDetail =
                        owner.isActive
                        ? "owner \(user.id) with a first password"
                        : "owner \(user.id) invited until \(owner.invitation.expiresAt)"
                } else {
                    try store.clients.insert(client, contacts: contactRecords)
                }
                for contact in contactRecords { try store.contacts.insert(contact) }
                try store.billing.insertAccount(BillingAccountRecord(clientID: client.id, groupID: groupID))
                trail.record(
                    group: groupID, client: client.id, resource: "client:\(client.id)", changed: changed,
                    detail: ownerDetail)
                if let credit {
                    _ = try BillingService.post(
                        credit, to: client.id, entryID: creditEntryID, origin: write.origin, store: store,
                        trail: trail, now: now)
                }
                return ClientView(client: client, contacts: contactRecords)
            }
        }
    }

    public func get(_ clientID: String) async throws(DomainError) -> ClientView {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        return try await self.database.lookByKey { store in try Self.view(id, store: store) }
    }

    // MARK: Shared steps

    static func view(_ clientID: String, store: StoreContext) throws -> ClientView {
        ClientView(client: try self.record(clientID, store: store), contacts: try store.contacts.forClient(clientID))
    }

    /// The client for a change: present, not closed, at `expectedVersion` when one is given (not 0).
    static func changeable(_ clientID: String, expectedVersion: Int64, store: StoreContext) throws -> ClientView {
        let view = try self.view(clientID, store: store)
        try self.check(view.client, expectedVersion: expectedVersion)
        try self.checkNotClosed(view.client)
        return view
    }

    /// As `changeable`, for a change that leaves the client's record and contacts alone (a ledger entry).
    static func open(_ clientID: String, store: StoreContext) throws -> ClientRecord {
        let client = try self.record(clientID, store: store)
        try self.checkNotClosed(client)
        return client
    }

    private static func record(_ clientID: String, store: StoreContext) throws -> ClientRecord {
        guard let client = try store.clients.fetch(id: clientID) else {
            throw DomainError.notFound("client \(clientID)")
        }
        return client
    }

    private static func checkNotClosed(_ client: ClientRecord) throws {
        guard ClientStatus(rawValue: client.status) != .closed else {
            throw DomainError.failedPrecondition("client \(client.id) is closed")
        }
    }

    static func check(_ client: ClientRecord, expectedVersion: Int64) throws {
        guard expectedVersion == 0 || expectedVersion == Int64(client.version) else {
            throw DomainError.failedPrecondition(
                "client \(client.id) is at version \(client.version), not \(expectedVersion)")
        }
    }

    /// Stores a changed client (bumping its version) with its contacts' lookup rows.
    static func save(_ client: inout ClientRecord, contacts: [ContactRecord], now: Int64, store: StoreContext) throws {
        client.version += 1
        client.updatedAt = now
        try store.clients.update(client, contacts: contacts)
    }

    /// A manager must hold a group-wide manager or owner role in the client's group.
    static func checkManager(_ userID: String, groupID: String, store: StoreContext) throws {
        let roles = try store.roles.forUser(userID)
        guard
            roles.contains(where: {
                $0.groupID == groupID && $0.scopeKind == "group"
                    && ($0.role == Role.manager.rawValue || $0.role == Role.owner.rawValue)
            })
        else {
            throw DomainError.invalidArgument(
                field: "fields.manager_user_id", reason: "\(userID) is not a manager of group \(groupID)")
        }
    }

    /// Names unique-field conflicts by their request field.
    func renamingDuplicates<T>(_ operation: () async throws -> T) async throws(DomainError) -> T {
        do {
            return try await operation()
        } catch DomainError.alreadyExists(let field) where field == "login" || field == "group_id, login" {
            throw .alreadyExists(field: "fields.login")
        } catch DomainError.alreadyExists(let field) where field == "group_id, legal_id" {
            throw .alreadyExists(field: "fields.legal_id")
        } catch {
            throw DomainError.from(error)
        }
    }
}
