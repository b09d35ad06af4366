import GRDB

/// Notes on clients, read newest first.
public struct SQLiteNoteStore {
    let db: Database

    public func insert(_ note: NoteRecord) throws {
        try StoreError.mapping(missing: "client \(note.clientID)") {
            try self.db.execute(
                cached: "INSERT INTO notes (id, client_id, author_user_id, text, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [note.id, note.clientID, note.authorUserID, note.text, note.createdAt]
            )
        }
    }

    public func fetch(id: String) throws -> NoteRecord? {
        try StoreError.mapping {
            try Row.fetchOne(cached: self.db, sql: "SELECT * FROM notes WHERE id = ?", arguments: [id]).map(Self.record)
        }
    }

    @discardableResult
    public func delete(id: String) throws -> Bool {
        try StoreError.mapping {
            try self.db.execute(cached: "DELETE FROM notes WHERE id = ?", arguments: [id])
            return self.db.changesCount > 0
        }
    }

    /// Newest first; `before` is the (created_at, id) of the last note of the previous page.
    public func list(clientID: String, before: (createdAt: Int64, id: String)?, limit: Int) throws -> [NoteRecord] {
        try StoreError.mapping {
            var sql = "SELECT * FROM notes WHERE client_id = ?"
            var arguments: StatementArguments = [clientID]
            if let before {
                sql += " AND (created_at, id) < (?, ?)"
                arguments += [before.createdAt, before.id]
            }
            sql += " ORDER BY created_at DESC, id DESC LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(cached: self.db, sql: sql, arguments: arguments).map(Self.record)
        }
    }

    private static func record(_ row: Row) throws -> NoteRecord {
        NoteRecord(
            id: try row.decode(forColumn: "id"),
            clientID: try row.decode(forColumn: "client_id"),
            authorUserID: try row.decode(forColumn: "author_user_id"),
            text: try row.decode(forColumn: "text"),
            createdAt: try row.decode(forColumn: "created_at")
        )
    }
}

@available(*, unavailable)
extension SQLiteNoteStore: Sendable {}

extension SQLiteNoteStore: NoteStore {}
