/// One staged row of an import: its values as received and the errors found when it was added.
public struct ClientImportRowRecord: Sendable, Equatable {
    /// One error: the file's column (empty for the whole row) and why.
    public struct Problem: Sendable, Equatable, Codable {
        public var column: String
        public var message: String

        public init(column: String, message: String) {
            self.column = column
            self.message = message
        }
    }

    public var importID: String
    public var rowNumber: Int
    public var values: [String]
    public var problems: [Problem]
    /// The unique fields the row claims (normalized), for duplicates within the file.
    public var legalID: String?
    public var login: String?

    public init(
        importID: String, rowNumber: Int, values: [String], problems: [Problem], legalID: String?, login: String?
    ) {
        self.importID = importID
        self.rowNumber = rowNumber
        self.values = values
        self.problems = problems
        self.legalID = legalID
        self.login = login
    }
}
