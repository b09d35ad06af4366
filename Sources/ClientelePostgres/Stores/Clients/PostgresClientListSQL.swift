import ClienteleStore
import Foundation
import PostgresNIO

/// The SELECT for one page of a `ClientQuery` on PostgreSQL: the same rows in the same order
/// as `ClientListSQL` selects on SQLite.
///
/// - Sorting: SQLite sorts account and company names by their `COLLATE NOCASE` (A–Z folded,
///   then byte order) and ties by id in byte order; here by `lower(column)` under the columns'
///   "C" collation (A–Z only, then byte order) and by id, the expressions of the
///   `clients_by_…` indexes. The cursor compares the same pair, its name folded A–Z in Swift.
/// - Exact filters compare as SQLite does: `login` and the lookup values were NOCASE there,
///   `lower(column) = ` the value folded A–Z here (the expressions of their indexes).
/// - The search: `PostgresSearchText`'s LIKE patterns over `client_search.text`.
///
/// SQLite's access paths (the narrow search's hits or a lookup leading a CROSS JOIN, the
/// broad search's bitmap, `INDEXED BY`) are its planner hints; PostgreSQL's planner picks
/// its own from the same conditions.
struct PostgresClientListSQL {
    let query: ClientQuery
    /// The search's LIKE patterns, all required; `nil` for no search. (A search nothing can
    /// match never gets here: the store answers an empty page.)
    var searchPatterns: [String]? = nil

    /// The sort column's expression, as in its index.
    private var sortExpression: String {
        switch self.query.sort {
        case .accountName: "lower(clients.account_name)"
        case .companyName: "lower(clients.company_name)"
        case .status: "clients.status"
        case .created: "clients.created_at"
        }
    }

    private var sortsText: Bool { self.query.sort == .accountName || self.query.sort == .companyName }

    func statement(columns: String) -> (String, [(any PostgresDynamicTypeEncodable)?]) {
        var conditions: [String] = []
        var arguments: [(any PostgresDynamicTypeEncodable)?] = []
        func bind(_ value: (any PostgresDynamicTypeEncodable)?) -> String {
            arguments.append(value)
            return "$\(arguments.count)"
        }
        conditions.append("clients.group_id = \(bind(self.query.groupID))")
        if let ids = self.query.visibleClientIDs {
            conditions.append("clients.id = ANY(\(bind(ids))::text[])")
        }
        if let manager = self.query.managerUserID { conditions.append("clients.manager_user_id = \(bind(manager))") }
        if let blocked = self.query.blocked { conditions.append("clients.blocked = \(bind(Int64(blocked ? 1 : 0)))") }
        if self.query.statuses.count == 1, let status = self.query.statuses.first {
            // `= ANY(array)` would keep PostgreSQL 15 from walking clients_by_status in order:
            // it would sort every row of the status first (0.5 s at 1M clients).
            conditions.append("clients.status = \(bind(Int64(status)))")
        } else if !self.query.statuses.isEmpty {
            conditions.append("clients.status = ANY(\(bind(self.query.statuses.map(Int64.init)))::bigint[])")
        } else if !self.query.includeClosed {
            conditions.append("clients.status < 4")
        }
        if let country = self.query.country { conditions.append("clients.country = \(bind(country))") }
        if let currency = self.query.currency { conditions.append("clients.currency = \(bind(currency))") }
        if let login = self.query.login {
            // At most one client per group has the login (clients_login_per_group): found first,
            // by that index, so the planner expects one row; as a plain condition it estimated
            // thousands and walked the sort order instead (0.5-3.6 s at 1M clients).
            conditions.append(
                """
                clients.id = (SELECT by_login.id FROM clients AS by_login WHERE by_login.group_id = \(bind(self.query.groupID)) \
                AND lower(by_login.login) = \(bind(Self.foldingASCII(login))) AND by_login.login IS NOT NULL)
                """)
        }
        if let kind = self.query.connectionKind {
            conditions.append("clients.connection_kind = \(bind(Int64(kind)))")
        }
        if let status = self.query.connectionStatus {
            conditions.append("clients.connection_status = \(bind(Int64(status)))")
        }
        if let parent = self.query.parentClientID { conditions.append("clients.parent_client_id = \(bind(parent))") }
        if self.query.topLevelOnly { conditions.append("clients.parent_client_id IS NULL") }
        for (kind, value) in [("email", self.query.email), ("phone", self.query.phone)] {
            guard let value else { continue }
            conditions.append(
                """
                clients.id IN (SELECT client_id FROM client_lookup
                    WHERE kind = '\(kind)' AND lower(value) = \(bind(Self.foldingASCII(value))))
                """)
        }
        if let patterns = self.searchPatterns {
            let likes = patterns.map { "client_search.text LIKE \(bind($0))" }.joined(separator: " AND ")
            conditions.append("clients.id IN (SELECT client_id FROM client_search WHERE \(likes))")
        }
        let direction = self.query.descending ? "DESC" : "ASC"
        if let after = self.query.after {
            conditions.append(self.cursorCondition(after, bind: bind))
        }
        // SQLite takes a negative LIMIT as no limit; PostgreSQL takes NULL so, and refuses a negative one.
        let limit = bind(self.query.limit < 0 ? nil : Int64(self.query.limit))
        let sql = """
            SELECT \(columns) FROM clients
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(self.sortExpression) \(direction), clients.id \(direction)
            LIMIT \(limit)
            """
        return (sql, arguments)
    }

    /// Rows after `after` in the page's order: `(sort value, id)` beyond the cursor's.
    private func cursorCondition(
        _ after: ClientQuery.PageKey, bind: (any PostgresDynamicTypeEncodable) -> String
    ) -> String {
        let comparison = self.query.descending ? "<" : ">"
        if self.query.sort == .status, self.query.statuses.count == 1,
            after.value == .integer(Int64(self.query.statuses[0]))
        {
            // As on SQLite: one status, sorted by status, continues within it by id alone.
            return "clients.id \(comparison) \(bind(after.id))"
        }
        let value: String
        switch (after.value, self.sortsText) {
        case (.text(let text), true):
            value = "\(bind(Self.foldingASCII(text)))::text"
        case (.integer(let number), false):
            value = "\(bind(number))::bigint"
        case (.integer(let number), true):
            // SQLite compares a number with a text column as its text (the column's affinity).
            value = "\(bind(String(number)))::text"
        case (.text(let text), false):
            // SQLite compares a text with an integer column as a number when it reads as one;
            // otherwise every integer sorts before it.
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if let number = Int64(trimmed) {
                value = "\(bind(number))::bigint"
            } else if let number = Double(trimmed), number.isFinite {
                value = "\(bind(number))::double precision"
            } else {
                return self.query.descending ? "TRUE" : "FALSE"
            }
        }
        return "(\(self.sortExpression), clients.id) \(comparison) (\(value), \(bind(after.id))::text)"
    }

    /// `text` with A–Z lowered and nothing else: what SQLite's NOCASE folds, and what
    /// PostgreSQL's `lower` folds under the "C" collation. (Bytes of multi-byte UTF-8
    /// characters are never ASCII, so a byte-wise map keeps the text valid.)
    static func foldingASCII(_ text: String) -> String {
        guard text.utf8.contains(where: { (0x41...0x5A).contains($0) }) else { return text }
        return String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}
