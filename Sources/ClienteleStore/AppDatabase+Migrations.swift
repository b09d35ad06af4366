import GRDB

extension AppDatabase {
    /// The schema, one named migration per change. Never edit a shipped migration; add one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 identity") { db in
            try db.execute(
                sql: """
                    CREATE TABLE groups (
                        id TEXT NOT NULL PRIMARY KEY,
                        name TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        version INTEGER NOT NULL
                    ) STRICT;

                    CREATE TABLE users (
                        id TEXT NOT NULL PRIMARY KEY,
                        email TEXT NOT NULL COLLATE NOCASE UNIQUE,
                        name TEXT NOT NULL,
                        password_hash BLOB,
                        password_salt BLOB,
                        disabled INTEGER NOT NULL CHECK (disabled IN (0, 1)),
                        must_change_password INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
                        failed_logins INTEGER NOT NULL CHECK (failed_logins >= 0),
                        locked_until INTEGER,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        version INTEGER NOT NULL
                    ) STRICT;

                    CREATE TABLE role_assignments (
                        id TEXT NOT NULL PRIMARY KEY,
                        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        role TEXT NOT NULL,
                        scope_kind TEXT NOT NULL CHECK (scope_kind IN ('group', 'client')),
                        scope_id TEXT NOT NULL,
                        group_id TEXT NOT NULL REFERENCES groups(id),
                        created_at INTEGER NOT NULL,
                        created_by TEXT,
                        expires_at INTEGER,
                        UNIQUE (user_id, role, scope_kind, scope_id)
                    ) STRICT;
                    CREATE INDEX role_assignments_by_group ON role_assignments(group_id);

                    CREATE TABLE sessions (
                        id TEXT NOT NULL PRIMARY KEY,
                        token_hash BLOB NOT NULL UNIQUE,
                        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        created_at INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL,
                        revoked_at INTEGER,
                        impersonated_client_id TEXT,
                        actor_user_id TEXT
                    ) STRICT;
                    CREATE INDEX sessions_by_user ON sessions(user_id);

                    CREATE TABLE api_keys (
                        id TEXT NOT NULL PRIMARY KEY,
                        key_hash BLOB NOT NULL UNIQUE,
                        prefix TEXT NOT NULL,
                        name TEXT NOT NULL,
                        group_id TEXT NOT NULL REFERENCES groups(id),
                        role TEXT NOT NULL,
                        scope_kind TEXT NOT NULL CHECK (scope_kind IN ('group', 'client')),
                        scope_id TEXT NOT NULL,
                        created_by TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        last_used_at INTEGER,
                        revoked_at INTEGER
                    ) STRICT;
                    CREATE INDEX api_keys_by_group ON api_keys(group_id, created_at);
                    """
            )
        }
        migrator.registerMigration("v2 clients") { db in
            try db.execute(
                sql: """
                    CREATE TABLE clients (
                        id TEXT NOT NULL PRIMARY KEY,
                        group_id TEXT NOT NULL REFERENCES groups(id),
                        version INTEGER NOT NULL,
                        status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 4),
                        blocked INTEGER NOT NULL CHECK (blocked IN (0, 1)),
                        blocked_reason TEXT,
                        blocked_by TEXT,
                        blocked_at INTEGER,
                        suspended INTEGER NOT NULL CHECK (suspended IN (0, 1)),
                        suspended_reason TEXT,
                        suspended_by TEXT,
                        suspended_at INTEGER,
                        account_name TEXT NOT NULL COLLATE NOCASE,
                        company_name TEXT NOT NULL COLLATE NOCASE,
                        legal_id TEXT,
                        login TEXT COLLATE NOCASE UNIQUE,
                        billing_name TEXT NOT NULL,
                        billing_emails TEXT NOT NULL,
                        country TEXT NOT NULL,
                        region TEXT NOT NULL,
                        city TEXT NOT NULL,
                        address_lines TEXT NOT NULL,
                        postal_code TEXT NOT NULL,
                        currency TEXT NOT NULL,
                        billing_mode INTEGER NOT NULL,
                        credit_limit_minor INTEGER NOT NULL,
                        pricing_model INTEGER NOT NULL,
                        tax_region TEXT NOT NULL,
                        timezone TEXT NOT NULL,
                        manager_user_id TEXT REFERENCES users(id),
                        moderation INTEGER NOT NULL CHECK (moderation IN (0, 1)),
                        connection_kind INTEGER NOT NULL,
                        service_levels TEXT NOT NULL,
                        phone TEXT NOT NULL,
                        owner_user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
                        activation_deadline INTEGER,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        closed_at INTEGER,
                        UNIQUE (group_id, legal_id)
                    ) STRICT;
                    -- One index per sort order; each also carries the filter columns, so a
                    -- filtered page is found by walking the index alone.
                    CREATE INDEX clients_by_account_name ON clients(
                        group_id, account_name, id, status, blocked, manager_user_id, country, currency,
                        connection_kind);
                    CREATE INDEX clients_by_company_name ON clients(
                        group_id, company_name, id, status, blocked, manager_user_id, country, currency,
                        connection_kind);
                    CREATE INDEX clients_by_status ON clients(
                        group_id, status, id, blocked, manager_user_id, country, currency, connection_kind);
                    CREATE INDEX clients_by_created ON clients(
                        group_id, created_at, id, status, blocked, manager_user_id, country, currency,
                        connection_kind);
                    -- A manager's clients in each order, whatever share of the group they are.
                    CREATE INDEX clients_by_manager_account_name ON clients(
                        group_id, manager_user_id, account_name, id, status);
                    CREATE INDEX clients_by_manager_company_name ON clients(
                        group_id, manager_user_id, company_name, id, status);
                    CREATE INDEX clients_by_manager_status ON clients(group_id, manager_user_id, status, id);
                    CREATE INDEX clients_by_manager_created ON clients(
                        group_id, manager_user_id, created_at, id, status);
                    CREATE INDEX clients_pending_activation ON clients(activation_deadline)
                        WHERE activation_deadline IS NOT NULL;

                    -- Emails and phones of a client and its contacts, for exact-match filters.
                    CREATE TABLE client_lookup (
                        kind TEXT NOT NULL CHECK (kind IN ('email', 'phone')),
                        value TEXT NOT NULL COLLATE NOCASE,
                        client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
                        PRIMARY KEY (kind, value, client_id)
                    ) STRICT, WITHOUT ROWID;
                    CREATE INDEX client_lookup_by_client ON client_lookup(client_id);

                    -- Search over names, login and emails; rowid = clients.rowid. Replaced in v6.
                    CREATE VIRTUAL TABLE client_search USING fts5(text, tokenize = 'trigram');

                    CREATE TABLE contacts (
                        id TEXT NOT NULL PRIMARY KEY,
                        client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        first_name TEXT NOT NULL,
                        last_name TEXT NOT NULL,
                        email TEXT NOT NULL,
                        phone TEXT NOT NULL,
                        is_primary INTEGER NOT NULL CHECK (is_primary IN (0, 1)),
                        country TEXT NOT NULL,
                        region TEXT NOT NULL,
                        city TEXT NOT NULL,
                        address_lines TEXT NOT NULL,
                        postal_code TEXT NOT NULL
                    ) STRICT;
                    CREATE INDEX contacts_by_client ON contacts(client_id, position);
                    CREATE UNIQUE INDEX contacts_one_primary ON contacts(client_id) WHERE is_primary = 1;

                    CREATE TABLE notes (
                        id TEXT NOT NULL PRIMARY KEY,
                        client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
                        author_user_id TEXT NOT NULL,
                        text TEXT NOT NULL,
                        created_at INTEGER NOT NULL
                    ) STRICT;
                    CREATE INDEX notes_by_client ON notes(client_id, created_at, id);

                    CREATE TABLE invitations (
                        id TEXT NOT NULL PRIMARY KEY,
                        token_hash BLOB NOT NULL UNIQUE,
                        kind TEXT NOT NULL,
                        group_id TEXT NOT NULL REFERENCES groups(id),
                        client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
                        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        created_by TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL,
                        accepted_at INTEGER,
                        revoked_at INTEGER
                    ) STRICT;
                    CREATE INDEX invitations_by_client ON invitations(client_id);
                    CREATE INDEX invitations_open ON invitations(expires_at)
                        WHERE accepted_at IS NULL AND revoked_at IS NULL;

                    CREATE TABLE outbox (
                        id TEXT NOT NULL PRIMARY KEY,
                        group_id TEXT NOT NULL REFERENCES groups(id),
                        client_id TEXT NOT NULL,
                        kind INTEGER NOT NULL,
                        recipient_email TEXT NOT NULL,
                        recipient_name TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        body TEXT NOT NULL,
                        data TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        delivered_at INTEGER
                    ) STRICT;
                    CREATE INDEX outbox_pending ON outbox(group_id, created_at, id) WHERE delivered_at IS NULL;
                    CREATE INDEX outbox_by_client ON outbox(client_id) WHERE delivered_at IS NULL;

                    CREATE TABLE audit_entries (
                        id TEXT NOT NULL PRIMARY KEY,
                        sequence INTEGER NOT NULL UNIQUE,
                        group_id TEXT NOT NULL,
                        client_id TEXT,
                        actor TEXT NOT NULL,
                        on_behalf_of TEXT,
                        action TEXT NOT NULL,
                        resource TEXT NOT NULL,
                        request_id TEXT NOT NULL,
                        changed_fields TEXT NOT NULL,
                        detail TEXT NOT NULL,
                        at INTEGER NOT NULL
                    ) STRICT;
                    CREATE INDEX audit_by_group ON audit_entries(group_id, sequence);
                    CREATE INDEX audit_by_client ON audit_entries(client_id, sequence) WHERE client_id IS NOT NULL;

                    CREATE TABLE idempotency_keys (
                        caller TEXT NOT NULL,
                        key TEXT NOT NULL,
                        method TEXT NOT NULL,
                        request_hash BLOB NOT NULL,
                        response BLOB NOT NULL,
                        created_at INTEGER NOT NULL,
                        PRIMARY KEY (caller, key)
                    ) STRICT, WITHOUT ROWID;
                    CREATE INDEX idempotency_keys_by_age ON idempotency_keys(created_at);
                    """
            )
        }
        migrator.registerMigration("v3 billing") { db in
            try db.execute(
                sql: """
                    CREATE TABLE billing_accounts (
                        client_id TEXT NOT NULL PRIMARY KEY REFERENCES clients(id),
                        group_id TEXT NOT NULL,
                        balance_minor INTEGER NOT NULL,
                        entry_count INTEGER NOT NULL CHECK (entry_count >= 0)
                    ) STRICT;
                    INSERT INTO billing_accounts (client_id, group_id, balance_minor, entry_count)
                        SELECT id, group_id, 0, 0 FROM clients;

                    CREATE TABLE ledger_entries (
                        id TEXT NOT NULL PRIMARY KEY,
                        client_id TEXT NOT NULL REFERENCES billing_accounts(client_id),
                        sequence INTEGER NOT NULL CHECK (sequence >= 1),
                        kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 6),
                        amount_minor INTEGER NOT NULL CHECK (amount_minor != 0),
                        balance_after_minor INTEGER NOT NULL,
                        currency TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        on_behalf_of TEXT,
                        comment TEXT NOT NULL,
                        idempotency_key TEXT,
                        at INTEGER NOT NULL,
                        payment_method TEXT NOT NULL,
                        payment_reference TEXT NOT NULL,
                        payment_payer TEXT NOT NULL,
                        corrects_entry_id TEXT REFERENCES ledger_entries(id),
                        package_name TEXT NOT NULL,
                        UNIQUE (client_id, sequence)
                    ) STRICT;
                    -- A payment is corrected at most once.
                    CREATE UNIQUE INDEX ledger_one_correction ON ledger_entries(corrects_entry_id)
                        WHERE corrects_entry_id IS NOT NULL;
                    CREATE INDEX ledger_by_client_time ON ledger_entries(client_id, at);
                    -- Append-only, whatever the code above it does.
                    CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
                        BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
                    CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
                        BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
                    """
            )
        }
        migrator.registerMigration("v4 people and accounts") { db in
            try db.execute(
                sql: """
                    ALTER TABLE clients ADD COLUMN parent_client_id TEXT REFERENCES clients(id);
                    CREATE INDEX clients_by_parent ON clients(parent_client_id) WHERE parent_client_id IS NOT NULL;

                    -- Members of a client; their role is also a role assignment on the client.
                    CREATE TABLE client_members (
                        client_id TEXT NOT NULL REFERENCES clients(id),
                        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        role TEXT NOT NULL CHECK (role IN ('member_admin', 'member')),
                        portal_access INTEGER NOT NULL CHECK (portal_access IN (0, 1)),
                        created_at INTEGER NOT NULL,
                        PRIMARY KEY (client_id, user_id)
                    ) STRICT, WITHOUT ROWID;
                    CREATE INDEX client_members_by_user ON client_members(user_id);

                    ALTER TABLE invitations ADD COLUMN email TEXT NOT NULL DEFAULT '';

                    CREATE TABLE accounts (
                        id TEXT NOT NULL PRIMARY KEY,
                        group_id TEXT NOT NULL REFERENCES groups(id),
                        client_id TEXT REFERENCES clients(id),
                        product TEXT NOT NULL,
                        name TEXT NOT NULL,
                        external_id TEXT,
                        created_at INTEGER NOT NULL,
                        UNIQUE (group_id, external_id)
                    ) STRICT;
                    CREATE INDEX accounts_by_client ON accounts(client_id, created_at);
                    CREATE INDEX accounts_unlinked ON accounts(group_id, created_at) WHERE client_id IS NULL;

                    -- Partner staff access to a whole client (account_id NULL) or one of its accounts.
                    CREATE TABLE staff_grants (
                        id TEXT NOT NULL PRIMARY KEY,
                        group_id TEXT NOT NULL REFERENCES groups(id),
                        client_id TEXT NOT NULL REFERENCES clients(id),
                        account_id TEXT REFERENCES accounts(id),
                        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        granted_by TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        expires_at INTEGER
                    ) STRICT;
                    CREATE INDEX staff_grants_by_client ON staff_grants(client_id);
                    CREATE INDEX staff_grants_by_user ON staff_grants(user_id);
                    CREATE INDEX sessions_by_impersonated_client ON sessions(impersonated_client_id)
                        WHERE impersonated_client_id IS NOT NULL;
                    """
            )
        }
        migrator.registerMigration("v5 client imports") { db in
            try db.execute(
                sql: """
                    -- A CSV import of clients from its begin until it expires; once committed only
                    -- the record stays (its rows go), so that replays of its calls still resolve it.
                    CREATE TABLE client_imports (
                        id TEXT NOT NULL PRIMARY KEY,
                        group_id TEXT NOT NULL REFERENCES groups(id),
                        caller TEXT NOT NULL,
                        columns TEXT NOT NULL,
                        mode INTEGER NOT NULL CHECK (mode IN (1, 2)),
                        dry_run INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
                        created_at INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL,
                        committed_at INTEGER
                    ) STRICT;
                    CREATE INDEX client_imports_by_expiry ON client_imports(expires_at);

                    -- Its rows as received (JSON arrays), their errors, and the unique fields
                    -- they claim, for the duplicates within the file.
                    CREATE TABLE client_import_rows (
                        import_id TEXT NOT NULL REFERENCES client_imports(id) ON DELETE CASCADE,
                        row_number INTEGER NOT NULL,
                        row_values TEXT NOT NULL,
                        errors TEXT NOT NULL,
                        legal_id TEXT,
                        login TEXT COLLATE NOCASE,
                        PRIMARY KEY (import_id, row_number)
                    ) STRICT, WITHOUT ROWID;
                    CREATE INDEX client_import_rows_by_legal_id ON client_import_rows(import_id, legal_id)
                        WHERE legal_id IS NOT NULL;
                    CREATE INDEX client_import_rows_by_login ON client_import_rows(import_id, login)
                        WHERE login IS NOT NULL;
                    """
            )
        }
        migrator.registerMigration("v6 word search") { db in
            // The trigram index found substrings, but a search read long position lists of
            // common trigrams (5 ms and more at 1M clients). Words instead (see `SearchText`),
            // with prefix indexes up to 6 characters so that a typed prefix reads one list.
            try db.execute(
                sql: """
                    CREATE VIRTUAL TABLE client_words USING fts5(
                        text, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6');
                    """)
            let old = try Row.fetchCursor(db, sql: "SELECT rowid, text FROM client_search")
            let insert = try db.makeStatement(sql: "INSERT INTO client_words (rowid, text) VALUES (?, ?)")
            while let row = try old.next() {
                // The old text is the fields joined by spaces: its words are the fields' words.
                let rowid: Int64 = row[0]
                let text: String = row[1]
                try insert.execute(arguments: [rowid, SearchText.document([text])])
            }
            try db.execute(sql: "DROP TABLE client_search")
            try db.execute(sql: "ALTER TABLE client_words RENAME TO client_search")
        }
        migrator.registerMigration("v7 tenant-owned accounts") { db in
            try Self.migrateToTenantOwnedAccounts(db)
        }
        migrator.registerMigration("v8 sub-client counts and connection status") { db in
            try db.execute(
                sql: """
                    ALTER TABLE clients ADD COLUMN connection_status INTEGER NOT NULL DEFAULT 1
                        CHECK (connection_status IN (1, 2, 3));
                    ALTER TABLE clients ADD COLUMN sub_client_count INTEGER NOT NULL DEFAULT 0
                        CHECK (sub_client_count >= 0);
                    UPDATE clients SET sub_client_count = (
                        SELECT count(*) FROM clients AS sub WHERE sub.parent_client_id = clients.id)
                    WHERE id IN (SELECT parent_client_id FROM clients WHERE parent_client_id IS NOT NULL);
                    """)
        }
        migrator.registerMigration("v9 billing statements") { db in
            try Self.migrateToStatements(db)
        }
        migrator.registerMigration("v10 change feed") { db in
            try SQLiteChangeStore.createSchema(db)
        }
        migrator.registerMigration("v11 change cursor key") { db in
            try SQLiteChangeStore.createCursorKey(db)
        }
        return migrator
    }
}
