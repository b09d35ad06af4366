import GRDB

extension AppDatabase {
    /// The "v9 billing statements" migration: statements of billing accounts, numbered per
    /// group, and the ledger entries each lists. Like the ledger, both are append-only.
    static func migrateToStatements(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE statements (
                    id TEXT NOT NULL PRIMARY KEY,
                    group_id TEXT NOT NULL REFERENCES groups(id),
                    client_id TEXT NOT NULL REFERENCES clients(id),
                    number INTEGER NOT NULL CHECK (number >= 1),
                    period_start INTEGER NOT NULL,
                    period_end INTEGER NOT NULL,
                    currency TEXT NOT NULL,
                    opening_minor INTEGER NOT NULL,
                    credits_minor INTEGER NOT NULL CHECK (credits_minor >= 0),
                    debits_minor INTEGER NOT NULL CHECK (debits_minor <= 0),
                    closing_minor INTEGER NOT NULL,
                    entry_count INTEGER NOT NULL CHECK (entry_count >= 0),
                    recipient_email TEXT NOT NULL,
                    message_id TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    created_by TEXT NOT NULL,
                    UNIQUE (group_id, number),
                    CHECK (period_start < period_end)
                ) STRICT;
                CREATE INDEX statements_by_client ON statements(client_id, number);

                CREATE TABLE statement_entries (
                    statement_id TEXT NOT NULL REFERENCES statements(id),
                    entry_id TEXT NOT NULL REFERENCES ledger_entries(id),
                    PRIMARY KEY (statement_id, entry_id)
                ) STRICT, WITHOUT ROWID;

                CREATE TRIGGER statements_no_update BEFORE UPDATE ON statements
                    BEGIN SELECT RAISE(ABORT, 'statements are append-only'); END;
                CREATE TRIGGER statements_no_delete BEFORE DELETE ON statements
                    BEGIN SELECT RAISE(ABORT, 'statements are append-only'); END;
                CREATE TRIGGER statement_entries_no_update BEFORE UPDATE ON statement_entries
                    BEGIN SELECT RAISE(ABORT, 'statements are append-only'); END;
                CREATE TRIGGER statement_entries_no_delete BEFORE DELETE ON statement_entries
                    BEGIN SELECT RAISE(ABORT, 'statements are append-only'); END;
                """)
    }
}
