import Foundation
import GRDB

/// Imports being staged: the import and its rows (dropped at commit), the import until it expires.
public struct SQLiteClientImportStore {
    let db: Database

    public func insert(_ record: ClientImportRecord) throws {
        try StoreError.mapping(missing: "group \(record.groupID)") {
            try self.db.execute(
                cached: """
                    INSERT INTO client_imports (id, group_id, caller, columns, mode, dry_run, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.id, record.groupID, record.caller, try Self.json(record.columns), record.mode,
                    record.dryRun, record.createdAt, record.expiresAt,
                ]
            )
        }
    }

    public func fetch(id: String) throws -> ClientImportRecord? {
        try StoreError.mapping {
            try Row.fetchOne(cached: self.db, sql: "SELECT * FROM client_imports WHERE id = ?", arguments: [id]).map {
                row in
                ClientImportRecord(
                    id: try row.decode(forColumn: "id"),
                    groupID: try row.decode(forColumn: "group_id"),
                    caller: try row.decode(forColumn: "caller"),
                    columns: try Self.decode(try row.decode(forColumn: "columns")),
                    mode: try row.decode(forColumn: "mode"),
                    dryRun: try row.decode(forColumn: "dry_run"),
                    createdAt: try row.decode(forColumn: "created_at"),
                    expiresAt: try row.decode(forColumn: "expires_at"),
                    committedAt: try row.decode(forColumn: "committed_at")
                )
            }
        }
    }

    /// Marks an import committed and drops its rows; the record stays until it expires.
    public func markCommitted(id: String, at time: Int64) throws {
        try StoreError.mapping {
            try self.db.execute(
                cached: "UPDATE client_imports SET committed_at = ? WHERE id = ?", arguments: [time, id])
            try self.db.execute(cached: "DELETE FROM client_import_rows WHERE import_id = ?", arguments: [id])
        }
    }

    /// Drops the imports that expired before `now`; returns how many.
    @discardableResult
    public func deleteExpired(before now: Int64) throws -> Int {
        try StoreError.mapping {
            try self.db.execute(cached: "DELETE FROM client_imports WHERE expires_at < ?", arguments: [now])
            return self.db.changesCount
        }
    }

    /// Throws `.duplicate(field: "import_id, row_number")` when the row number was staged before.
    public func insertRow(_ row: ClientImportRowRecord) throws {
        try StoreError.mapping {
            try self.db.execute(
                cached: """
                    INSERT INTO client_import_rows (import_id, row_number, row_values, errors, legal_id, login)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    row.importID, row.rowNumber, try Self.json(row.values), try Self.json(row.problems), row.legalID,
                    row.login,
                ]
            )
        }
    }

    /// The staged row that claims `legalID` in the import, if any.
    public func row(importID: String, legalID: String) throws -> Int? {
        try StoreError.mapping {
            try Int.fetchOne(
                cached: self.db,
                sql: "SELECT row_number FROM client_import_rows WHERE import_id = ? AND legal_id = ? LIMIT 1",
                arguments: [importID, legalID])
        }
    }

    /// The staged row that claims `login` (compared case-insensitively) in the import, if any.
    public func row(importID: String, login: String) throws -> Int? {
        try StoreError.mapping {
            try Int.fetchOne(
                cached: self.db,
                sql: "SELECT row_number FROM client_import_rows WHERE import_id = ? AND login = ? LIMIT 1",
                arguments: [importID, login])
        }
    }

    public func rowCount(importID: String) throws -> Int {
        try StoreError.mapping {
            try Int.fetchOne(
                cached: self.db, sql: "SELECT count(*) FROM client_import_rows WHERE import_id = ?",
                arguments: [importID]) ?? 0
        }
    }

    /// Every staged row of the import, by row number.
    public func rows(importID: String) throws -> [ClientImportRowRecord] {
        try StoreError.mapping {
            try Row.fetchAll(
                cached: self.db, sql: "SELECT * FROM client_import_rows WHERE import_id = ? ORDER BY row_number",
                arguments: [importID]
            )
            .map { row in
                ClientImportRowRecord(
                    importID: try row.decode(forColumn: "import_id"),
                    rowNumber: try row.decode(forColumn: "row_number"),
                    values: try Self.decode(try row.decode(forColumn: "row_values")),
                    problems: try Self.decode(try row.decode(forColumn: "errors")),
                    legalID: try row.decode(forColumn: "legal_id"),
                    login: try row.decode(forColumn: "login")
                )
            }
        }
    }

    private static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    private static func decode<T: Decodable>(_ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}

@available(*, unavailable)
extension SQLiteClientImportStore: Sendable {}

extension SQLiteClientImportStore: ClientImportStore {}
