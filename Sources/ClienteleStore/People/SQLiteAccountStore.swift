import GRDB

/// Linked accounts.
public struct SQLiteAccountStore {
    let db: Database

    /// Throws `.duplicate(field: "group_id, external_id")` for a taken external id.
    public func insert(_ account: AccountRecord) throws {
        try StoreError.mapping(missing: "group \(account.groupID) or client \(account.clientID ?? "-")") {
            try self.db.execute(
                cached: """
                    INSERT INTO accounts (id, group_id, client_id, product, name, external_id, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    account.id, account.groupID, account.clientID, account.product, account.name, account.externalID,
                    account.createdAt,
                ]
            )
        }
    }

    /// Moves the account to `clientID` (or unlinks it with `nil`).
    public func link(id: String, to clientID: String?) throws {
        try StoreError.mapping(missing: "client \(clientID ?? "-")") {
            try self.db.execute(cached: "UPDATE accounts SET client_id = ? WHERE id = ?", arguments: [clientID, id])
            guard self.db.changesCount > 0 else { throw StoreError.notFound("account \(id)") }
        }
    }

    public func fetch(id: String) throws -> AccountRecord? {
        try self.fetchAll("WHERE id = ?", [id]).first
    }

    public func forClient(_ clientID: String) throws -> [AccountRecord] {
        try self.fetchAll("WHERE client_id = ? ORDER BY created_at, id", [clientID])
    }

    public func unlinked(groupID: String) throws -> [AccountRecord] {
        try self.fetchAll("WHERE group_id = ? AND client_id IS NULL ORDER BY created_at, id", [groupID])
    }

    private func fetchAll(_ filter: String, _ arguments: StatementArguments) throws -> [AccountRecord] {
        try StoreError.mapping {
            try Row.fetchAll(cached: self.db, sql: "SELECT * FROM accounts \(filter)", arguments: arguments).map {
                row in
                AccountRecord(
                    id: try row.decode(forColumn: "id"),
                    groupID: try row.decode(forColumn: "group_id"),
                    clientID: try row.decode(forColumn: "client_id"),
                    product: try row.decode(forColumn: "product"),
                    name: try row.decode(forColumn: "name"),
                    externalID: try row.decode(forColumn: "external_id"),
                    createdAt: try row.decode(forColumn: "created_at")
                )
            }
        }
    }
}

@available(*, unavailable)
extension SQLiteAccountStore: Sendable {}

extension SQLiteAccountStore: AccountStore {}
