extension ClientStore {
    /// Lets this connection keep up to `mebibytes` of pages in memory, for a bulk load
    /// (benchmark seeding): inserts into the indexes then rarely read pages back.
    /// Lasts as long as the connection.
    public func reservePageCache(mebibytes: Int) throws {
        try StoreError.mapping { try self.db.execute(sql: "PRAGMA cache_size = -\(mebibytes * 1024)") }
    }
}
