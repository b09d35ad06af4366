import ArgumentParser
import ClienteleAPI
import ClienteleProto
import ClienteleRPC
import Foundation
import SwiftProtobuf

/// `clientele clients import FILE`: reads a CSV in the template's columns, sends it
/// in chunks (BeginClientImport, AddClientImportRows…, CommitClientImport) and
/// prints the report.
struct ClientsImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import clients from a CSV file (see `clientele clients template`); print the report as JSON.",
        discussion: """
            The file is RFC 4180 CSV in UTF-8: a header of template columns (any subset, any order; \
            account_name required), then one client per record; quoted fields may hold commas, quotes \
            ("") and line breaks; blank lines are skipped. Rows are numbered as a spreadsheet numbers \
            them (the header is row 1).

            By default the import is all or nothing: when any row has an error no client is created. \
            --row-by-row creates the good rows and reports the bad ones. --dry-run only validates: every \
            row's errors (row, column, message) are reported and nothing is written.

            Rows are sent in chunks of at most --chunk-rows rows and --chunk-bytes bytes, far below the \
            4 MiB frame limit; progress goes to standard error. The report (standard output) lists the \
            rows, the valid rows, the created clients with their rows and ids, and every error.

            Exit status: 0 when every row is valid (and, unless a dry run, imported); 65 when rows have \
            errors (the report says which; in all-or-nothing mode nothing was created); 64 for an \
            unreadable file, malformed CSV or a header without a required or with an unknown column; \
            the gRPC status code of a failed call otherwise.

            Columns (* required):
            """ + "\n" + ClientImportTemplate.help
    )

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The CSV file, or - for standard input.") var file: String
    @Option(help: "The group the clients join.") var groupId: String
    @Flag(help: "Validate only: report every row's errors, write nothing.") var dryRun = false
    @Flag(help: "Create the good rows and report the bad ones (default: all or nothing).") var rowByRow = false
    @Option(help: "Rows per chunk (1–5000).") var chunkRows = 2000
    @Option(help: "Bytes of values per chunk (at most 3 MiB).") var chunkBytes = 1 << 20
    @Option(help: "Seconds to wait for the commit (large files take longer than other calls).")
    var commitTimeout = 300.0
    @Option(
        help: """
            Makes the run repeatable: the calls carry idempotency-key <key>-begin, <key>-rows-<n> and \
            <key>-commit, so the same command run again (within 24 hours) answers the first run's report \
            instead of importing twice.
            """)
    var idempotencyKey: String?

    func validate() throws {
        guard (1...5000).contains(self.chunkRows) else { throw ValidationError("--chunk-rows must be 1–5000") }
        guard (1024...(3 << 20)).contains(self.chunkBytes) else {
            throw ValidationError("--chunk-bytes must be 1024–3145728")
        }
        guard self.commitTimeout > 0 else { throw ValidationError("--commit-timeout must be positive") }
    }

    func run() async throws {
        let (columns, rows) = try self.readFile()
        let client = RPCClient(socketPath: self.connection.socketPath)

        var begin = Clientele_V1_BeginClientImportRequest()
        begin.groupID = self.groupId
        begin.columns = columns
        begin.mode = self.rowByRow ? .rowByRow : .allOrNothing
        begin.dryRun = self.dryRun
        let ticket =
            try await self.call(client, ClientsMethods.beginClientImport, begin, key: "begin")
            as Clientele_V1_BeginClientImportResponse
        let chunkRows = min(self.chunkRows, Int(max(ticket.maxRowsPerChunk, 1)))
        Self.progress("import \(ticket.importID): \(rows.count) rows in chunks of up to \(chunkRows) rows")

        var sent = 0
        var errors = 0
        let chunks = Self.chunks(rows, maximumRows: chunkRows, maximumBytes: self.chunkBytes)
        for (index, chunk) in chunks.enumerated() {
            var request = Clientele_V1_AddClientImportRowsRequest()
            request.importID = ticket.importID
            request.rows = chunk
            let answer =
                try await self.call(client, ClientsMethods.addClientImportRows, request, key: "rows-\(index + 1)")
                as Clientele_V1_AddClientImportRowsResponse
            sent += chunk.count
            errors += answer.errors.count + Int(answer.errorsOmitted)
            Self.progress(
                "rows \(chunk.first!.rowNumber)–\(chunk.last!.rowNumber) sent: \(sent) of \(rows.count), "
                    + "\(errors) errors so far")
        }

        var commit = Clientele_V1_CommitClientImportRequest()
        commit.importID = ticket.importID
        let report =
            try await self.call(
                client, ClientsMethods.commitClientImport, commit, key: "commit", timeout: self.commitTimeout)
            as Clientele_V1_ClientImportReport
        Self.progress(
            "\(report.dryRun ? "dry run: " : "")\(report.created) created, \(report.validRows) valid, "
                + "\(report.rows - report.validRows) with errors")
        FileHandle.standardOutput.write(try ImportReportOutput(report).json())
        if !report.errors.isEmpty || report.errorsOmitted > 0 { throw ExitCode(65) }
    }

    /// The header and the non-blank records, checked against the template before anything is sent.
    private func readFile() throws -> ([String], [Clientele_V1_ClientImportRow]) {
        let data: Data
        if self.file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: self.file) else {
                throw ValidationError("cannot read \(self.file)")
            }
            data = contents
        }
        let records: [CSVFormat.Record]
        do { records = try CSVFormat.parse([UInt8](data)) } catch {
            throw ValidationError("\(self.file): \(error)")
        }
        guard let header = records.first, !header.isBlank else {
            throw ValidationError("\(self.file): the first row must be the header (see `clientele clients template`)")
        }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let known = Set(ClientImportTemplate.names)
        let unknown = columns.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw ValidationError(
                "\(self.file): unknown columns \(unknown.joined(separator: ", ")) "
                    + "(the template's are \(ClientImportTemplate.names.joined(separator: ", ")))")
        }
        let repeated = Dictionary(grouping: columns, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        guard repeated.isEmpty else {
            throw ValidationError("\(self.file): columns given twice: \(repeated.joined(separator: ", "))")
        }
        let missing = ClientImportTemplate.columns.filter { $0.required && !columns.contains($0.name) }.map(\.name)
        guard missing.isEmpty else {
            throw ValidationError("\(self.file): the required column \(missing.joined(separator: ", ")) is missing")
        }
        let rows = records.dropFirst().filter { !$0.isBlank }.map { record in
            var row = Clientele_V1_ClientImportRow()
            row.rowNumber = Int32(record.number)
            row.values = record.fields
            return row
        }
        guard !rows.isEmpty else { throw ValidationError("\(self.file): no rows after the header") }
        return (columns, rows)
    }

    /// Consecutive rows, each chunk within both limits (a single larger row travels alone).
    static func chunks(
        _ rows: [Clientele_V1_ClientImportRow], maximumRows: Int, maximumBytes: Int
    ) -> [[Clientele_V1_ClientImportRow]] {
        var chunks: [[Clientele_V1_ClientImportRow]] = []
        var current: [Clientele_V1_ClientImportRow] = []
        var bytes = 0
        for row in rows {
            // Values plus their tags and lengths, and the row's own framing.
            let size = row.values.reduce(16) { $0 + $1.utf8.count + 6 }
            if !current.isEmpty && (current.count == maximumRows || bytes + size > maximumBytes) {
                chunks.append(current)
                current = []
                bytes = 0
            }
            current.append(row)
            bytes += size
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }

    private func call<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        _ client: RPCClient, _ method: MethodDescriptor, _ request: Request, key: String, timeout: Double? = nil
    ) async throws -> Response {
        var options = self.connection.callOptions()
        if let timeout { options.timeout = .milliseconds(Int64(timeout * 1000)) }
        if let prefix = self.idempotencyKey { options.metadata.append("idempotency-key", "\(prefix)-\(key)") }
        do {
            return try await client.unary(method, request: request, response: Response.self, options: options)
        } catch {
            throw CallFailure.exit(error)
        }
    }

    private static func progress(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
