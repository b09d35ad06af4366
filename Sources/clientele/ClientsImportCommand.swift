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
        abstract: "Import clients from a CSV file (see `clientele clients template`); print the report.",
        discussion: """
            The file is RFC 4180 CSV: a header of template columns (any subset, any order; \
            account_name required), then one client per record; quoted fields may hold separators, quotes \
            ("") and line breaks; blank lines are skipped. Rows are numbered as a spreadsheet numbers \
            them (the header is row 1).

            The file must be UTF-8 (a byte order mark is skipped) unless --encoding names another \
            encoding; a byte that is not text in the encoding stops the import before anything is sent, \
            naming its row and byte offset (from 0 at the start of the file). Fields are separated by \
            commas, or by semicolons or tabs when the header line has no comma but has those \
            (--separator says which).

            By default the import is all or nothing: when any row has an error no client is created. \
            --row-by-row creates the good rows and reports the bad ones. --dry-run only validates: every \
            row's errors (row, column, message) are reported and nothing is written.

            Rows are sent in chunks of at most --chunk-rows rows and --chunk-bytes bytes, far below the \
            4 MiB frame limit; progress goes to standard error. The report (standard output) lists the \
            rows, the valid rows, the created clients with their rows and ids, and every error; a dry \
            run's report also shows what was read under "file": the encoding, the separator, the columns \
            and every row's values as they would be stored (before the daemon trims them).

            Exit status: 0 when every row is valid (and, unless a dry run, imported); 65 when rows have \
            errors (the report says which; in all-or-nothing mode nothing was created); 64 for an \
            unreadable file, a byte not in the encoding, malformed CSV or a header without a required or \
            with an unknown column; the gRPC status code of a failed call otherwise.

            Columns (* required):
            """ + "\n" + ClientImportTemplate.help
    )

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The CSV file, or - for standard input.") var file: String
    @Option(help: "The group the clients join (default: your context's, `clientele config set group GROUP_ID`).")
    var groupId: String
    @Option(
        help: ArgumentHelp(
            """
            The file's encoding: utf-8, utf-16 (byte order from its byte order mark), utf-16le, utf-16be, \
            windows-1252 or iso-8859-1 (also latin1, cp1252, utf16, …). (default: utf-8)
            """, valueName: "name"),
        transform: { name in
            guard let encoding = TextEncoding(name: name) else {
                let known = TextEncoding.allCases.map(\.description).joined(separator: ", ")
                throw ValidationError("unknown encoding \(name) (known: \(known))")
            }
            return encoding
        })
    var encoding: TextEncoding = .utf8
    @Option(
        help: ArgumentHelp(
            """
            The field separator: ',' ';' or tab (also '\\t'). (default: from the header line: ';' or tab \
            when it has no comma but has one of them, else ',')
            """, valueName: "separator"),
        transform: { name in
            guard let separator = CSVFormat.Separator(name: name) else {
                throw ValidationError("unknown separator \(name) (known: ',' ';' tab)")
            }
            return separator
        })
    var separator: CSVFormat.Separator?
    @Flag(help: "Validate only: report every row's errors and the values read, write nothing.") var dryRun = false
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
        let read = try self.readFile()
        let rows = read.rows
        let client = RPCClient(socketPath: self.connection.socketPath)

        var begin = Clientele_V1_BeginClientImportRequest()
        begin.groupID = self.groupId
        begin.columns = read.columns
        begin.mode = self.rowByRow ? .rowByRow : .allOrNothing
        begin.dryRun = self.dryRun
        let ticket =
            try await self.call(client, ClientsMethods.beginClientImport, begin, key: "begin")
            as Clientele_V1_BeginClientImportResponse
        let chunkRows = min(self.chunkRows, Int(max(ticket.maxRowsPerChunk, 1)))
        Self.progress(
            "import \(ticket.importID): \(rows.count) rows (\(read.encoding), separator \(read.separator)) "
                + "in chunks of up to \(chunkRows) rows")

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
        var output = ImportReportOutput(report)
        if report.dryRun { output.file = ImportReportOutput.FileRead(read) }
        try self.connection.printer.print(output.value)
        if !report.errors.isEmpty || report.errorsOmitted > 0 { throw ExitCode(65) }
    }

    /// What the import sends: the file's columns and rows, and how they were read.
    struct File {
        var encoding: TextEncoding
        var separator: CSVFormat.Separator
        var columns: [String]
        var rows: [Clientele_V1_ClientImportRow]
    }

    /// The header and the non-blank records, decoded and checked against the template before anything is sent.
    private func readFile() throws -> File {
        let data: Data
        if self.file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = try RequestJSON.readFile(self.file, what: "the import file")
        }
        let bytes = [UInt8](data)
        let text: [UInt8]
        do { text = try self.encoding.decode(bytes) } catch {
            throw ValidationError("\(self.file): \(error)")
        }
        if self.encoding == .windows1252 || self.encoding == .isoLatin1, TextEncoding.looksLikeUTF8(bytes) {
            Self.progress(
                "warning: \(self.file) is valid UTF-8 as well; if the dry run shows Ã¼ where ü was meant, "
                    + "leave out --encoding \(self.encoding)")
        }
        let separator = self.separator ?? CSVFormat.Separator.detect(text)
        let records: [CSVFormat.Record]
        do { records = try CSVFormat.parse(text, separator: separator) } catch {
            throw ValidationError("\(self.file): \(error)")
        }
        guard let header = records.first, !header.isBlank else {
            throw ValidationError("\(self.file): the first row must be the header (see `clientele clients template`)")
        }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let known = Set(ClientImportTemplate.names)
        let unknown = columns.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            // A header read with the wrong separator is one or a few long names.
            var hint = ""
            if let other = [CSVFormat.Separator.semicolon, .tab, .comma].first(where: { other in
                other != separator && unknown.contains { $0.utf8.contains(other.byte) }
            }) {
                let shown = other == .tab ? "tab" : "'\(other)'"
                hint = "; the header looks separated by \(shown): try --separator \(shown)"
            }
            throw ValidationError(
                "\(self.file): unknown columns \(unknown.joined(separator: ", ")) "
                    + "(the template's are \(ClientImportTemplate.names.joined(separator: ", ")))\(hint)")
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
        return File(encoding: self.encoding, separator: separator, columns: columns, rows: rows)
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
            throw self.connection.failure(error)
        }
    }

    private static func progress(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
