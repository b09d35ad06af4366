import GRDB

/// The current row of a stepping statement, read column after column straight from
/// SQLite. A GRDB `Row` builds a table of lower-cased column names each time a
/// cursor makes one, and a lookup by name hashes the name; this reads by position.
/// Read the columns in the order the SELECT lists them.
struct StatementRow {
    private let statement: SQLiteStatement
    private var index: CInt = 0

    init(_ statement: SQLiteStatement) {
        self.statement = statement
    }

    /// The next column: `T` is optional for a column that may be NULL; a NULL or a value
    /// of the wrong type for a non-optional `T` is an error.
    mutating func next<T: StatementColumnConvertible>(_ type: T.Type = T.self) throws -> T {
        defer { self.index += 1 }
        guard let value = T.fromStatement(self.statement, atUncheckedIndex: self.index) else {
            throw StoreError.unavailable("column \(self.index) does not hold a \(T.self)")
        }
        return value
    }
}
