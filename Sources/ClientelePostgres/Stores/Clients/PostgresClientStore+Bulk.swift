extension PostgresClientStore {
    /// Nothing to do on PostgreSQL: SQLite's per-connection page cache (`PRAGMA cache_size`)
    /// has no per-connection counterpart; the server's shared buffers are its configuration's.
    public func reservePageCache(mebibytes: Int) throws {}

    /// Runs `body`. (SQLite's store widens its connection's page cache around a large commit;
    /// PostgreSQL's buffers are the server's, see `reservePageCache`.)
    public func withPageCache<T>(mebibytes: Int, _ body: () throws -> T) throws -> T {
        try body()
    }
}
