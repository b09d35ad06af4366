import ClienteleProto
import Foundation

/// The import report as the CLI prints it (see `value`).
struct ImportReportOutput: Encodable {
    struct Created: Encodable {
        var row: Int32
        var clientId: String
    }

    struct RowError: Encodable {
        var row: Int32
        var column: String
        var message: String
    }

    var mode: String
    var dryRun: Bool
    var rows: Int32
    var validRows: Int32
    var created: Int32
    var clients: [Created]
    var errors: [RowError]
    var errorsOmitted: Int32
    /// A dry run's: what was read from the file and would be sent.
    var file: FileRead?

    /// The file as the import reads it: its rows' values, decoded, as they are sent.
    struct FileRead: Encodable {
        struct Row: Encodable {
            var row: Int32
            var values: [String]
        }

        var encoding: String
        var separator: String
        var columns: [String]
        var rows: [Row]

        init(_ file: ClientsImportCommand.File) {
            self.encoding = file.encoding.description
            self.separator = file.separator.description
            self.columns = file.columns
            self.rows = file.rows.map { Row(row: $0.rowNumber, values: $0.values) }
        }
    }

    init(_ report: Clientele_V1_ClientImportReport) {
        self.mode = report.mode == .rowByRow ? "row_by_row" : "all_or_nothing"
        self.dryRun = report.dryRun
        self.rows = report.rows
        self.validRows = report.validRows
        self.created = report.created
        self.clients = report.clients.map { Created(row: $0.rowNumber, clientId: $0.clientID) }
        self.errors = report.errors.map { RowError(row: $0.rowNumber, column: $0.column, message: $0.message) }
        self.errorsOmitted = report.errorsOmitted
    }

    /// The report as the other commands print answers: one compact JSON object, snake_case keys in
    /// the report's own order (every count present, also zeros), so the same file gives the same bytes.
    var value: JSONValue {
        func member(_ key: String, _ value: JSONValue) -> JSONValue.Member { JSONValue.Member(key: key, value: value) }
        func number(_ value: Int32) -> JSONValue { .number(String(value)) }
        var members = [
            member("mode", .string(self.mode)),
            member("dry_run", .bool(self.dryRun)),
            member("rows", number(self.rows)),
            member("valid_rows", number(self.validRows)),
            member("created", number(self.created)),
            member(
                "clients",
                .array(
                    self.clients.map {
                        .object([member("row", number($0.row)), member("client_id", .string($0.clientId))])
                    })),
            member(
                "errors",
                .array(
                    self.errors.map {
                        .object([
                            member("row", number($0.row)), member("column", .string($0.column)),
                            member("message", .string($0.message)),
                        ])
                    })),
            member("errors_omitted", number(self.errorsOmitted)),
        ]
        if let file = self.file {
            members.append(
                member(
                    "file",
                    .object([
                        member("encoding", .string(file.encoding)),
                        member("separator", .string(file.separator)),
                        member("columns", .array(file.columns.map(JSONValue.string))),
                        member(
                            "rows",
                            .array(
                                file.rows.map {
                                    .object([
                                        member("row", number($0.row)),
                                        member("values", .array($0.values.map(JSONValue.string))),
                                    ])
                                })),
                    ])))
        }
        return .object(members)
    }
}
