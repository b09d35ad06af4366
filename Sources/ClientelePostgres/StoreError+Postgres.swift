public import ClienteleStore
import Foundation
import Logging
import PostgresNIO

extension StoreError {
    /// The store error for a PostgreSQL error a caller can act on, `nil` for one that is a bug.
    init?(postgres error: PSQLError, missing: String? = nil) {
        switch error.code {
        case .server:
            self.init(sqlState: error.serverInfo?[.sqlState], detail: error.serverInfo?[.detail], missing: missing)
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            self = .unavailable("the database server cannot be reached; the daemon reconnects by itself")
        default:
            return nil
        }
    }

    /// The same for postgres-nio's older error type, which its `PreparedQuery` throws.
    init?(postgres error: PostgresError) {
        switch error {
        case .server(let message):
            self.init(sqlState: message.fields[.sqlState], detail: message.fields[.detail], missing: nil)
        case .connectionClosed:
            self = .unavailable("the database server cannot be reached; the daemon reconnects by itself")
        case .protocol:
            return nil
        }
    }

    /// The store error for a server error's SQLSTATE, `nil` for one that is a bug.
    private init?(sqlState: String?, detail: String?, missing: String?) {
        switch sqlState {
        case "23505"?:  // unique_violation: "Key (user_id, role)=(…) already exists."
            self = .duplicate(field: Self.columns(inKeyDetail: detail) ?? "key")
        case "23503"?:  // foreign_key_violation
            self = .notFound(missing ?? "a record this one refers to")
        case "53100"?: self = .unavailable("the database server's disk is full")
        case "53200"?: self = .unavailable("the database server ran out of memory")
        case "53300"?: self = .unavailable("the database server accepts no more connections; try again")
        case "57P03"?: self = .unavailable("the database server is starting up; try again")
        case "57P01"?, "57P02"?: self = .unavailable("the database server is shutting down; try again")
        case "25006"?: self = .unavailable("the database server is read-only (a standby?)")
        case "28P01"?, "28000"?:
            self = .unavailable("the database server refused the store's user; check --store and its password")
        case "3D000"?: self = .unavailable("the store's database does not exist; create it first")
        default: return nil
        }
    }

    /// `"Key (user_id, role)=(u, r) already exists."` → `"user_id, role"`. A key on `lower(column)`
    /// (a column that is COLLATE NOCASE on SQLite, see `PostgresSchema`) names the column, as
    /// SQLite does: `"Key (group_id, lower(email))=…"` → `"group_id, email"`.
    static func columns(inKeyDetail detail: String?) -> String? {
        guard let detail, let open = detail.range(of: "Key ("),
            let close = detail.range(of: ")=", range: open.upperBound..<detail.endIndex)
        else { return nil }
        let columns = detail[open.upperBound..<close.lowerBound].split(separator: ",").map {
            Self.column(inKeyExpression: $0.trimmingCharacters(in: .whitespaces))
        }
        return columns.isEmpty ? nil : columns.joined(separator: ", ")
    }

    /// `"lower(email)"` → `"email"`; a plain column as it is.
    private static func column(inKeyExpression expression: String) -> String {
        guard expression.hasPrefix("lower("), expression.hasSuffix(")") else { return expression }
        return String(expression.dropFirst("lower(".count).dropLast())
    }

    /// Runs `operation`, turning the PostgreSQL errors a caller can act on into store errors.
    /// `missing` names what a failed foreign key refers to.
    public static func mappingPostgres<T>(missing: String? = nil, _ operation: () throws -> T) throws -> T {
        do {
            return try operation()
        } catch let error as PSQLError {
            throw StoreError(postgres: error, missing: missing) ?? error
        }
    }

    /// An error leaving the store: PostgreSQL errors become store errors (logging the ones that
    /// are bugs, never with their SQL arguments); the caller's own errors pass through unchanged.
    static func surfacePostgres(_ error: any Error, logger: Logger) -> any Error {
        if let legacy = error as? PostgresError {
            if let mapped = StoreError(postgres: legacy) { return mapped }
            logger.error("database error", metadata: ["message": "\(legacy)"])
            return StoreError.unavailable("the database failed; see the daemon's log")
        }
        guard let error = error as? PSQLError else { return error }
        if let mapped = StoreError(postgres: error) {
            if case .unavailable = mapped {
                logger.warning("database unavailable", metadata: ["error": "\(String(reflecting: error.code))"])
            }
            return mapped
        }
        logger.error(
            "database error",
            metadata: [
                "sqlstate": "\(error.serverInfo?[.sqlState] ?? "-")",
                "message": "\(error.serverInfo?[.message] ?? "\(error.code)")",
            ])
        return StoreError.unavailable("the database failed; see the daemon's log")
    }

    /// Whether the transaction may simply run again: a serialization failure or a deadlock.
    static func isRetryable(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, error.code == .server else { return false }
        return error.serverInfo?[.sqlState] == "40001" || error.serverInfo?[.sqlState] == "40P01"
    }

    /// Whether the connection is gone (then it is replaced before the next transaction).
    static func isConnectionLost(_ error: any Error) -> Bool {
        switch error as? PostgresError {
        case .connectionClosed?: return true
        case .server(let message)?: return message.fields[.sqlState]?.hasPrefix("57P") == true
        case .protocol?, nil: break
        }
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown: return true
        case .server: return error.serverInfo?[.sqlState]?.hasPrefix("57P") == true
        default: return false
        }
    }
}
