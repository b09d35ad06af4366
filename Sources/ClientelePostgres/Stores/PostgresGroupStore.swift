public import ClienteleStore
import PostgresNIO

/// Groups (tenants), on PostgreSQL: the same operations and answers as `GroupStore`.
public struct PostgresGroupStore {
    let session: PostgresSession

    public init(session: PostgresSession) {
        self.session = session
    }

    private static let columns = "id, name, created_at, version"

    /// Throws `.duplicate(field: "id")` for an id in use.
    public func insert(_ group: GroupRecord) throws {
        try StoreError.mappingPostgres {
            _ = try self.session.execute(
                "INSERT INTO groups (\(Self.columns)) VALUES ($1, $2, $3, $4)",
                [group.id, group.name, group.createdAt, Int64(group.version)]
            )
        }
    }

    public func fetch(id: String) throws -> GroupRecord? {
        try StoreError.mappingPostgres {
            try self.session.row("SELECT \(Self.columns) FROM groups WHERE id = $1", [id]).map(Self.record)
        }
    }

    /// Every group, oldest first.
    public func all() throws -> [GroupRecord] {
        try StoreError.mappingPostgres {
            try self.session.rows("SELECT \(Self.columns) FROM groups ORDER BY created_at, id")
                .map(Self.record)
        }
    }

    private static func record(_ row: PostgresRandomAccessRow) throws -> GroupRecord {
        GroupRecord(
            id: try row.decode("id", as: String.self),
            name: try row.decode("name", as: String.self),
            createdAt: try row.decode("created_at", as: Int64.self),
            version: Int(try row.decode("version", as: Int64.self))
        )
    }
}

@available(*, unavailable)
extension PostgresGroupStore: Sendable {}

extension PostgresGroupStore: GroupStore {}
