import GRDB

extension ClientStore {
    /// Whether a client of `groupID` already has `legalID`.
    public func hasClient(groupID: String, legalID: String) throws -> Bool {
        try StoreError.mapping {
            try Bool.fetchOne(
                cached: self.db, sql: "SELECT EXISTS (SELECT 1 FROM clients WHERE group_id = ? AND legal_id = ?)",
                arguments: [groupID, legalID]) ?? false
        }
    }

    /// Whether any client has `login`, compared case-insensitively.
    public func hasClient(login: String) throws -> Bool {
        try StoreError.mapping {
            try Bool.fetchOne(
                cached: self.db, sql: "SELECT EXISTS (SELECT 1 FROM clients WHERE login = ?)", arguments: [login])
                ?? false
        }
    }
}
