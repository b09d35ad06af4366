/// The PostgreSQL schema, as migrations (see `PostgresMigrator`).
///
/// "v1 clientele schema" is the final SQLite schema (ClienteleStore's migrations v1 to v11) in
/// PostgreSQL: the same tables, columns (in the same order), keys, checks and indexes, so that
/// one store's SQL reads much like the other's. Later changes are new named migrations, one
/// per SQLite migration that changes the schema. The rules of the translation:
///
/// - INTEGER → BIGINT (0/1 flags too, with the same `CHECK (x IN (0, 1))`), TEXT → TEXT,
///   BLOB → BYTEA. STRICT and WITHOUT ROWID have no counterpart and go.
/// - Every TEXT column is `COLLATE "C"`: SQLite compares text byte by byte (BINARY), and so
///   does "C", whatever locale the database was created with, so ids, names and cursors sort
///   as on SQLite (and `LIKE 'prefix%'` can use a B-tree index).
/// - SQLite's `COLLATE NOCASE` columns (users.email, sign_in_throttle.email, client_lookup.value,
///   clients.account_name, company_name and login, client_import_rows.login) keep their plain
///   value; their keys and indexes are on `lower(column)`. Under "C", `lower` folds A–Z only,
///   exactly as NOCASE does, so the same values collide and sort alike. A store compares
///   `lower(column) = lower($1)` and sorts by `lower(column)` where SQLite relied on NOCASE. A
///   unique violation names `lower(email)` in its detail; `StoreError(postgres:)` reports it as
///   `email`, as SQLite would. A key on an expression cannot be a PRIMARY KEY: sign_in_throttle
///   and client_lookup have a unique index instead (`ON CONFLICT (group_id, lower(email))`).
/// - The SQLite FTS5 table `client_search` becomes a plain table (below) with a trigram index.
/// - `changes.sequence` (`INTEGER PRIMARY KEY AUTOINCREMENT`) is an identity column: ChangeStore
///   inserts changes without a sequence and relies on SQLite numbering them, never reusing a
///   number. No other table relies on automatic rowids (audit_entries.sequence is computed
///   by AuditStore; change_feed.id is always 1), so no other table has one.
/// - The append-only triggers raise the same messages from one PL/pgSQL function, and also
///   refuse TRUNCATE, which SQLite does not have.
///
/// The migrator sends a migration as one statement (the extended protocol takes no lists of
/// statements), so each migration's statements run inside one `DO` block: see `script`.
enum PostgresSchema {
    static let migrations: [PostgresMigration] = [
        PostgresMigration(name: "v1 clientele schema", sql: script(v1)),
        PostgresMigration(name: "v2 write generation", sql: script(v2)),
    ]

    /// `statements` (separated by semicolons, as in a psql script) as one statement: a PL/pgSQL
    /// block runs each of them in turn. They may hold dollar-quoted bodies tagged other than
    /// `$migration$`.
    static func script(_ statements: String) -> String {
        "DO $migration$\nBEGIN\n" + statements + "\nEND\n$migration$"
    }

