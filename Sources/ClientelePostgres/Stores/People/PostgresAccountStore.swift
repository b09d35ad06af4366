public import ClienteleStore
import PostgresNIO

/// Linked accounts, on PostgreSQL: the same operations and answers as `AccountStore`.
public struct PostgresAccountStore {
    let session: PostgresSession

    public init(session: PostgresSession) {
        self.session = session
    }

    /// Throws `.duplicate(field: "group_id, external_id")` for a taken external id.
    public func insert(_ account: AccountRecord) throws {
        try StoreError.mappingPostgres(missing: "group \(account.groupID) or client \(account.clientID ?? "-")") {
            _ = try self.session.execute(
                """
                INSERT INTO accounts (id, group_id, client_id, product, name, external_id, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """,
                [
                    account.id, account.groupID, account.clientID, account.product, account.name, account.externalID,
                    account.createdAt,
                ]
            )
        }
    }

    /// Moves the account to `clientID` (or unlinks it with `nil`).
    public func link(id: String, to clientID: String?) throws {
        try StoreError.mappingPostgres(missing: "client \(clientID ?? "-")") {
            let changed = try self.session.execute("UPDATE accounts SET client_id = $1 WHERE id = $2", [clientID, id])
            guard changed > 0 else { throw StoreError.notFound("account \(id)") }
        }
    }

    public func fetch(id: String) throws -> AccountRecord? {
        try self.fetchAll("WHERE id = $1", [id]).first
    }

    public func forClient(_ clientID: String) throws -> [AccountRecord] {
        try self.fetchAll("WHERE client_id = $1 ORDER BY created_at, id", [clientID])
    }

    public func unlinked(groupID: String) throws -> [AccountRecord] {
        try self.fetchAll(
            "WHERE group_id = $1 AND client_id IS NULL ORDER BY created_at, id", [groupID])
    }

    private func fetchAll(
        _ filter: String, _ arguments: [(any PostgresDynamicTypeEncodable)?]
    ) throws -> [AccountRecord] {
        try StoreError.mappingPostgres {
            try self.session.rows(
                "SELECT id, group_id, client_id, product, name, external_id, created_at FROM accounts \(filter)",
                arguments
            ).map { row in
                AccountRecord(
                    id: try row.decode("id", as: String.self),
                    groupID: try row.decode("group_id", as: String.self),
                    clientID: try row.optional("client_id", as: String.self),
                    product: try row.decode("product", as: String.self),
                    name: try row.decode("name", as: String.self),
                    externalID: try row.optional("external_id", as: String.self),
                    createdAt: try row.decode("created_at", as: Int64.self)
                )
            }
        }
    }
}

@available(*, unavailable)
extension PostgresAccountStore: Sendable {}

extension PostgresAccountStore: AccountStore {}
