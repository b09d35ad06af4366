import ClienteleProto
import Foundation

/// The import report as the CLI prints it: every count present (also zeros), keys
/// sorted, pretty-printed, so that the same file gives the same bytes.
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

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self) + Data("\n".utf8)
    }
}
