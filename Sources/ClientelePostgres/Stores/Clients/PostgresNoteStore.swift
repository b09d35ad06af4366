public import ClienteleStore
import PostgresNIO

/// Notes on clients, read newest first, on PostgreSQL: the same operations and answers as `NoteStore`.
public struct PostgresNoteStore: NoteStore {
    let session: PostgresSession

    public init(session: PostgresSession) {
        self.session = session
    }

    private static let columns = "id, client_id, author_user_id, text, created_at"

    public func insert(_ note: NoteRecord) throws {
        try StoreError.mappingPostgres(missing: "client \(note.clientID)") {
            try self.session.execute(
                "INSERT INTO notes (\(Self.columns)) VALUES ($1, $2, $3, $4, $5)",
                [note.id, note.clientID, note.authorUserID, note.text, note.createdAt]
            )
        }
    }

    public func fetch(id: String) throws -> NoteRecord? {
        try StoreError.mappingPostgres {
            try self.session.row("SELECT \(Self.columns) FROM notes WHERE id = $1", [id]).map(Self.record)
        }
    }

    @discardableResult
    public func delete(id: String) throws -> Bool {
        try StoreError.mappingPostgres {
            try self.session.execute("DELETE FROM notes WHERE id = $1", [id]) > 0
        }
    }

    /// Newest first; `before` is the (created_at, id) of the last note of the previous page.
    /// Ids compare byte by byte, as in SQLite (every text column is `COLLATE "C"`).
    public func list(clientID: String, before: (createdAt: Int64, id: String)?, limit: Int) throws -> [NoteRecord] {
        try StoreError.mappingPostgres {
            var sql = "SELECT \(Self.columns) FROM notes WHERE client_id = $1"
            var arguments: [(any PostgresDynamicTypeEncodable)?] = [clientID]
            if let before {
                sql += " AND (created_at, id) < ($2, $3)"
                arguments += [before.createdAt, before.id]
            }
            sql += " ORDER BY created_at DESC, id DESC LIMIT $\(arguments.count + 1)"
            // SQLite takes a negative LIMIT as no limit; PostgreSQL takes NULL so, and refuses a negative one.
            arguments.append(limit < 0 ? nil : Int64(limit))
            return try self.session.rows(sql, arguments).map(Self.record)
        }
    }

    private static func record(_ row: PostgresRandomAccessRow) throws -> NoteRecord {
        NoteRecord(
            id: try row.decode("id", as: String.self),
            clientID: try row.decode("client_id", as: String.self),
            authorUserID: try row.decode("author_user_id", as: String.self),
            text: try row.decode("text", as: String.self),
            createdAt: try row.decode("created_at", as: Int64.self)
        )
    }
}

@available(*, unavailable)
extension PostgresNoteStore: Sendable {}
