public import ClienteleStore
import Foundation
import PostgresNIO

/// Imports being staged: the import and its rows (dropped at commit), the import until it
/// expires, on PostgreSQL: the same operations and answers as `ClientImportStore`.
///
/// SQLite compares `client_import_rows.login` with `COLLATE NOCASE` (ASCII letters only); here
/// both sides go through `lower` under the "C" collation, the same ASCII-only folding (the
/// column is `COLLATE "C"` and indexed on `lower(login)`; the argument is given "C" explicitly,
/// or `lower` would fold it under the database's own locale, non-ASCII letters too).
public struct PostgresClientImportStore: ClientImportStore {
    let session: PostgresSession

    public init(session: PostgresSession) {
        self.session = session
    }

    public func insert(_ record: ClientImportRecord) throws {
        try StoreError.mappingPostgres(missing: "group \(record.groupID)") {
            try self.session.execute(
                """
                INSERT INTO client_imports (id, group_id, caller, columns, mode, dry_run, created_at, expires_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """,
                [
                    record.id, record.groupID, record.caller, try Self.json(record.columns), Int64(record.mode),
                    Int64(record.dryRun ? 1 : 0), record.createdAt, record.expiresAt,
                ]
            )
        }
    }

    public func fetch(id: String) throws -> ClientImportRecord? {
        try StoreError.mappingPostgres {
            try self.session.row(
                """
                SELECT id, group_id, caller, columns, mode, dry_run, created_at, expires_at, committed_at
                FROM client_imports WHERE id = $1
                """,
                [id]
            )
            .map { row in
                ClientImportRecord(
                    id: try row.decode("id", as: String.self),
                    groupID: try row.decode("group_id", as: String.self),
                    caller: try row.decode("caller", as: String.self),
                    columns: try Self.decode(try row.decode("columns", as: String.self)),
                    mode: Int(try row.decode("mode", as: Int64.self)),
                    dryRun: try row.decode("dry_run", as: Int64.self) != 0,
                    createdAt: try row.decode("created_at", as: Int64.self),
                    expiresAt: try row.decode("expires_at", as: Int64.self),
                    committedAt: try row.optional("committed_at", as: Int64.self)
                )
            }
        }
    }

    /// Marks an import committed and drops its rows; the record stays until it expires.
    public func markCommitted(id: String, at time: Int64) throws {
        try StoreError.mappingPostgres {
            try self.session.execute("UPDATE client_imports SET committed_at = $1 WHERE id = $2", [time, id])
            try self.session.execute("DELETE FROM client_import_rows WHERE import_id = $1", [id])
        }
    }

    /// Drops the imports that expired before `now`; returns how many.
    @discardableResult
    public func deleteExpired(before now: Int64) throws -> Int {
        try StoreError.mappingPostgres {
            try self.session.execute("DELETE FROM client_imports WHERE expires_at < $1", [now])
        }
    }

    /// Throws `.duplicate(field: "import_id, row_number")` when the row number was staged before.
    public func insertRow(_ row: ClientImportRowRecord) throws {
        try StoreError.mappingPostgres {
            try self.session.execute(
                """
                INSERT INTO client_import_rows (import_id, row_number, row_values, errors, legal_id, login)
                VALUES ($1, $2, $3, $4, $5, $6)
                """,
                [
                    row.importID, Int64(row.rowNumber), try Self.json(row.values), try Self.json(row.problems),
                    row.legalID, row.login,
                ]
            )
        }
    }

    /// The staged row that claims `legalID` in the import, if any; the first when several do
    /// (SQLite answers from its index on (import_id, legal_id), whose ties run by row number).
    public func row(importID: String, legalID: String) throws -> Int? {
        try StoreError.mappingPostgres {
            try self.session.value(
                Int64.self,
                """
                SELECT row_number FROM client_import_rows WHERE import_id = $1 AND legal_id = $2
                ORDER BY row_number LIMIT 1
                """,
                [importID, legalID]
            ).map { Int($0) }
        }
    }

    /// The staged row that claims `login` (compared case-insensitively) in the import, if any.
    public func row(importID: String, login: String) throws -> Int? {
        try StoreError.mappingPostgres {
            try self.session.value(
                Int64.self,
                """
                SELECT row_number FROM client_import_rows
                WHERE import_id = $1 AND lower(login) = lower($2::text COLLATE "C")
                ORDER BY row_number LIMIT 1
                """,
                [importID, login]
            ).map { Int($0) }
        }
    }

    public func rowCount(importID: String) throws -> Int {
        try StoreError.mappingPostgres {
            Int(
                try self.session.value(
                    Int64.self, "SELECT count(*) FROM client_import_rows WHERE import_id = $1", [importID]) ?? 0)
        }
    }

    /// Every staged row of the import, by row number.
    public func rows(importID: String) throws -> [ClientImportRowRecord] {
        try StoreError.mappingPostgres {
            try self.session.rows(
                """
                SELECT import_id, row_number, row_values, errors, legal_id, login
                FROM client_import_rows WHERE import_id = $1 ORDER BY row_number
                """,
                [importID]
            )
            .map { row in
                ClientImportRowRecord(
                    importID: try row.decode("import_id", as: String.self),
                    rowNumber: Int(try row.decode("row_number", as: Int64.self)),
                    values: try Self.decode(try row.decode("row_values", as: String.self)),
                    problems: try Self.decode(try row.decode("errors", as: String.self)),
                    legalID: try row.optional("legal_id", as: String.self),
                    login: try row.optional("login", as: String.self)
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
extension PostgresClientImportStore: Sendable {}
