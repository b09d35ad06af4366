extension SQLiteClientStore {
    /// Lets this connection keep up to `mebibytes` of pages in memory, for a bulk load
    /// (benchmark seeding): inserts into the indexes then rarely read pages back.
    /// Lasts as long as the connection.
    public func reservePageCache(mebibytes: Int) throws {
        try self.setPageCache(pragmaValue: -mebibytes * 1024)
    }

    /// Runs `body` with room for `mebibytes` of pages in the connection's cache, then restores
    /// the size: a large commit (CSV import) then neither spills dirty pages to the WAL before
    /// its end nor reads them back. Shrinking the cache afterwards frees the pages.
    public func withPageCache<T>(mebibytes: Int, _ body: () throws -> T) throws -> T {
        let previous = try StoreError.mapping { try Int.fetchOne(self.db, sql: "PRAGMA cache_size") } ?? -2000
        try self.setPageCache(pragmaValue: -mebibytes * 1024)
        defer { try? self.setPageCache(pragmaValue: previous) }
        return try body()
    }

    /// `PRAGMA cache_size`: pages when positive, KiB when negative.
    private func setPageCache(pragmaValue: Int) throws {
        try StoreError.mapping { try self.db.execute(sql: "PRAGMA cache_size = \(pragmaValue)") }
    }
}
