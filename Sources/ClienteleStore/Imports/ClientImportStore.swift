/// Imports being staged: the import and its rows (dropped at commit), the import until it expires.
public protocol ClientImportStore {
    func insert(_ record: ClientImportRecord) throws

    func fetch(id: String) throws -> ClientImportRecord?

    /// Marks an import committed and drops its rows; the record stays until it expires.
    func markCommitted(id: String, at time: Int64) throws

    /// Drops the imports that expired before `now`; returns how many.
    @discardableResult func deleteExpired(before now: Int64) throws -> Int

    /// Throws `.duplicate(field: "import_id, row_number")` when the row number was staged before.
    func insertRow(_ row: ClientImportRowRecord) throws

    /// The staged row that claims `legalID` in the import, if any.
    func row(importID: String, legalID: String) throws -> Int?

    /// The staged row that claims `login` (compared case-insensitively) in the import, if any.
    func row(importID: String, login: String) throws -> Int?

    func rowCount(importID: String) throws -> Int

    /// Every staged row of the import, by row number.
    func rows(importID: String) throws -> [ClientImportRowRecord]
}
