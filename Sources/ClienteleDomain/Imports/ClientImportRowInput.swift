/// One record of the file as received: where it is in the file and its values in column order.
public struct ClientImportRowInput: Sendable, Equatable {
    /// As a spreadsheet numbers it: the header is row 1.
    public var rowNumber: Int
    public var values: [String]

    public init(rowNumber: Int, values: [String]) {
        self.rowNumber = rowNumber
        self.values = values
    }
}
