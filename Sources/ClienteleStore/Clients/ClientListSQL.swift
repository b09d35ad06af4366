import Foundation
import GRDB

/// The SELECT for one page of a `ClientQuery`. A filter that names a few clients
/// (login, email, phone, a narrow search, a list of visible clients) drives the
/// query: its rows are found first (the lookup table or the search's hits lead
/// the join, forced with CROSS JOIN, since without statistics SQLite would rather
/// walk the sort order's index and test every row) and only those are sorted.
/// Otherwise the sort order's index is walked: it carries every filter column, so
/// a page costs about `limit ÷ selectivity` index entries however deep the cursor is.
struct ClientListSQL {
    /// A search matching fewer clients than this drives the query; a broader one is
    /// tested against the sort order's index walk instead.
    static let narrowSearch = 1_000

    let query: ClientQuery
    /// The rowids a narrow search matches (at most `narrowSearch`), read once with the
    /// static `searchHits` query so that the page does not run the match again; `nil`
    /// for a broad search or none.
    var searchHits: [Int64]? = nil
    /// The rowids a broad search matches as a bitmap (`SearchHitBitmap`), read with the
    /// static `searchBitmap` query; the index walk tests each entry's bit.
    var searchBitmap: Data? = nil

    /// The first rowids a search matches: one more than `narrowSearch` means a broad search.
    static let searchHits = """
        SELECT rowid FROM client_search WHERE client_search MATCH ? LIMIT \(narrowSearch + 1)
        """

    /// Every rowid a search matches, as a bitmap.
    static let searchBitmap = "SELECT client_hits(rowid) FROM client_search WHERE client_search MATCH ?"

    func statement(columns: String) -> (String, StatementArguments) {
        var driver = ""
        var driverArguments: [(any DatabaseValueConvertible)?] = []
        var conditions = ["clients.group_id = ?"]
        var arguments: [(any DatabaseValueConvertible)?] = [self.query.groupID]
        func add(_ condition: String, _ values: [(any DatabaseValueConvertible)?]) {
            conditions.append(condition)
            arguments += values
        }
        if let bitmap = self.searchBitmap {
            // First of the tests an index walk makes on each entry: SQLite tests them in this
            // order, and the bit needs only the entry's rowid, where the others decode columns.
            add("client_hit(?, clients.rowid)", [bitmap])
        }
        if let ids = self.query.visibleClientIDs {
            add("clients.id IN (\(Self.placeholders(ids.count)))", ids)
        }
        if let manager = self.query.managerUserID { add("manager_user_id = ?", [manager]) }
        if let blocked = self.query.blocked { add("blocked = ?", [blocked]) }
        if !self.query.statuses.isEmpty {
            add("status IN (\(Self.placeholders(self.query.statuses.count)))", self.query.statuses)
        } else if !self.query.includeClosed {
            // Every status but closed (4). A comparison, not `IN (1, 2, 3)`: an index walk tests
            // every entry it passes, and IN searches a temporary B-tree of its values each time.
            add("status < 4", [])
        }
        if let country = self.query.country { add("country = ?", [country]) }
        if let currency = self.query.currency { add("currency = ?", [currency]) }
        if let login = self.query.login { add("login = ?", [login]) }
        if let kind = self.query.connectionKind { add("connection_kind = ?", [kind]) }
        if let status = self.query.connectionStatus { add("connection_status = ?", [status]) }
        if let parent = self.query.parentClientID { add("parent_client_id = ?", [parent]) }
        if self.query.topLevelOnly { add("parent_client_id IS NULL", []) }
        for (kind, value) in [("email", self.query.email), ("phone", self.query.phone)] {
            guard let value else { continue }
            if driver.isEmpty, self.query.login == nil, self.query.visibleClientIDs == nil {
                driver = "client_lookup AS lookup CROSS JOIN "
                driverArguments = [kind, value]
                // `+`: the group must not offer an index, or SQLite scans a group-led index per lookup row.
                conditions[0] = "+clients.group_id = ?"
                conditions.insert("lookup.kind = ? AND lookup.value = ? AND clients.id = lookup.client_id", at: 0)
            } else {
                add(
                    "clients.id IN (SELECT client_id FROM client_lookup WHERE kind = '\(kind)' AND value = ?)", [value])
            }
        }
        if let search = self.query.search {
            if let hits = self.searchHits {
                // The hits travel as one JSON array: one statement text (and cache entry) for any count.
                let list = "[" + hits.map(String.init).joined(separator: ",") + "]"
                if driver.isEmpty, self.query.login == nil, self.query.visibleClientIDs == nil {
                    // Only the hit's rowid is visible: json_each's own columns (id, value…) would clash.
                    driver = "(SELECT value AS hit_rowid FROM json_each(?)) AS hit CROSS JOIN "
                    driverArguments = [list]
                    conditions.insert("clients.rowid = hit.hit_rowid", at: 0)
                } else {
                    add("clients.rowid IN (SELECT value FROM json_each(?))", [list])
                }
            } else if self.searchBitmap == nil {
                // Neither read (ClientStore always reads one): the statement still filters by the match.
                add("clients.rowid IN (SELECT rowid FROM client_search WHERE client_search MATCH ?)", [search])
            }
        }
        let column = self.query.sort.rawValue
        let direction = self.query.descending ? "DESC" : "ASC"
        if let after = self.query.after {
            let value: any DatabaseValueConvertible =
                switch after.value {
                case .text(let text): text
                case .integer(let number): number
                }
            let comparison = self.query.descending ? "<" : ">"
            if self.query.sort == .status, self.query.statuses.count == 1,
                after.value == .integer(Int64(self.query.statuses[0]))
            {
                // One status, sorted by status: the page continues within it, by id alone
                // (SQLite does not narrow `status IN (…)` with the row-value cursor).
                add("clients.id \(comparison) ?", [after.id])
            } else {
                add("(\(column), clients.id) \(comparison) (?, ?)", [value, after.id])
            }
        }
        arguments.append(self.query.limit)
        let sql = """
            SELECT \(columns) FROM \(driver)clients \(driver.isEmpty ? self.index.map { "INDEXED BY \($0)" } ?? "" : "")
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(column) \(direction), clients.id \(direction)
            LIMIT ?
            """
        return (sql, StatementArguments(driverArguments + arguments))
    }

    private var isNarrowSearch: Bool { self.searchHits != nil }

    /// The index to walk, or `nil` to let SQLite start from a selective filter.
    private var index: String? {
        let query = self.query
        if query.visibleClientIDs != nil || query.login != nil || query.email != nil || query.phone != nil {
            return nil
        }
        if query.search != nil, self.isNarrowSearch { return nil }
        if query.managerUserID != nil {
            return "clients_by_manager_\(self.sortName)"
        }
        return "clients_by_\(self.sortName)"
    }

    private var sortName: String { self.query.sort.rawValue.replacingOccurrences(of: "_at", with: "") }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
