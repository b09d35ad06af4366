/// What a commit did: rows received, valid, created (with each client's id), and every row's errors.
public struct ClientImportReport: Sendable, Equatable {
    public var mode: ClientImportMode
    public var dryRun: Bool
    public var rows: Int
    /// Rows without error: created, or that would have been.
    public var validRows: Int
    /// Each created client: its row and id. Empty in a dry run or a refused all-or-nothing import.
    public var created: [(rowNumber: Int, clientID: String)]
    /// At most `ClientService.maximumImportErrorsListed`, by row then column.
    public var errors: [ClientImportRowError]
    public var errorsOmitted: Int

    public static func == (lhs: ClientImportReport, rhs: ClientImportReport) -> Bool {
        lhs.mode == rhs.mode && lhs.dryRun == rhs.dryRun && lhs.rows == rhs.rows && lhs.validRows == rhs.validRows
            && lhs.created.map(\.rowNumber) == rhs.created.map(\.rowNumber)
            && lhs.created.map(\.clientID) == rhs.created.map(\.clientID) && lhs.errors == rhs.errors
            && lhs.errorsOmitted == rhs.errorsOmitted
    }
}
