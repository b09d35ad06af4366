/// What is wrong with a row: the file's column (empty for the whole row) and why.
public struct ClientImportRowError: Sendable, Equatable {
    public var rowNumber: Int
    public var column: String
    public var message: String

    public init(rowNumber: Int, column: String, message: String) {
        self.rowNumber = rowNumber
        self.column = column
        self.message = message
    }
}
