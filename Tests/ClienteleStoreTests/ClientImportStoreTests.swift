import ClienteleStore
import Testing

@Suite("Client import store")
struct ClientImportStoreTests {
    func database() async throws -> AppDatabase {
        let database = try await Fixtures.seededDatabase()
        try await database.write { store in
            try store.clientImports.insert(
                ClientImportRecord(
                    id: "imp_1", groupID: "grp_1", caller: "usr_1", columns: ["account_name", "login"], mode: 2,
                    dryRun: true, createdAt: 1_000, expiresAt: 2_000))
        }
        return database
    }

    static func row(_ number: Int, values: [String], login: String? = nil) -> ClientImportRowRecord {
        ClientImportRowRecord(
            importID: "imp_1", rowNumber: number, values: values,
            problems: number.isMultiple(of: 2) ? [] : [.init(column: "login", message: "is \"odd\", really")],
            legalID: nil, login: login)
    }

    @Test("an import and its rows read back as written, rows by number; values keep quotes and line breaks")
    func roundTrip() async throws {
        let database = try await self.database()
        let rows = [Self.row(3, values: ["B \"quoted\"", "b"], login: "b"), Self.row(2, values: ["A\r\nline", ""])]
        try await database.write { store in for row in rows { try store.clientImports.insertRow(row) } }
        let (record, stored, count) = try await database.read { store in
            (
                try store.clientImports.fetch(id: "imp_1"), try store.clientImports.rows(importID: "imp_1"),
                try store.clientImports.rowCount(importID: "imp_1")
            )
        }
        #expect(record?.columns == ["account_name", "login"] && record?.mode == 2 && record?.dryRun == true)
        #expect(stored == rows.reversed())
        #expect(count == 2)
    }

    @Test("a row number is staged once; logins are matched case-insensitively")
    func uniqueness() async throws {
        let database = try await self.database()
        try await database.write {
            try $0.clientImports.insertRow(Self.row(2, values: ["A", "Alpha"], login: "Alpha"))
        }
        await #expect(throws: StoreError.duplicate(field: "import_id, row_number")) {
            try await database.write { try $0.clientImports.insertRow(Self.row(2, values: ["again", ""])) }
        }
        #expect(try await database.read { try $0.clientImports.row(importID: "imp_1", login: "ALPHA") } == 2)
        #expect(try await database.read { try $0.clientImports.row(importID: "imp_1", login: "beta") } == nil)
    }

    @Test("a commit keeps the import, marked, and drops its rows")
    func commit() async throws {
        let database = try await self.database()
        try await database.write { try $0.clientImports.insertRow(Self.row(2, values: ["A", ""])) }
        try await database.write { try $0.clientImports.markCommitted(id: "imp_1", at: 1_500) }
        #expect(try await database.read { try $0.clientImports.fetch(id: "imp_1") }?.committedAt == 1_500)
        #expect(try await database.read { try $0.clientImports.rowCount(importID: "imp_1") } == 0)
    }

    @Test("the expiry of an import drops it and its rows")
    func cascade() async throws {
        let database = try await self.database()
        try await database.write { try $0.clientImports.insertRow(Self.row(2, values: ["A", ""])) }
        #expect(try await database.write { try $0.clientImports.deleteExpired(before: 2_000) } == 0)
        #expect(try await database.write { try $0.clientImports.deleteExpired(before: 2_001) } == 1)
        #expect(try await database.read { try $0.clientImports.fetch(id: "imp_1") } == nil)
        #expect(try await database.read { try $0.clientImports.rowCount(importID: "imp_1") } == 0)
    }
}
