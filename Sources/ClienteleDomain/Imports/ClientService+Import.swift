public import ClienteleAccess
import ClienteleStore
import Foundation

/// CSV import of clients: begin (the header and the mode), rows added in chunks
/// (each validated with CreateClient's rules and staged), commit (one transaction).
///
/// Audit: beginning and each chunk leave one entry on `client_import:<id>`; the
/// commit leaves one entry per created client (`client:<id>`, as CreateClient
/// does, its detail naming the import and row) and one on the import with the counts.
extension ClientService {
    /// How long a begun import may take to be committed.
    public static let importLifetimeMillis: Int64 = 3600 * 1000
    public static let maximumImportRowsPerChunk = 5_000
    public static let maximumImportRows = 100_000
    /// Errors listed in one answer; the rest are counted, so that an answer stays far below the frame limit.
    public static let maximumImportErrorsListed = 10_000

    /// The group of an import, for the authorization check; NOT_FOUND when it is missing or expired.
    public func importResource(_ importID: String) async throws(DomainError) -> Resource {
        let id = try Validate.required(importID, "import_id", maxLength: 64)
        let now = self.clock.nowMillis()
        guard let record = try await self.database.look({ try $0.clientImports.fetch(id: id) }),
            record.expiresAt >= now
        else { throw .notFound("client import \(id)") }
        return .group(record.groupID)
    }

    public func beginImport(
        groupID: String, columns: [String], mode: ClientImportMode, dryRun: Bool, _ write: Write<ClientImportTicket>
    ) async throws(DomainError) -> ClientImportTicket {
        let groupID = try Validate.required(groupID, "group_id", maxLength: 64)
        let parsed = try Self.importColumns(columns)
        let id = self.ids.make("imp")
        let caller = write.origin.caller
        return try await self.writer.commit(write) { store, trail, now in
            try store.clientImports.deleteExpired(before: now)
            let record = ClientImportRecord(
                id: id, groupID: groupID, caller: caller, columns: parsed.map(\.rawValue), mode: mode.rawValue,
                dryRun: dryRun, createdAt: now, expiresAt: now + Self.importLifetimeMillis)
            try store.clientImports.insert(record)
            trail.record(
                group: groupID, client: nil, resource: "client_import:\(id)",
                detail:
                    "begun: \(Self.describe(mode, dryRun: dryRun)), columns \(record.columns.joined(separator: ","))"
            )
            return ClientImportTicket(
                importID: id, expiresAt: record.expiresAt, maximumRowsPerChunk: Self.maximumImportRowsPerChunk,
                maximumRows: Self.maximumImportRows)
        }
    }

