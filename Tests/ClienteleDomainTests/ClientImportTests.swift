import ClienteleAccess
import ClienteleDomain
import ClienteleStore
import ClienteleTestSupport
import Testing

@Suite("Clients: CSV import (begin, rows in chunks, commit)")
struct ClientImportTests {
    static let columns = [
        "account_name", "legal_id", "login", "country", "billing_mode", "contact_first_name", "contact_email",
    ]

    /// Rows numbered from 2, as after a header.
    static func rows(_ values: [[String]], from first: Int = 2) -> [ClientImportRowInput] {
        values.enumerated().map { ClientImportRowInput(rowNumber: first + $0.offset, values: $0.element) }
    }

    static let good = [
        ["Nordwind", "DE1", "nordwind", "DE", "postpaid", "Nina", "nina@nordwind.example"],
        ["Sudwind", "DE2", "", "AT", "", "", ""],
    ]
    static let bad = ["Broken", "DE3", "x", "XX", "weekly", "Bert", "not-an-email"]

    func importing(
        _ fixture: ClientFixture, _ rows: [[String]], mode: ClientImportMode = .allOrNothing, dryRun: Bool = false,
        columns: [String] = Self.columns, chunk: Int = 100
    ) async throws -> ClientImportReport {
        let ticket = try await fixture.clients.beginImport(
            groupID: fixture.group, columns: columns, mode: mode, dryRun: dryRun, try fixture.write())
        var start = 0
        while start < rows.count {
            let slice = Array(rows[start..<min(start + chunk, rows.count)])
            _ = try await fixture.clients.addImportRows(
                ticket.importID, rows: Self.rows(slice, from: 2 + start), try fixture.write())
            start += chunk
        }
        return try await fixture.clients.commitImport(ticket.importID, by: fixture.ownerPrincipal, try fixture.write())
    }

    func clientCount(_ fixture: ClientFixture) async throws -> Int {
        let group = fixture.group
        return try await fixture.database.read { try $0.clients.count(groupID: group) }
    }

