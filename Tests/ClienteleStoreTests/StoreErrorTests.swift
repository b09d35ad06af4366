import GRDB
import Testing

@testable import ClienteleStore

@Suite("StoreError")
struct StoreErrorTests {
    @Test(
        "SQLite conditions become clear store errors",
        arguments: [
            (ResultCode.SQLITE_FULL, StoreError.unavailable("the disk is full")),
            (.SQLITE_READONLY, .unavailable("the data folder is read-only")),
            // SQLITE_READONLY_ROLLBACK
            (ResultCode(rawValue: 8 | (3 << 8)), .unavailable("the data folder is read-only")),
            (.SQLITE_IOERR, .unavailable("the disk reported an I/O error")),
            // SQLITE_IOERR_FSYNC
            (ResultCode(rawValue: 10 | (4 << 8)), .unavailable("the disk reported an I/O error")),
            (
                .SQLITE_CANTOPEN,
                .unavailable("the database file cannot be opened; check the data folder and its permissions")
            ),
            (.SQLITE_CORRUPT, .unavailable("the database file is damaged")),
            (.SQLITE_BUSY, .unavailable("the database is busy; try again")),
            (.SQLITE_CONSTRAINT_FOREIGNKEY, .notFound("a record this one refers to")),
        ]
    )
    func mapping(code: ResultCode, expected: StoreError) {
        #expect(
            StoreError(DatabaseError(resultCode: code, message: "detail", sql: "INSERT INTO t VALUES (1)")) == expected)
    }

    @Test(
        "a UNIQUE failure names its columns",
        arguments: [
            ("UNIQUE constraint failed: users.email", "email"),
            ("UNIQUE constraint failed: users.id", "id"),
            (
                "UNIQUE constraint failed: role_assignments.user_id, role_assignments.role, role_assignments.scope_kind, role_assignments.scope_id",
                "user_id, role, scope_kind, scope_id"
            ),
        ]
    )
    func duplicateField(message: String, field: String) {
        let error = DatabaseError(resultCode: .SQLITE_CONSTRAINT_UNIQUE, message: message)
        #expect(StoreError(error) == .duplicate(field: field))
    }

    @Test("errors that are bugs are not mapped, and leave the store without SQL")
    func unmapped() {
        let error = DatabaseError(resultCode: .SQLITE_ERROR, message: "no such table: t", sql: "SELECT * FROM t")
        #expect(StoreError(error) == nil)
        let surfaced = StoreError.surface(error, logger: Fixtures.quietLogger) as? StoreError
        #expect(surfaced == .unavailable("the database failed; see the daemon's log"))
        #expect(!"\(surfaced!)".contains("SELECT"))
    }
}
