import ClienteleAccess
import ClienteleDomain
import ClienteleStore
import Logging

/// The identity fixture with the client services over the same store, a
/// bootstrapped group and its owner as the acting principal.
struct ClientFixture {
    let base: IdentityFixture
    let clients: ClientService
    let outbox: OutboxService
    let audit: AuditLog
    let sweeper: ActivationSweeper
    let group: String
    let owner: String

    var clock: TestClock { self.base.clock }
    var database: any StoreDatabase { self.base.database }

    init() async throws {
        self.base = try await IdentityFixture()
        let ids = RandomIDGenerator()
        self.clients = ClientService(
            database: self.base.database, clock: self.base.clock, ids: ids, settings: ClientSettings(),
            logger: Logger(label: "test"))
        self.outbox = OutboxService(database: self.base.database, clock: self.base.clock, ids: ids)
        self.audit = AuditLog(database: self.base.database)
        self.sweeper = ActivationSweeper(
            database: self.base.database, clock: self.base.clock, ids: ids, logger: Logger(label: "test"))
        (self.group, self.owner) = try await self.base.bootstrap()
    }

    /// The group owner, as the authenticator would hand it over.
    var ownerPrincipal: Principal {
        Principal(
            kind: .user(id: self.owner),
            grants: [Grant(role: .owner, scope: .group(self.group), groupID: self.group, source: .assignment("ra"))])
    }

    /// A write by the group owner, optionally with an idempotency key over `request`.
    func write<Answer>(
        _ action: String = "test/Write", key: String? = nil, request: [UInt8] = [],
        encode: @escaping @Sendable (Answer) -> [UInt8] = { _ in [] }
    ) throws -> Write<Answer> {
        let claim = try key.map { key throws(DomainError) in
            try IdempotencyClaim(key: key, method: action, request: request)
        }
        return Write(
            origin: WriteOrigin(principal: self.ownerPrincipal, action: action, requestID: "req-1", idempotency: claim),
            encode: encode)
    }

    /// A client with just a name (and whatever `configure` sets).
    func create(
        _ name: String = "Acme Ltd", contacts: [ContactInput] = [], owner: AccountOwnerInput? = nil,
        _ configure: (inout ClientFieldsInput) -> Void = { _ in }
    ) async throws -> ClientView {
        var fields = ClientFieldsInput()
        fields.accountName = name
        configure(&fields)
        return try await self.clients.create(
            groupID: self.group, fields: fields, contacts: contacts, owner: owner, by: self.ownerPrincipal,
            try self.write())
    }

    static func contact(_ first: String, email: String = "", primary: Bool = false) -> ContactInput {
        var contact = ContactInput()
        contact.firstName = first
        contact.email = email
        contact.primary = primary
        return contact
    }
}