    @Test("all or nothing: good rows create clients with CreateClient's rules, each audited")
    func allGood() async throws {
        let fixture = try await ClientFixture()
        let report = try await self.importing(fixture, Self.good)
        #expect(report.errors.isEmpty && report.rows == 2 && report.validRows == 2)
        try #require(report.created.map(\.rowNumber) == [2, 3])
        let first = try await fixture.clients.get(report.created[0].clientID)
        #expect(first.client.accountName == "Nordwind" && first.client.login == "nordwind")
        #expect(first.client.billingMode == 2 && first.client.address.country == "DE" && first.client.taxRegion == "EU")
        #expect(first.contacts.count == 1 && first.contacts[0].email == "nina@nordwind.example")
        #expect(first.contacts[0].isPrimary)
        let second = try await fixture.clients.get(report.created[1].clientID)
        #expect(second.contacts.isEmpty && second.client.currency == "EUR" && second.client.legalID == "DE2")
        var query = AuditQuery()
        query.groupID = fixture.group
        let entries = try await fixture.audit.list(query).entries
        let created = entries.filter { $0.resource.hasPrefix("client:") }
        #expect(Set(created.map(\.resource)) == Set(report.created.map { "client:\($0.clientID)" }))
        #expect(
            created.allSatisfy { $0.detail.contains("client_import:") && $0.changedFields.contains("account_name") })
        // begin, one chunk, commit
        #expect(entries.filter { $0.resource.hasPrefix("client_import:") }.count == 3)
    }

    @Test("all or nothing: one bad row and no client is written; every error of it is named by column")
    func allOrNothingRefuses() async throws {
        let fixture = try await ClientFixture()
        let report = try await self.importing(fixture, Self.good + [Self.bad])
        #expect(report.created.isEmpty && report.validRows == 2 && report.rows == 3)
        #expect(try await self.clientCount(fixture) == 0)
        #expect(
            report.errors == [
                ClientImportRowError(
                    rowNumber: 4, column: "login", message: "must be 3–64 characters of letters, digits and . _ - @"),
                ClientImportRowError(
                    rowNumber: 4, column: "country", message: "XX is not an ISO 3166-1 alpha-2 country code"),
                ClientImportRowError(
                    rowNumber: 4, column: "billing_mode", message: "must be one of prepaid, postpaid (got weekly)"),
                ClientImportRowError(rowNumber: 4, column: "contact_email", message: "is not an email address"),
            ])
    }

    @Test("row by row: the good rows are written, the bad one reported")
    func rowByRow() async throws {
        let fixture = try await ClientFixture()
        let report = try await self.importing(fixture, [Self.good[0], Self.bad, Self.good[1]], mode: .rowByRow)
        #expect(report.created.map(\.rowNumber) == [2, 4])
        #expect(Set(report.errors.map(\.rowNumber)) == [3])
        #expect(try await self.clientCount(fixture) == 2)
    }

    @Test(
        "a dry run writes no client, whatever the mode, and reports every row's errors",
        arguments: [
            ClientImportMode.allOrNothing, .rowByRow,
        ])
    func dryRun(mode: ClientImportMode) async throws {
        let fixture = try await ClientFixture()
        let report = try await self.importing(fixture, Self.good + [Self.bad], mode: mode, dryRun: true)
        #expect(report.dryRun && report.created.isEmpty && report.validRows == 2 && report.errors.count == 4)
        #expect(try await self.clientCount(fixture) == 0)
        let clean = try await self.importing(fixture, Self.good, mode: mode, dryRun: true)
        #expect(clean.errors.isEmpty && clean.validRows == 2 && clean.created.isEmpty)
        #expect(try await self.clientCount(fixture) == 0)
    }

    @Test("duplicates within the file, across chunks, are reported on the later row")
    func duplicatesWithinTheFile() async throws {
        let fixture = try await ClientFixture()
        let rows = [
            ["A", "L1", "alpha", "", "", "", ""],
            ["B", "L2", "beta", "", "", "", ""],
            ["C", "L1", "gamma", "", "", "", ""],
            ["D", "L4", "ALPHA", "", "", "", ""],
        ]
        let report = try await self.importing(fixture, rows, mode: .rowByRow, chunk: 2)
        #expect(
            report.errors == [
                ClientImportRowError(
                    rowNumber: 4, column: "legal_id", message: "is already used by row 2 of this file"),
                ClientImportRowError(rowNumber: 5, column: "login", message: "is already used by row 2 of this file"),
            ])
        #expect(report.created.map(\.rowNumber) == [2, 3])
    }

    @Test("duplicates against the store, also those created between adding and committing")
    func duplicatesAgainstTheStore() async throws {
        let fixture = try await ClientFixture()
        _ = try await fixture.create("Existing") { $0.login = "taken" }
        let ticket = try await fixture.clients.beginImport(
            groupID: fixture.group, columns: ["account_name", "login", "legal_id"], mode: .rowByRow, dryRun: false,
            try fixture.write())
        let chunk = try await fixture.clients.addImportRows(
            ticket.importID, rows: Self.rows([["A", "TAKEN", ""], ["B", "later", "LX"]]), try fixture.write())
        #expect(
            chunk.errors == [
                ClientImportRowError(
                    rowNumber: 2, column: "login", message: "is already taken by a client of the group")
            ])
        _ = try await fixture.create("Racer") { $0.legalID = "LX" }
        let report = try await fixture.clients.commitImport(
            ticket.importID, by: fixture.ownerPrincipal, try fixture.write())
        #expect(
            report.errors == [
                ClientImportRowError(
                    rowNumber: 2, column: "login", message: "is already taken by a client of the group"),
                ClientImportRowError(
                    rowNumber: 3, column: "legal_id", message: "is already taken by a client of the group"),
            ])
        #expect(report.created.isEmpty)
    }

    @Test("more rows than one chunk")
    func manyChunks() async throws {
        let fixture = try await ClientFixture()
        let rows = (0..<25).map { ["Client \($0)", "LEG\($0)", "login\($0)", "FR", "", "", ""] }
        let report = try await self.importing(fixture, rows, chunk: 7)
        #expect(report.rows == 25 && report.created.count == 25 && report.errors.isEmpty)
        #expect(report.created.map(\.rowNumber) == Array(2...26))
        #expect(try await self.clientCount(fixture) == 25)
    }

    @Test("a row with the wrong number of values is one error on the row")
    func wrongWidth() async throws {
        let fixture = try await ClientFixture()
        let report = try await self.importing(fixture, [["Only a name"]], dryRun: true)
        #expect(
            report.errors == [
                ClientImportRowError(rowNumber: 2, column: "", message: "has 1 values; the header has 7 columns")
            ])
    }

    @Test(
        "the header is checked: known columns, each once, account_name present",
        arguments: [
            (["account_name", "colour"], "columns[1]"),
            (["account_name", "login", "login"], "columns[2]"),
            (["login"], "columns"),
        ])
    func header(columns: [String], field: String) async throws {
        let fixture = try await ClientFixture()
        let error = await #expect(throws: DomainError.self) {
            _ = try await fixture.clients.beginImport(
                groupID: fixture.group, columns: columns, mode: .allOrNothing, dryRun: false, try fixture.write())
        }
        guard case .invalidArgument(let named, _) = error else {
            Issue.record("not INVALID_ARGUMENT: \(String(describing: error))")
            return
        }
        #expect(named == field)
    }

    @Test("an import is its caller's, committed once, and expires")
    func lifecycle() async throws {
        let fixture = try await ClientFixture()
        let begin = { () async throws -> String in
            try await fixture.clients.beginImport(
                groupID: fixture.group, columns: ["account_name"], mode: .allOrNothing, dryRun: false,
                try fixture.write()
            ).importID
        }
        let stranger = Principal(kind: .user(id: "usr_stranger"), grants: fixture.ownerPrincipal.grants)
        let strangerWrite = Write<ClientImportChunk>(
            origin: WriteOrigin(principal: stranger, action: "test/Write", requestID: "r"), encode: { _ in [] })
        let id = try await begin()
        await #expect(throws: DomainError.notFound("client import \(id)")) {
            _ = try await fixture.clients.addImportRows(id, rows: Self.rows([["A"]]), strangerWrite)
        }
        _ = try await fixture.clients.addImportRows(id, rows: Self.rows([["A"]]), try fixture.write())
        await #expect(throws: DomainError.self) {
            _ = try await fixture.clients.addImportRows(id, rows: Self.rows([["again"]]), try fixture.write())
        }
        _ = try await fixture.clients.commitImport(id, by: fixture.ownerPrincipal, try fixture.write())
        let committed = await #expect(throws: DomainError.self) {
            _ = try await fixture.clients.commitImport(id, by: fixture.ownerPrincipal, try fixture.write())
        }
        guard case .failedPrecondition(let why) = committed else {
            Issue.record("a second commit is not FAILED_PRECONDITION: \(String(describing: committed))")
            return
        }
        #expect(why.contains("already committed"))
        // Still resolved for the authorization check, so that replays of its calls reach their answers.
        #expect(try await fixture.clients.importResource(id) == .group(fixture.group))
        #expect(try await fixture.database.read { try $0.clientImports.rowCount(importID: id) } == 0)
        let late = try await begin()
        fixture.clock.advance(millis: ClientService.importLifetimeMillis + 1)
        await #expect(throws: DomainError.notFound("client import \(late)")) {
            _ = try await fixture.clients.importResource(late)
        }
        await #expect(throws: DomainError.notFound("client import \(late)")) {
            _ = try await fixture.clients.commitImport(late, by: fixture.ownerPrincipal, try fixture.write())
        }
    }

    @Test("a manager's imported clients are their own")
    func managerOwnsImports() async throws {
        let fixture = try await ClientFixture()
        let manager = try await fixture.base.identity.createUser(
            groupID: fixture.group, email: "m@example.com", name: "M", password: nil, role: .manager,
            scope: .group(fixture.group), .test(by: fixture.owner))
        let principal = Principal(
            kind: .user(id: manager.id),
            grants: [
                Grant(role: .manager, scope: .group(fixture.group), groupID: fixture.group, source: .assignment("m"))
            ])
        func write<A>() -> Write<A> {
            Write(origin: WriteOrigin(principal: principal, action: "test/Write", requestID: "r"), encode: { _ in [] })
        }
        let ticket = try await fixture.clients.beginImport(
            groupID: fixture.group, columns: ["account_name"], mode: .allOrNothing, dryRun: false, write())
        _ = try await fixture.clients.addImportRows(ticket.importID, rows: Self.rows([["Mine"]]), write())
        let report = try await fixture.clients.commitImport(ticket.importID, by: principal, write())
        try #require(report.created.count == 1)
        #expect(try await fixture.clients.get(report.created[0].clientID).client.managerUserID == manager.id)
    }
}