    private static let v1 = """
        -- pg_trgm: the search table's index; unaccent: for stores that fold accents in SQL;
        -- pgcrypto: gen_random_bytes, the secrets below. All three are trusted extensions: a
        -- user allowed to CREATE in the database may install them, no superuser needed.
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE EXTENSION IF NOT EXISTS unaccent;
        CREATE EXTENSION IF NOT EXISTS pgcrypto;

        -- Refuses the row change (or TRUNCATE) it is attached to with the message it is given,
        -- as SQLite's RAISE(ABORT, message) triggers do (SQLITE_CONSTRAINT_TRIGGER there:
        -- integrity_constraint_violation, 23000, here).
        CREATE FUNCTION clientele_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $function$
        BEGIN
            RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'integrity_constraint_violation';
        END
        $function$;

        -- v1 identity
        CREATE TABLE groups (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            name TEXT COLLATE "C" NOT NULL,
            created_at BIGINT NOT NULL,
            version BIGINT NOT NULL
        );

        -- Tenant-owned accounts (SQLite v7). email was COLLATE NOCASE: unique per group in any letter case.
        CREATE TABLE users (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            group_id TEXT COLLATE "C" NOT NULL REFERENCES groups(id),
            email TEXT COLLATE "C" NOT NULL,
            name TEXT COLLATE "C" NOT NULL,
            password_hash BYTEA,
            password_salt BYTEA,
            disabled BIGINT NOT NULL CHECK (disabled IN (0, 1)),
            must_change_password BIGINT NOT NULL CHECK (must_change_password IN (0, 1)),
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            version BIGINT NOT NULL
        );
        CREATE UNIQUE INDEX users_group_id_email_key ON users (group_id, lower(email));

        CREATE TABLE role_assignments (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            role TEXT COLLATE "C" NOT NULL,
            scope_kind TEXT COLLATE "C" NOT NULL CHECK (scope_kind IN ('group', 'client')),
            scope_id TEXT COLLATE "C" NOT NULL,
            group_id TEXT COLLATE "C" NOT NULL REFERENCES groups(id),
            created_at BIGINT NOT NULL,
            created_by TEXT COLLATE "C",
            expires_at BIGINT,
            UNIQUE (user_id, role, scope_kind, scope_id)
        );
        CREATE INDEX role_assignments_by_group ON role_assignments (group_id);

        CREATE TABLE sessions (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            token_hash BYTEA NOT NULL UNIQUE,
            user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            revoked_at BIGINT,
            impersonated_client_id TEXT COLLATE "C",
            actor_user_id TEXT COLLATE "C"
        );
        CREATE INDEX sessions_by_user ON sessions (user_id);
        CREATE INDEX sessions_by_impersonated_client ON sessions (impersonated_client_id)
            WHERE impersonated_client_id IS NOT NULL;

        CREATE TABLE api_keys (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            key_hash BYTEA NOT NULL UNIQUE,
            prefix TEXT COLLATE "C" NOT NULL,
            name TEXT COLLATE "C" NOT NULL,
            group_id TEXT COLLATE "C" NOT NULL REFERENCES groups(id),
            role TEXT COLLATE "C" NOT NULL,
            scope_kind TEXT COLLATE "C" NOT NULL CHECK (scope_kind IN ('group', 'client')),
            scope_id TEXT COLLATE "C" NOT NULL,
            created_by TEXT COLLATE "C" NOT NULL,
            created_at BIGINT NOT NULL,
            last_used_at BIGINT,
            revoked_at BIGINT
        );
        CREATE INDEX api_keys_by_group ON api_keys (group_id, created_at);

        -- Failed sign-ins per group and email (any letter case), whether or not an account has it.
        CREATE TABLE sign_in_throttle (
            group_id TEXT COLLATE "C" NOT NULL,
            email TEXT COLLATE "C" NOT NULL,
            failures BIGINT NOT NULL CHECK (failures >= 0),
            locked_until BIGINT,
            updated_at BIGINT NOT NULL
        );
        CREATE UNIQUE INDEX sign_in_throttle_key ON sign_in_throttle (group_id, lower(email));

        -- v2 clients (with SQLite v4's parent_client_id, v7's per-group logins, v8's last two columns).
        -- account_name, company_name and login were COLLATE NOCASE: sorted and compared by lower().
        CREATE TABLE clients (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            group_id TEXT COLLATE "C" NOT NULL REFERENCES groups(id),
            version BIGINT NOT NULL,
            status BIGINT NOT NULL CHECK (status BETWEEN 1 AND 4),
            blocked BIGINT NOT NULL CHECK (blocked IN (0, 1)),
            blocked_reason TEXT COLLATE "C",
            blocked_by TEXT COLLATE "C",
            blocked_at BIGINT,
            suspended BIGINT NOT NULL CHECK (suspended IN (0, 1)),
            suspended_reason TEXT COLLATE "C",
            suspended_by TEXT COLLATE "C",
            suspended_at BIGINT,
            account_name TEXT COLLATE "C" NOT NULL,
            company_name TEXT COLLATE "C" NOT NULL,
            legal_id TEXT COLLATE "C",
            login TEXT COLLATE "C",
            billing_name TEXT COLLATE "C" NOT NULL,
            billing_emails TEXT COLLATE "C" NOT NULL,
            country TEXT COLLATE "C" NOT NULL,
            region TEXT COLLATE "C" NOT NULL,
            city TEXT COLLATE "C" NOT NULL,
            address_lines TEXT COLLATE "C" NOT NULL,
            postal_code TEXT COLLATE "C" NOT NULL,
            currency TEXT COLLATE "C" NOT NULL,
            billing_mode BIGINT NOT NULL,
            credit_limit_minor BIGINT NOT NULL,
            pricing_model BIGINT NOT NULL,
            tax_region TEXT COLLATE "C" NOT NULL,
            timezone TEXT COLLATE "C" NOT NULL,
            manager_user_id TEXT COLLATE "C" REFERENCES users(id),
            moderation BIGINT NOT NULL CHECK (moderation IN (0, 1)),
            connection_kind BIGINT NOT NULL,
            service_levels TEXT COLLATE "C" NOT NULL,
            phone TEXT COLLATE "C" NOT NULL,
            owner_user_id TEXT COLLATE "C" REFERENCES users(id) ON DELETE SET NULL,
            activation_deadline BIGINT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            closed_at BIGINT,
            parent_client_id TEXT COLLATE "C" REFERENCES clients(id),
            connection_status BIGINT NOT NULL DEFAULT 1 CHECK (connection_status IN (1, 2, 3)),
            sub_client_count BIGINT NOT NULL DEFAULT 0 CHECK (sub_client_count >= 0),
            UNIQUE (group_id, legal_id)
        );
        -- One index per sort order; each also carries the filter columns, so a filtered page
        -- is found by walking the index alone.
        CREATE INDEX clients_by_account_name ON clients (
            group_id, lower(account_name), id, status, blocked, manager_user_id, country, currency,
            connection_kind);
        CREATE INDEX clients_by_company_name ON clients (
            group_id, lower(company_name), id, status, blocked, manager_user_id, country, currency,
            connection_kind);
        CREATE INDEX clients_by_status ON clients (
            group_id, status, id, blocked, manager_user_id, country, currency, connection_kind);
        CREATE INDEX clients_by_created ON clients (
            group_id, created_at, id, status, blocked, manager_user_id, country, currency,
            connection_kind);
        -- A manager's clients in each order, whatever share of the group they are.
        CREATE INDEX clients_by_manager_account_name ON clients (
            group_id, manager_user_id, lower(account_name), id, status);
        CREATE INDEX clients_by_manager_company_name ON clients (
            group_id, manager_user_id, lower(company_name), id, status);
        CREATE INDEX clients_by_manager_status ON clients (group_id, manager_user_id, status, id);
        CREATE INDEX clients_by_manager_created ON clients (
            group_id, manager_user_id, created_at, id, status);
        CREATE INDEX clients_pending_activation ON clients (activation_deadline)
            WHERE activation_deadline IS NOT NULL;
        CREATE INDEX clients_by_parent ON clients (parent_client_id) WHERE parent_client_id IS NOT NULL;
        CREATE UNIQUE INDEX clients_login_per_group ON clients (group_id, lower(login)) WHERE login IS NOT NULL;

        -- Emails and phones of a client and its contacts, for exact-match filters. value was
        -- COLLATE NOCASE, part of the primary key: the key is a unique index on lower(value).
        CREATE TABLE client_lookup (
            kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('email', 'phone')),
            value TEXT COLLATE "C" NOT NULL,
            client_id TEXT COLLATE "C" NOT NULL REFERENCES clients(id) ON DELETE CASCADE
        );
        CREATE UNIQUE INDEX client_lookup_key ON client_lookup (kind, lower(value), client_id);
        CREATE INDEX client_lookup_by_client ON client_lookup (client_id);

        -- The client search. SQLite: an FTS5 table (rowid = the client's rowid) holding
        -- SearchText.document of the account name, company name, login and billing emails:
        -- their words (runs of letters, runs of digits) joined by spaces, which the unicode61
        -- tokenizer folds (case, diacritics) and indexes by prefix. Here: one row per client
        -- with the same words, folded by the store in Swift as the tokenizer folds them (no
        -- tokenizer here), found through a trigram index: LIKE/ILIKE '%…%', regular
        -- expressions, or pg_trgm's similarity operators. Not in SQLite's table list: virtual.
        CREATE TABLE client_search (
            client_id TEXT COLLATE "C" NOT NULL PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
            text TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX client_search_text ON client_search USING gin (text gin_trgm_ops);

        CREATE TABLE contacts (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            client_id TEXT COLLATE "C" NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
            position BIGINT NOT NULL,
            first_name TEXT COLLATE "C" NOT NULL,
            last_name TEXT COLLATE "C" NOT NULL,
            email TEXT COLLATE "C" NOT NULL,
            phone TEXT COLLATE "C" NOT NULL,
            is_primary BIGINT NOT NULL CHECK (is_primary IN (0, 1)),
            country TEXT COLLATE "C" NOT NULL,
            region TEXT COLLATE "C" NOT NULL,
            city TEXT COLLATE "C" NOT NULL,
            address_lines TEXT COLLATE "C" NOT NULL,
            postal_code TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX contacts_by_client ON contacts (client_id, position);
        CREATE UNIQUE INDEX contacts_one_primary ON contacts (client_id) WHERE is_primary = 1;

        CREATE TABLE notes (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            client_id TEXT COLLATE "C" NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
            author_user_id TEXT COLLATE "C" NOT NULL,
            text TEXT COLLATE "C" NOT NULL,
            created_at BIGINT NOT NULL
        );
        CREATE INDEX notes_by_client ON notes (client_id, created_at, id);

        CREATE TABLE invitations (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            token_hash BYTEA NOT NULL UNIQUE,
            kind TEXT COLLATE "C" NOT NULL,
            group_id TEXT COLLATE "C" NOT NULL REFERENCES groups(id),
            client_id TEXT COLLATE "C" NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
            user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_by TEXT COLLATE "C" NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            accepted_at BIGINT,
            revoked_at BIGINT,
            email TEXT COLLATE "C" NOT NULL DEFAULT ''
        );
        CREATE INDEX invitations_by_client ON invitations (client_id);
        CREATE INDEX invitations_open ON invitations (expires_at)
            WHERE accepted_at IS NULL AND revoked_at IS NULL;

        CREATE TABLE outbox (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            group_id TEXT COLLATE "C" NOT NULL REFERENCES groups(id),
            client_id TEXT COLLATE "C" NOT NULL,
            kind BIGINT NOT NULL,
            recipient_email TEXT COLLATE "C" NOT NULL,
            recipient_name TEXT COLLATE "C" NOT NULL,
            subject TEXT COLLATE "C" NOT NULL,
            body TEXT COLLATE "C" NOT NULL,
            data TEXT COLLATE "C" NOT NULL,
            created_at BIGINT NOT NULL,
            delivered_at BIGINT
        );
        CREATE INDEX outbox_pending ON outbox (group_id, created_at, id) WHERE delivered_at IS NULL;
        CREATE INDEX outbox_by_client ON outbox (client_id) WHERE delivered_at IS NULL;

        CREATE TABLE audit_entries (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            sequence BIGINT NOT NULL UNIQUE,
            group_id TEXT COLLATE "C" NOT NULL,
            client_id TEXT COLLATE "C",
            actor TEXT COLLATE "C" NOT NULL,
            on_behalf_of TEXT COLLATE "C",
            action TEXT COLLATE "C" NOT NULL,
            resource TEXT COLLATE "C" NOT NULL,
            request_id TEXT COLLATE "C" NOT NULL,
            changed_fields TEXT COLLATE "C" NOT NULL,
            detail TEXT COLLATE "C" NOT NULL,
            at BIGINT NOT NULL
        );
        CREATE INDEX audit_by_group ON audit_entries (group_id, sequence);
        CREATE INDEX audit_by_client ON audit_entries (client_id, sequence) WHERE client_id IS NOT NULL;

        CREATE TABLE idempotency_keys (
            caller TEXT COLLATE "C" NOT NULL,
            key TEXT COLLATE "C" NOT NULL,
            method TEXT COLLATE "C" NOT NULL,
            request_hash BYTEA NOT NULL,
            response BYTEA NOT NULL,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (caller, key)
        );
        CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

        -- v3 billing
        CREATE TABLE billing_accounts (
            client_id TEXT COLLATE "C" NOT NULL PRIMARY KEY REFERENCES clients(id),
            group_id TEXT COLLATE "C" NOT NULL,
            balance_minor BIGINT NOT NULL,
            entry_count BIGINT NOT NULL CHECK (entry_count >= 0)
        );

        CREATE TABLE ledger_entries (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            client_id TEXT COLLATE "C" NOT NULL REFERENCES billing_accounts(client_id),
            sequence BIGINT NOT NULL CHECK (sequence >= 1),
            kind BIGINT NOT NULL CHECK (kind BETWEEN 1 AND 6),
            amount_minor BIGINT NOT NULL CHECK (amount_minor <> 0),
            balance_after_minor BIGINT NOT NULL,
            currency TEXT COLLATE "C" NOT NULL,
            actor TEXT COLLATE "C" NOT NULL,
            on_behalf_of TEXT COLLATE "C",
            comment TEXT COLLATE "C" NOT NULL,
            idempotency_key TEXT COLLATE "C",
            at BIGINT NOT NULL,
            payment_method TEXT COLLATE "C" NOT NULL,
            payment_reference TEXT COLLATE "C" NOT NULL,
            payment_payer TEXT COLLATE "C" NOT NULL,
            corrects_entry_id TEXT COLLATE "C" REFERENCES ledger_entries(id),
            package_name TEXT COLLATE "C" NOT NULL,
            UNIQUE (client_id, sequence)
        );
        -- A payment is corrected at most once.
        CREATE UNIQUE INDEX ledger_one_correction ON ledger_entries (corrects_entry_id)
            WHERE corrects_entry_id IS NOT NULL;
        CREATE INDEX ledger_by_client_time ON ledger_entries (client_id, at);
        -- Append-only, whatever the code above it does.
        CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
            FOR EACH ROW EXECUTE FUNCTION clientele_refuse_change('ledger entries are append-only');
        CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
            FOR EACH ROW EXECUTE FUNCTION clientele_refuse_change('ledger entries are append-only');
        CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
            FOR EACH STATEMENT EXECUTE FUNCTION clientele_refuse_change('ledger entries are append-only');

        -- v4 people and accounts
        -- Members of a client; their role is also a role assignment on the client.
        CREATE TABLE client_members (
            client_id TEXT COLLATE "C" NOT NULL REFERENCES clients(id),
            user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            role TEXT COLLATE "C" NOT NULL CHECK (role IN ('member_admin', 'member')),
            portal_access BIGINT NOT NULL CHECK (portal_access IN (0, 1)),
            created_at BIGINT NOT NULL,
            PRIMARY KEY (client_id, user_id)
        );
        CREATE INDEX client_members_by_user ON client_members (user_id);

        CREATE TABLE accounts (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            group_id TEXT COLLATE "C" NOT NULL REFERENCES groups(id),
            client_id TEXT COLLATE "C" REFERENCES clients(id),
            product TEXT COLLATE "C" NOT NULL,
            name TEXT COLLATE "C" NOT NULL,
            external_id TEXT COLLATE "C",
            created_at BIGINT NOT NULL,
            UNIQUE (group_id, external_id)
        );
        CREATE INDEX accounts_by_client ON accounts (client_id, created_at);
        CREATE INDEX accounts_unlinked ON accounts (group_id, created_at) WHERE client_id IS NULL;

        -- Partner staff access to a whole client (account_id NULL) or one of its accounts.
        CREATE TABLE staff_grants (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            group_id TEXT COLLATE "C" NOT NULL REFERENCES groups(id),
            client_id TEXT COLLATE "C" NOT NULL REFERENCES clients(id),
            account_id TEXT COLLATE "C" REFERENCES accounts(id),
            user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            granted_by TEXT COLLATE "C" NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT
        );
        CREATE INDEX staff_grants_by_client ON staff_grants (client_id);
        CREATE INDEX staff_grants_by_user ON staff_grants (user_id);

        -- v5 client imports
        -- A CSV import of clients from its begin until it expires; once committed only the
        -- record stays (its rows go), so that replays of its calls still resolve it.
        CREATE TABLE client_imports (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            group_id TEXT COLLATE "C" NOT NULL REFERENCES groups(id),
            caller TEXT COLLATE "C" NOT NULL,
            columns TEXT COLLATE "C" NOT NULL,
            mode BIGINT NOT NULL CHECK (mode IN (1, 2)),
            dry_run BIGINT NOT NULL CHECK (dry_run IN (0, 1)),
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            committed_at BIGINT
        );
        CREATE INDEX client_imports_by_expiry ON client_imports (expires_at);

        -- Its rows as received (JSON arrays), their errors, and the unique fields they claim,
        -- for the duplicates within the file. login was COLLATE NOCASE.
        CREATE TABLE client_import_rows (
            import_id TEXT COLLATE "C" NOT NULL REFERENCES client_imports(id) ON DELETE CASCADE,
            row_number BIGINT NOT NULL,
            row_values TEXT COLLATE "C" NOT NULL,
            errors TEXT COLLATE "C" NOT NULL,
            legal_id TEXT COLLATE "C",
            login TEXT COLLATE "C",
            PRIMARY KEY (import_id, row_number)
        );
        CREATE INDEX client_import_rows_by_legal_id ON client_import_rows (import_id, legal_id)
            WHERE legal_id IS NOT NULL;
        CREATE INDEX client_import_rows_by_login ON client_import_rows (import_id, lower(login))
            WHERE login IS NOT NULL;

        -- v9 billing statements: numbered per group; like the ledger, append-only.
        CREATE TABLE statements (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            group_id TEXT COLLATE "C" NOT NULL REFERENCES groups(id),
            client_id TEXT COLLATE "C" NOT NULL REFERENCES clients(id),
            number BIGINT NOT NULL CHECK (number >= 1),
            period_start BIGINT NOT NULL,
            period_end BIGINT NOT NULL,
            currency TEXT COLLATE "C" NOT NULL,
            opening_minor BIGINT NOT NULL,
            credits_minor BIGINT NOT NULL CHECK (credits_minor >= 0),
            debits_minor BIGINT NOT NULL CHECK (debits_minor <= 0),
            closing_minor BIGINT NOT NULL,
            entry_count BIGINT NOT NULL CHECK (entry_count >= 0),
            recipient_email TEXT COLLATE "C" NOT NULL,
            message_id TEXT COLLATE "C" NOT NULL,
            created_at BIGINT NOT NULL,
            created_by TEXT COLLATE "C" NOT NULL,
            UNIQUE (group_id, number),
            CHECK (period_start < period_end)
        );
        CREATE INDEX statements_by_client ON statements (client_id, number);

        CREATE TABLE statement_entries (
            statement_id TEXT COLLATE "C" NOT NULL REFERENCES statements(id),
            entry_id TEXT COLLATE "C" NOT NULL REFERENCES ledger_entries(id),
            PRIMARY KEY (statement_id, entry_id)
        );

        CREATE TRIGGER statements_no_update BEFORE UPDATE ON statements
            FOR EACH ROW EXECUTE FUNCTION clientele_refuse_change('statements are append-only');
        CREATE TRIGGER statements_no_delete BEFORE DELETE ON statements
            FOR EACH ROW EXECUTE FUNCTION clientele_refuse_change('statements are append-only');
        CREATE TRIGGER statements_no_truncate BEFORE TRUNCATE ON statements
            FOR EACH STATEMENT EXECUTE FUNCTION clientele_refuse_change('statements are append-only');
        CREATE TRIGGER statement_entries_no_update BEFORE UPDATE ON statement_entries
            FOR EACH ROW EXECUTE FUNCTION clientele_refuse_change('statements are append-only');
        CREATE TRIGGER statement_entries_no_delete BEFORE DELETE ON statement_entries
            FOR EACH ROW EXECUTE FUNCTION clientele_refuse_change('statements are append-only');
        CREATE TRIGGER statement_entries_no_truncate BEFORE TRUNCATE ON statement_entries
            FOR EACH STATEMENT EXECUTE FUNCTION clientele_refuse_change('statements are append-only');

        -- v10 change feed: one row per change of a client, contact, member, account, staff
        -- grant, ledger entry or statement, appended in the write's transaction.
        -- PostgresChangeStore gives each row greatest(max(sequence), pruned_through) + 1 under
        -- the write-order lock: gap-free, in commit order, never reused after a prune. The
        -- identity's own numbers are not used (they are taken at INSERT, not at COMMIT, and a
        -- rollback leaves a gap); the column keeps it only as the v1 schema was released.
        CREATE TABLE changes (
            sequence BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            group_id TEXT COLLATE "C" NOT NULL,
            client_id TEXT COLLATE "C",
            kind BIGINT NOT NULL CHECK (kind > 0),
            object_id TEXT COLLATE "C" NOT NULL,
            version BIGINT NOT NULL,
            deleted BIGINT NOT NULL CHECK (deleted IN (0, 1)),
            changed_fields TEXT COLLATE "C" NOT NULL,
            at BIGINT NOT NULL
        );
        CREATE INDEX changes_by_group ON changes (group_id, sequence);
        CREATE INDEX changes_by_client ON changes (client_id, sequence);

        -- Every change up to pruned_through is gone (older than the retention), every later
        -- one is kept: a cursor before it is no longer served. legacy_cursor_limit (v11): the
        -- last sequence a cursor of the form before the key may name; a PostgreSQL store never
        -- issued such cursors, so none (0).
        CREATE TABLE change_feed (
            id BIGINT NOT NULL PRIMARY KEY CHECK (id = 1),
            pruned_through BIGINT NOT NULL,
            legacy_cursor_limit BIGINT NOT NULL DEFAULT 0
        );
        INSERT INTO change_feed (id, pruned_through, legacy_cursor_limit) VALUES (1, 0, 0);

        -- v11 change cursor key. Secrets the daemon makes for itself, one per name: never
        -- shown, never sent. change_cursor_key: 32 random bytes (pgcrypto's gen_random_bytes,
        -- from the server's strong random source), the AES key that permutes the change
        -- feed's cursors. Made once, here, so that every daemon on the database shares it.
        CREATE TABLE server_secrets (
            name TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            value BYTEA NOT NULL
        );
        INSERT INTO server_secrets (name, value) VALUES ('change_cursor_key', gen_random_bytes(32));
        """

    /// One number every committed batch of writes raises, on every daemon (see
    /// `PostgresStore.writeGeneration()`): read outside a transaction, one round trip tells a
    /// daemon whether anything was written since its cached answers were read.
    private static let v2 = """
        CREATE TABLE write_generation (
            id BIGINT NOT NULL PRIMARY KEY CHECK (id = 1),
            generation BIGINT NOT NULL
        );
        INSERT INTO write_generation (id, generation) VALUES (1, 1);
        """
}
