import GRDB

/// The SELECT for one page of a `ClientQuery`. Unless a selective filter
/// (login, email, phone, search, a list of visible clients, a manager) narrows
/// the rows first, the sort order's index is walked: it carries every filter
/// column, so a page costs about `limit ÷ selectivity` index entries however
/// deep the cursor is.
struct ClientListSQL {
    let query: ClientQuery

    func statement(columns: String) -> (String, StatementArguments) {
        var conditions = ["group_id = ?"]
        var arguments: [(any DatabaseValueConvertible)?] = [self.query.groupID]
        func add(_ condition: String, _ values: [(any DatabaseValueConvertible)?]) {
            conditions.append(condition)
            arguments += values
        }
        if let ids = self.query.visibleClientIDs {
            add("id IN (\(Self.placeholders(ids.count)))", ids)
        }
        if let manager = self.query.managerUserID { add("manager_user_id = ?", [manager]) }
        if let blocked = self.query.blocked { add("blocked = ?", [blocked]) }
        if !self.query.statuses.isEmpty {
            add("status IN (\(Self.placeholders(self.query.statuses.count)))", self.query.statuses)
        } else if !self.query.includeClosed {
            add("status IN (1, 2, 3)", [])
        }
        if let country = self.query.country { add("country = ?", [country]) }
        if let currency = self.query.currency { add("currency = ?", [currency]) }
        if let login = self.query.login { add("login = ?", [login]) }
        if let kind = self.query.connectionKind { add("connection_kind = ?", [kind]) }
        if let email = self.query.email {
            add("id IN (SELECT client_id FROM client_lookup WHERE kind = 'email' AND value = ?)", [email])
        }
        if let phone = self.query.phone {
            add("id IN (SELECT client_id FROM client_lookup WHERE kind = 'phone' AND value = ?)", [phone])
        }
        if let search = self.query.search {
            add("rowid IN (SELECT rowid FROM client_search WHERE client_search MATCH ?)", [search])
        }
        let column = self.query.sort.rawValue
        let direction = self.query.descending ? "DESC" : "ASC"
        if let after = self.query.after {
            let value: any DatabaseValueConvertible =
                switch after.value {
                case .text(let text): text
                case .integer(let number): number
                }
            add("(\(column), id) \(self.query.descending ? "<" : ">") (?, ?)", [value, after.id])
        }
        arguments.append(self.query.limit)
        let sql = """
            SELECT \(columns) FROM clients \(self.index.map { "INDEXED BY \($0)" } ?? "")
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(column) \(direction), id \(direction)
            LIMIT ?
            """
        return (sql, StatementArguments(arguments))
    }

    /// The index to walk, or `nil` to let SQLite start from a selective filter.
    private var index: String? {
        let query = self.query
        if query.visibleClientIDs != nil || query.login != nil || query.email != nil || query.phone != nil
            || query.search != nil
        {
            return nil
        }
        if query.managerUserID != nil {
            return query.sort == .accountName ? "clients_by_manager" : nil
        }
        return "clients_by_\(query.sort.rawValue.replacingOccurrences(of: "_at", with: ""))"
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
