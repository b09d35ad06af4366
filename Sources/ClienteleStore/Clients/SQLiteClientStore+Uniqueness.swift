import GRDB

extension SQLiteClientStore {
    /// Whether a client of `groupID` already has `legalID`.
    public func hasClient(groupID: String, legalID: String) throws -> Bool {
        try StoreError.mapping {
            try Bool.fetchOne(
                cached: self.db, sql: "SELECT EXISTS (SELECT 1 FROM clients WHERE group_id = ? AND legal_id = ?)",
                arguments: [groupID, legalID]) ?? false
        }
    }

    /// Whether a client of `groupID` has `login`, compared case-insensitively. Logins are
    /// unique per group: another group's logins are neither seen nor in the way.
    public func hasClient(groupID: String, login: String) throws -> Bool {
        try StoreError.mapping {
            try Bool.fetchOne(
                cached: self.db, sql: "SELECT EXISTS (SELECT 1 FROM clients WHERE group_id = ? AND login = ?)",
                arguments: [groupID, login]) ?? false
        }
    }
}
