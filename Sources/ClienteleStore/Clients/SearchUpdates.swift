import GRDB

/// Search-index rows a write body asked for, written at the end of its group commit's
/// transaction rather than at once. FTS5 writes its pending terms as a new index segment
/// at every savepoint, and each write of a batch runs in one: written at once, a batch of
/// 60 creates left 60 one-row segments for the index to merge, which cost more than the
/// rest of the creates together. Queued, they make one segment per batch. Writes never
/// read the search index, so no body misses a row queued by an earlier one.
final class SearchUpdates {
    private var rows: [(clientID: String, text: String)] = []

    func set(clientID: String, text: String) {
        self.rows.append((clientID, text))
    }

    /// Takes over `other`'s rows after them (a write whose savepoint committed).
    func append(_ other: SearchUpdates) {
        self.rows += other.rows
    }

    /// Writes every row, in the order asked: a later text for a client replaces an earlier one.
    func write(_ db: Database) throws {
        for row in self.rows {
            try Self.write(db, clientID: row.clientID, text: row.text)
        }
        self.rows.removeAll()
    }

    static func write(_ db: Database, clientID: String, text: String) throws {
        try db.execute(
            cached: """
                INSERT OR REPLACE INTO client_search (rowid, text)
                VALUES ((SELECT rowid FROM clients WHERE id = ?), ?)
                """,
            arguments: [clientID, text]
        )
    }
}
