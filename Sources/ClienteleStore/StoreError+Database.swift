import GRDB
import Logging

extension StoreError {
    /// The store error for an SQLite error, or `nil` when there is no better
    /// description than the error itself (a bug, not a condition).
    init?(_ error: DatabaseError, missing: String? = nil) {
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
            self = .duplicate(field: Self.columns(inConstraintMessage: error.message) ?? "key")
            return
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            self = .notFound(missing ?? "a record this one refers to")
            return
        default:
            break
        }
        switch error.resultCode {
        case .SQLITE_FULL: self = .unavailable("the disk is full")
        case .SQLITE_READONLY: self = .unavailable("the data folder is read-only")
        case .SQLITE_IOERR: self = .unavailable("the disk reported an I/O error")
        case .SQLITE_CANTOPEN:
            self = .unavailable("the database file cannot be opened; check the data folder and its permissions")
        case .SQLITE_PERM: self = .unavailable("permission to use the database file was denied")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: self = .unavailable("the database file is damaged")
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .unavailable("the database is busy; try again")
        case .SQLITE_NOMEM: self = .unavailable("the database ran out of memory")
        default: return nil
        }
    }

    /// `"UNIQUE constraint failed: users.email"` → `"email"`; several columns are joined by ", ".
    static func columns(inConstraintMessage message: String?) -> String? {
        guard let message, let range = message.range(of: "constraint failed: ") else { return nil }
        let columns = message[range.upperBound...]
            .split(separator: ",")
            .map { column in
                let column = column.filter { !$0.isWhitespace }
                return column.split(separator: ".").last.map(String.init) ?? column
            }
            .filter { !$0.isEmpty }
        return columns.isEmpty ? nil : columns.joined(separator: ", ")
    }

    /// Runs `operation`, turning the SQLite errors a caller can act on into store errors.
    /// `missing` names what a failed foreign key refers to.
    static func mapping<T>(missing: String? = nil, _ operation: () throws -> T) throws -> T {
        do {
            return try operation()
        } catch let error as DatabaseError {
            throw StoreError(error, missing: missing) ?? error
        }
    }

    /// An error leaving the store: SQLite errors become store errors (logging the
    /// ones that are bugs); the caller's own errors pass through unchanged.
    static func surface(_ error: any Error, logger: Logger) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        if let mapped = StoreError(error) {
            if case .unavailable = mapped { logger.warning("database unavailable", metadata: ["error": "\(error)"]) }
            return mapped
        }
        logger.error("database error", metadata: ["error": "\(error)"])
        return StoreError.unavailable("the database failed; see the daemon's log")
    }
}
