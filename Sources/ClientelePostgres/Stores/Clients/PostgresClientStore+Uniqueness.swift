import ClienteleStore

extension PostgresClientStore {
    /// Whether a client of `groupID` already has `legalID`.
    public func hasClient(groupID: String, legalID: String) throws -> Bool {
        try StoreError.mappingPostgres {
            try self.session.value(
                Bool.self, "SELECT EXISTS (SELECT 1 FROM clients WHERE group_id = $1 AND legal_id = $2)",
                [groupID, legalID]) ?? false
        }
    }

    /// Whether a client of `groupID` has `login`, compared case-insensitively (A–Z, as SQLite's
    /// NOCASE). Logins are unique per group: another group's logins are neither seen nor in the way.
    public func hasClient(groupID: String, login: String) throws -> Bool {
        try StoreError.mappingPostgres {
            try self.session.value(
                Bool.self, "SELECT EXISTS (SELECT 1 FROM clients WHERE group_id = $1 AND lower(login) = $2)",
                [groupID, PostgresClientListSQL.foldingASCII(login)]) ?? false
        }
    }
}
