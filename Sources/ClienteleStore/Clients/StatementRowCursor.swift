import GRDB
import GRDBSQLite

/// Steps a statement and decodes each row with `decode` from a `StatementRow`.
final class StatementRowCursor<Element>: DatabaseCursor {
    let _statement: Statement
    var _isDone = false
    private let decode: (inout StatementRow) throws -> Element

    init(
        statement: Statement, arguments: StatementArguments, decode: @escaping (inout StatementRow) throws -> Element
    ) throws {
        self._statement = statement
        self.decode = decode
        try statement.setArguments(arguments)  // resets the statement, then binds
    }

    deinit {
        // A cached statement must not stay in the middle of its rows: that would hold its read open.
        sqlite3_reset(self._statement.sqliteStatement)
    }

    func _element(sqliteStatement: SQLiteStatement) throws -> Element {
        var row = StatementRow(sqliteStatement)
        return try self.decode(&row)
    }
}