    /// Validates and stages `rows`; answers this chunk's errors.
    public func addImportRows(
        _ importID: String, rows: [ClientImportRowInput], _ write: Write<ClientImportChunk>
    ) async throws(DomainError) -> ClientImportChunk {
        let id = try Validate.required(importID, "import_id", maxLength: 64)
        guard !rows.isEmpty, rows.count <= Self.maximumImportRowsPerChunk else {
            throw .invalidArgument(field: "rows", reason: "must hold 1–\(Self.maximumImportRowsPerChunk) rows")
        }
        for (index, row) in rows.enumerated() where row.rowNumber < 2 {
            throw .invalidArgument(
                field: "rows[\(index)].row_number", reason: "must be 2 or more (row 1 is the header)")
        }
        let caller = write.origin.caller
        return try await self.writer.commit(write) { store, trail, now in
            let record = try Self.openImport(id, caller: caller, now: now, store: store)
            let staged = try store.clientImports.rowCount(importID: id)
            guard staged + rows.count <= Self.maximumImportRows else {
                throw DomainError.invalidArgument(
                    field: "rows", reason: "an import holds at most \(Self.maximumImportRows) rows")
            }
            let parser = ClientImportRowParser(columns: record.columns.compactMap { ClientImportColumn(rawValue: $0) })
            var errors: [ClientImportRowError] = []
            for (index, row) in rows.enumerated() {
                let parsed = parser.parse(
                    row.values, client: "cli_staged", group: record.groupID, contactID: "con_staged", now: now)
                var problems = parsed.problems
                if problems.isEmpty {
                    problems = try Self.duplicates(of: parsed.client, importID: id, store: store)
                        .sorted { parser.order($0.column) < parser.order($1.column) }
                }
                let staging = ClientImportRowRecord(
                    importID: id, rowNumber: row.rowNumber, values: row.values, problems: problems,
                    legalID: parsed.client.legalID, login: parsed.client.login)
                do { try store.clientImports.insertRow(staging) } catch StoreError.duplicate {
                    throw DomainError.invalidArgument(
                        field: "rows[\(index)].row_number", reason: "row \(row.rowNumber) was already added")
                }
                errors += problems.map {
                    ClientImportRowError(rowNumber: row.rowNumber, column: $0.column, message: $0.message)
                }
            }
            let first = rows.map(\.rowNumber).min() ?? 0
            let last = rows.map(\.rowNumber).max() ?? 0
            let failing = Set(errors.map(\.rowNumber)).count
            trail.record(
                group: record.groupID, client: nil, resource: "client_import:\(id)",
                detail: "rows \(first)–\(last) added: \(rows.count) rows, \(failing) with errors")
            let listed = Array(errors.prefix(Self.maximumImportErrorsListed))
            return ClientImportChunk(
                stagedRows: staged + rows.count, errors: listed, errorsOmitted: errors.count - listed.count)
        }
    }

    /// Validates the staged rows again against the store and writes as the import's mode
    /// says, in one transaction; the import then takes no more rows nor commits.
    public func commitImport(
        _ importID: String, by principal: Principal, _ write: Write<ClientImportReport>
    ) async throws(DomainError) -> ClientImportReport {
        let id = try Validate.required(importID, "import_id", maxLength: 64)
        let caller = write.origin.caller
        let ids = self.ids
        let creator = principal.userID
        return try await self.writer.commit(write) { store, trail, now in
            let record = try Self.openImport(id, caller: caller, now: now, store: store)
            let mode = ClientImportMode(rawValue: record.mode) ?? .allOrNothing
            // A manager's new clients are their own, as with CreateClient.
            let isGroupOwner = principal.grants.contains { $0.role == .owner && $0.scope == .group(record.groupID) }
            let manager = isGroupOwner ? nil : creator
            let parser = ClientImportRowParser(columns: record.columns.compactMap { ClientImportColumn(rawValue: $0) })
            let rows = try store.clientImports.rows(importID: id)
            var errors: [ClientImportRowError] = []
            var valid: [(rowNumber: Int, client: ClientRecord, contacts: [ContactRecord])] = []
            for row in rows {
                var problems = row.problems
                var parsed: ClientImportRowParser.Parsed?
                if problems.isEmpty {
                    let candidate = parser.parse(
                        row.values, client: ids.make("cli"), group: record.groupID, contactID: ids.make("con"),
                        now: now)
                    // Clients created since the row was added may now hold its unique fields.
                    problems =
                        try candidate.problems.isEmpty
                        ? Self.duplicates(of: candidate.client, importID: nil, store: store)
                            .sorted { parser.order($0.column) < parser.order($1.column) } : candidate.problems
                    parsed = candidate
                }
                if problems.isEmpty, var client = parsed?.client, let contacts = parsed?.contacts {
                    client.managerUserID = manager
                    valid.append((row.rowNumber, client, contacts))
                } else {
                    errors += problems.map {
                        ClientImportRowError(rowNumber: row.rowNumber, column: $0.column, message: $0.message)
                    }
                }
            }
            var created: [(rowNumber: Int, clientID: String)] = []
            if !record.dryRun && (mode == .rowByRow || errors.isEmpty) {
                created.reserveCapacity(valid.count)
                try store.clients.withPageCache(mebibytes: 64) {
                    for (rowNumber, client, contacts) in valid {
                        try store.clients.insert(client, contacts: contacts)
                        for contact in contacts { try store.contacts.insert(contact) }
                        try store.billing.insertAccount(
                            BillingAccountRecord(clientID: client.id, groupID: record.groupID))
                        let blank = ClientRecord(
                            id: client.id, groupID: client.groupID, accountName: "", createdAt: now)
                        trail.record(
                            group: record.groupID, client: client.id, resource: "client:\(client.id)",
                            changed: ClientFieldRules.changedPaths(from: blank, to: client),
                            detail: "imported from row \(rowNumber) of client_import:\(id)")
                        created.append((rowNumber, client.id))
                    }
                }
            }
            try store.clientImports.markCommitted(id: id, at: now)
            trail.record(
                group: record.groupID, client: nil, resource: "client_import:\(id)",
                detail: "committed: \(Self.describe(mode, dryRun: record.dryRun)), \(rows.count) rows, "
                    + "\(valid.count) valid, \(created.count) created, \(errors.count) errors")
            let listed = Array(errors.prefix(Self.maximumImportErrorsListed))
            return ClientImportReport(
                mode: mode, dryRun: record.dryRun, rows: rows.count, validRows: valid.count, created: created,
                errors: listed, errorsOmitted: errors.count - listed.count)
        }
    }

