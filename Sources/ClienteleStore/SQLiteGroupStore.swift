import GRDB

/// Groups (tenants).
public struct SQLiteGroupStore {
    let db: Database

    private static let columns = "id, name, created_at, version"

    /// Throws `.duplicate(field: "id")` for an id in use.
    public func insert(_ group: GroupRecord) throws {
        try StoreError.mapping {
            try self.db.execute(
                cached: "INSERT INTO groups (\(Self.columns)) VALUES (?, ?, ?, ?)",
                arguments: [group.id, group.name, group.createdAt, group.version]
            )
        }
    }

    public func fetch(id: String) throws -> GroupRecord? {
        try StoreError.mapping {
            try Row.fetchOne(cached: self.db, sql: "SELECT \(Self.columns) FROM groups WHERE id = ?", arguments: [id])
                .map(Self.record)
        }
    }

    /// Every group, oldest first.
    public func all() throws -> [GroupRecord] {
        try StoreError.mapping {
            try Row.fetchAll(cached: self.db, sql: "SELECT \(Self.columns) FROM groups ORDER BY created_at, id")
                .map(Self.record)
        }
    }

    private static func record(_ row: Row) throws -> GroupRecord {
        GroupRecord(
            id: try row.decode(forColumn: "id"),
            name: try row.decode(forColumn: "name"),
            createdAt: try row.decode(forColumn: "created_at"),
            version: try row.decode(forColumn: "version")
        )
    }
}

@available(*, unavailable)
extension SQLiteGroupStore: Sendable {}

extension SQLiteGroupStore: GroupStore {}
