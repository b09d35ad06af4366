import ArgumentParser
import SwiftProtobuf

/// How a friendly command prints its answer.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// Protobuf JSON with proto field names, one document.
    case json
    /// Rows and columns for a list; field and value lines for one record.
    case table

    func print(_ message: any Message, columns: [String]) throws {
        switch self {
        case .json: try JSONOutput.print(message)
        case .table: try TableOutput.print(message, columns: columns)
        }
    }
}