    // MARK: Steps

    /// The header checked: known columns, each once, the required ones present.
    static func importColumns(_ columns: [String]) throws(DomainError) -> [ClientImportColumn] {
        var parsed: [ClientImportColumn] = []
        for (index, name) in columns.enumerated() {
            guard let column = ClientImportColumn(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw .invalidArgument(
                    field: "columns[\(index)]",
                    reason: "\(name) is not a column of the import (one of "
                        + "\(ClientImportColumn.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard !parsed.contains(column) else {
                throw .invalidArgument(field: "columns[\(index)]", reason: "\(name) is given twice")
            }
            parsed.append(column)
        }
        for column in ClientImportColumn.required where !parsed.contains(column) {
            throw .invalidArgument(field: "columns", reason: "the required column \(column.rawValue) is missing")
        }
        return parsed
    }

    /// The import, when it exists, has not expired and was begun by `caller` (otherwise NOT_FOUND),
    /// and is not committed yet (otherwise FAILED_PRECONDITION).
    static func openImport(_ id: String, caller: String, now: Int64, store: StoreContext) throws -> ClientImportRecord {
        guard let record = try store.clientImports.fetch(id: id), record.expiresAt >= now, record.caller == caller
        else {
            throw DomainError.notFound("client import \(id)")
        }
        guard record.committedAt == nil else {
            throw DomainError.failedPrecondition(
                "client import \(id) is already committed; replay its calls with their idempotency-key to read the answers again"
            )
        }
        return record
    }

    /// The unique fields of `client` already claimed by an earlier row of the import (when
    /// `importID` is given) or by a client in the store.
    static func duplicates(
        of client: ClientRecord, importID: String?, store: StoreContext
    ) throws -> [ClientImportRowRecord.Problem] {
        var problems: [ClientImportRowRecord.Problem] = []
        if let legalID = client.legalID {
            if let importID, let row = try store.clientImports.row(importID: importID, legalID: legalID) {
                problems.append(.init(column: "legal_id", message: "is already used by row \(row) of this file"))
            } else if try store.clients.hasClient(groupID: client.groupID, legalID: legalID) {
                problems.append(.init(column: "legal_id", message: "is already taken by a client of the group"))
            }
        }
        if let login = client.login {
            if let importID, let row = try store.clientImports.row(importID: importID, login: login) {
                problems.append(.init(column: "login", message: "is already used by row \(row) of this file"))
            } else if try store.clients.hasClient(groupID: client.groupID, login: login) {
                problems.append(.init(column: "login", message: "is already taken by a client of the group"))
            }
        }
        return problems
    }

    static func describe(_ mode: ClientImportMode, dryRun: Bool) -> String {
        (mode == .rowByRow ? "row by row" : "all or nothing") + (dryRun ? ", dry run" : "")
    }
}
