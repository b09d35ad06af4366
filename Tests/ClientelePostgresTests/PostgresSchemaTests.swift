import ClienteleStore
import Foundation
import Testing

@testable import ClientelePostgres

/// The PostgreSQL schema against the SQLite one it translates (see `PostgresSchema`).
@Suite("PostgresSchema")
struct PostgresSchemaTests {
    /// Every table of the SQLite schema (ClienteleStore's migrations v1 to v11) but its FTS5
    /// tables and SQLite's own, with its columns in order, as SQLite's `pragma_table_info` gives
    /// them (a primary key counts as NOT NULL). Made from the migrated SQLite database with
    ///
    ///     SELECT m.name, p.name || ' ' || p.type || CASE WHEN p."notnull" OR p.pk THEN ' NOT NULL' ELSE '' END
    ///     FROM sqlite_master m, pragma_table_info(m.name) p
    ///     WHERE m.type = 'table' AND m.name NOT LIKE 'client_search%'
    ///         AND m.name NOT IN ('grdb_migrations', 'sqlite_sequence')
    ///     ORDER BY m.rowid, p.cid
    ///
    /// A SQLite migration that changes a table changes this list, and needs a PostgreSQL migration.
    static let sqliteTables = """
        groups
            id TEXT NOT NULL
            name TEXT NOT NULL
            created_at INTEGER NOT NULL
            version INTEGER NOT NULL
        role_assignments
            id TEXT NOT NULL
            user_id TEXT NOT NULL
            role TEXT NOT NULL
            scope_kind TEXT NOT NULL
            scope_id TEXT NOT NULL
            group_id TEXT NOT NULL
            created_at INTEGER NOT NULL
            created_by TEXT
            expires_at INTEGER
        sessions
            id TEXT NOT NULL
            token_hash BLOB NOT NULL
            user_id TEXT NOT NULL
            created_at INTEGER NOT NULL
            expires_at INTEGER NOT NULL
            revoked_at INTEGER
            impersonated_client_id TEXT
            actor_user_id TEXT
        api_keys
            id TEXT NOT NULL
            key_hash BLOB NOT NULL
            prefix TEXT NOT NULL
            name TEXT NOT NULL
            group_id TEXT NOT NULL
            role TEXT NOT NULL
            scope_kind TEXT NOT NULL
            scope_id TEXT NOT NULL
            created_by TEXT NOT NULL
            created_at INTEGER NOT NULL
            last_used_at INTEGER
            revoked_at INTEGER
        client_lookup
            kind TEXT NOT NULL
            value TEXT NOT NULL
            client_id TEXT NOT NULL
        contacts
            id TEXT NOT NULL
            client_id TEXT NOT NULL
            position INTEGER NOT NULL
            first_name TEXT NOT NULL
            last_name TEXT NOT NULL
            email TEXT NOT NULL
            phone TEXT NOT NULL
            is_primary INTEGER NOT NULL
            country TEXT NOT NULL
            region TEXT NOT NULL
            city TEXT NOT NULL
            address_lines TEXT NOT NULL
            postal_code TEXT NOT NULL
        notes
            id TEXT NOT NULL
            client_id TEXT NOT NULL
            author_user_id TEXT NOT NULL
            text TEXT NOT NULL
            created_at INTEGER NOT NULL
        invitations
            id TEXT NOT NULL
            token_hash BLOB NOT NULL
            kind TEXT NOT NULL
            group_id TEXT NOT NULL
            client_id TEXT NOT NULL
            user_id TEXT NOT NULL
            created_by TEXT NOT NULL
            created_at INTEGER NOT NULL
            expires_at INTEGER NOT NULL
            accepted_at INTEGER
            revoked_at INTEGER
            email TEXT NOT NULL
        outbox
            id TEXT NOT NULL
            group_id TEXT NOT NULL
            client_id TEXT NOT NULL
            kind INTEGER NOT NULL
            recipient_email TEXT NOT NULL
            recipient_name TEXT NOT NULL
            subject TEXT NOT NULL
            body TEXT NOT NULL
            data TEXT NOT NULL
            created_at INTEGER NOT NULL
            delivered_at INTEGER
        audit_entries
            id TEXT NOT NULL
            sequence INTEGER NOT NULL
            group_id TEXT NOT NULL
            client_id TEXT
            actor TEXT NOT NULL
            on_behalf_of TEXT
            action TEXT NOT NULL
            resource TEXT NOT NULL
            request_id TEXT NOT NULL
            changed_fields TEXT NOT NULL
            detail TEXT NOT NULL
            at INTEGER NOT NULL
        idempotency_keys
            caller TEXT NOT NULL
            key TEXT NOT NULL
            method TEXT NOT NULL
            request_hash BLOB NOT NULL
            response BLOB NOT NULL
            created_at INTEGER NOT NULL
        billing_accounts
            client_id TEXT NOT NULL
            group_id TEXT NOT NULL
            balance_minor INTEGER NOT NULL
            entry_count INTEGER NOT NULL
        ledger_entries
            id TEXT NOT NULL
            client_id TEXT NOT NULL
            sequence INTEGER NOT NULL
            kind INTEGER NOT NULL
            amount_minor INTEGER NOT NULL
            balance_after_minor INTEGER NOT NULL
            currency TEXT NOT NULL
            actor TEXT NOT NULL
            on_behalf_of TEXT
            comment TEXT NOT NULL
            idempotency_key TEXT
            at INTEGER NOT NULL
            payment_method TEXT NOT NULL
            payment_reference TEXT NOT NULL
            payment_payer TEXT NOT NULL
            corrects_entry_id TEXT
            package_name TEXT NOT NULL
        client_members
            client_id TEXT NOT NULL
            user_id TEXT NOT NULL
            role TEXT NOT NULL
            portal_access INTEGER NOT NULL
            created_at INTEGER NOT NULL
        accounts
            id TEXT NOT NULL
            group_id TEXT NOT NULL
            client_id TEXT
            product TEXT NOT NULL
            name TEXT NOT NULL
            external_id TEXT
            created_at INTEGER NOT NULL
        staff_grants
            id TEXT NOT NULL
            group_id TEXT NOT NULL
            client_id TEXT NOT NULL
            account_id TEXT
            user_id TEXT NOT NULL
            granted_by TEXT NOT NULL
            created_at INTEGER NOT NULL
            expires_at INTEGER
        client_imports
            id TEXT NOT NULL
            group_id TEXT NOT NULL
            caller TEXT NOT NULL
            columns TEXT NOT NULL
            mode INTEGER NOT NULL
            dry_run INTEGER NOT NULL
            created_at INTEGER NOT NULL
            expires_at INTEGER NOT NULL
            committed_at INTEGER
        client_import_rows
            import_id TEXT NOT NULL
            row_number INTEGER NOT NULL
            row_values TEXT NOT NULL
            errors TEXT NOT NULL
            legal_id TEXT
            login TEXT
        users
            id TEXT NOT NULL
            group_id TEXT NOT NULL
            email TEXT NOT NULL
            name TEXT NOT NULL
            password_hash BLOB
            password_salt BLOB
            disabled INTEGER NOT NULL
            must_change_password INTEGER NOT NULL
            created_at INTEGER NOT NULL
            updated_at INTEGER NOT NULL
            version INTEGER NOT NULL
        sign_in_throttle
            group_id TEXT NOT NULL
            email TEXT NOT NULL
            failures INTEGER NOT NULL
            locked_until INTEGER
            updated_at INTEGER NOT NULL
        clients
            id TEXT NOT NULL
            group_id TEXT NOT NULL
            version INTEGER NOT NULL
            status INTEGER NOT NULL
            blocked INTEGER NOT NULL
            blocked_reason TEXT
            blocked_by TEXT
            blocked_at INTEGER
            suspended INTEGER NOT NULL
            suspended_reason TEXT
            suspended_by TEXT
            suspended_at INTEGER
            account_name TEXT NOT NULL
            company_name TEXT NOT NULL
            legal_id TEXT
            login TEXT
            billing_name TEXT NOT NULL
            billing_emails TEXT NOT NULL
            country TEXT NOT NULL
            region TEXT NOT NULL
            city TEXT NOT NULL
            address_lines TEXT NOT NULL
            postal_code TEXT NOT NULL
            currency TEXT NOT NULL
            billing_mode INTEGER NOT NULL
            credit_limit_minor INTEGER NOT NULL
            pricing_model INTEGER NOT NULL
            tax_region TEXT NOT NULL
            timezone TEXT NOT NULL
            manager_user_id TEXT
            moderation INTEGER NOT NULL
            connection_kind INTEGER NOT NULL
            service_levels TEXT NOT NULL
            phone TEXT NOT NULL
            owner_user_id TEXT
            activation_deadline INTEGER
            created_at INTEGER NOT NULL
            updated_at INTEGER NOT NULL
            closed_at INTEGER
            parent_client_id TEXT
            connection_status INTEGER NOT NULL
            sub_client_count INTEGER NOT NULL
        statements
            id TEXT NOT NULL
            group_id TEXT NOT NULL
            client_id TEXT NOT NULL
            number INTEGER NOT NULL
            period_start INTEGER NOT NULL
            period_end INTEGER NOT NULL
            currency TEXT NOT NULL
            opening_minor INTEGER NOT NULL
            credits_minor INTEGER NOT NULL
            debits_minor INTEGER NOT NULL
            closing_minor INTEGER NOT NULL
            entry_count INTEGER NOT NULL
            recipient_email TEXT NOT NULL
            message_id TEXT NOT NULL
            created_at INTEGER NOT NULL
            created_by TEXT NOT NULL
        statement_entries
            statement_id TEXT NOT NULL
            entry_id TEXT NOT NULL
        changes
            sequence INTEGER NOT NULL
            group_id TEXT NOT NULL
            client_id TEXT
            kind INTEGER NOT NULL
            object_id TEXT NOT NULL
            version INTEGER NOT NULL
            deleted INTEGER NOT NULL
            changed_fields TEXT NOT NULL
            at INTEGER NOT NULL
        change_feed
            id INTEGER NOT NULL
            pruned_through INTEGER NOT NULL
            legacy_cursor_limit INTEGER NOT NULL
        server_secrets
            name TEXT NOT NULL
            value BLOB NOT NULL
        """

    /// `sqliteTables` as table → ["column type nullability"], in PostgreSQL's words.
    static func expectedTables() -> [String: [String]] {
        var tables: [String: [String]] = [:]
        var table = ""
        for line in Self.sqliteTables.split(separator: "\n") {
            if !line.hasPrefix(" ") {
                table = String(line)
                tables[table] = []
                continue
            }
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 2)
            let type = ["INTEGER": "bigint", "TEXT": "text", "BLOB": "bytea"][String(parts[1])] ?? "? \(parts[1])"
            tables[table]?.append("\(parts[0]) \(type) \(parts.count > 2 ? "NOT NULL" : "NULL")")
        }
        return tables
    }

    @Test("a fresh database has every SQLite table, with the same columns in the same order, types and nullability")
    func sameTablesAsSQLite() async throws {
        let database = try await PostgresTestDatabase.fresh()
        defer { Task { await database.close() } }
        let rows = try await database.read { session in
            try session.rows(
                """
                SELECT table_name, column_name, data_type, is_nullable, collation_name FROM information_schema.columns
                WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position
                """
            ).map {
                (
                    table: try $0.decode("table_name", as: String.self),
                    column:
                        "\(try $0.decode("column_name", as: String.self)) \(try $0.decode("data_type", as: String.self)) "
                        + (try $0.decode("is_nullable", as: String.self) == "YES" ? "NULL" : "NOT NULL"),
                    collation: try $0.optional("collation_name", as: String.self)
                )
            }
        }
        var tables: [String: [String]] = [:]
        for row in rows { tables[row.table, default: []].append(row.column) }
        let expected = Self.expectedTables()
        #expect(expected.count == 26)
        for (table, columns) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(tables[table] == columns, "\(table)")
        }
        // Beside them: the search table (for SQLite's FTS5 one), the migrator's own, and the
        // write generation (SQLite's lives in the one daemon's memory).
        #expect(
            Set(tables.keys).subtracting(expected.keys) == [
                "client_search", "clientele_migrations", "write_generation",
            ])
        #expect(tables["write_generation"] == ["id bigint NOT NULL", "generation bigint NOT NULL"])
        #expect(tables["client_search"] == ["client_id text NOT NULL", "text text NOT NULL"])
        // Text compares byte by byte, as SQLite's BINARY, whatever the database's locale.
        let otherCollations = rows.filter { $0.column.contains(" text ") && $0.table != "clientele_migrations" }
            .filter { $0.collation != "C" }.map { "\($0.table).\($0.column)" }
        #expect(otherCollations == [])
    }

    @Test("every index of the SQLite schema is there, with its uniqueness and its condition")
    func sameIndexes() async throws {
        let database = try await PostgresTestDatabase.fresh()
        defer { Task { await database.close() } }
        let indexes = try await database.read { session in
            try Dictionary(
                uniqueKeysWithValues: session.rows(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                ).map { (try $0.decode("indexname", as: String.self), try $0.decode("indexdef", as: String.self)) })
        }
        // The named indexes of the SQLite schema (its UNIQUE and PRIMARY KEY ones are constraints here too).
        let named: [String: (unique: Bool, condition: String?)] = [
            "role_assignments_by_group": (false, nil), "sessions_by_user": (false, nil),
            "api_keys_by_group": (false, nil), "client_lookup_by_client": (false, nil),
            "contacts_by_client": (false, nil), "contacts_one_primary": (true, "(is_primary = 1)"),
            "notes_by_client": (false, nil), "invitations_by_client": (false, nil),
            "invitations_open": (false, "((accepted_at IS NULL) AND (revoked_at IS NULL))"),
            "outbox_pending": (false, "(delivered_at IS NULL)"), "outbox_by_client": (false, "(delivered_at IS NULL)"),
            "audit_by_group": (false, nil), "audit_by_client": (false, "(client_id IS NOT NULL)"),
            "idempotency_keys_by_age": (false, nil), "ledger_one_correction": (true, "(corrects_entry_id IS NOT NULL)"),
            "ledger_by_client_time": (false, nil), "client_members_by_user": (false, nil),
            "accounts_by_client": (false, nil), "accounts_unlinked": (false, "(client_id IS NULL)"),
            "staff_grants_by_client": (false, nil), "staff_grants_by_user": (false, nil),
            "sessions_by_impersonated_client": (false, "(impersonated_client_id IS NOT NULL)"),
            "client_imports_by_expiry": (false, nil),
            "client_import_rows_by_legal_id": (false, "(legal_id IS NOT NULL)"),
            "client_import_rows_by_login": (false, "(login IS NOT NULL)"),
            "clients_by_account_name": (false, nil), "clients_by_company_name": (false, nil),
            "clients_by_status": (false, nil), "clients_by_created": (false, nil),
            "clients_by_manager_account_name": (false, nil), "clients_by_manager_company_name": (false, nil),
            "clients_by_manager_status": (false, nil), "clients_by_manager_created": (false, nil),
            "clients_pending_activation": (false, "(activation_deadline IS NOT NULL)"),
            "clients_by_parent": (false, "(parent_client_id IS NOT NULL)"),
            "clients_login_per_group": (true, "(login IS NOT NULL)"), "statements_by_client": (false, nil),
            "changes_by_group": (false, nil), "changes_by_client": (false, nil),
        ]
        for (name, shape) in named.sorted(by: { $0.key < $1.key }) {
            guard let definition = indexes[name] else {
                Issue.record("no index \(name)")
                continue
            }
            #expect(definition.hasPrefix("CREATE UNIQUE INDEX") == shape.unique, "\(definition)")
            #expect(definition.components(separatedBy: " WHERE ").dropFirst().first == shape.condition, "\(definition)")
        }
        // SQLite's COLLATE NOCASE keys and sort orders are on lower(column).
        #expect(indexes["users_group_id_email_key"]?.contains("(group_id, lower(email))") == true)
        #expect(indexes["sign_in_throttle_key"]?.contains("(group_id, lower(email))") == true)
        #expect(indexes["client_lookup_key"]?.contains("(kind, lower(value), client_id)") == true)
        #expect(indexes["clients_by_account_name"]?.contains("(group_id, lower(account_name), id,") == true)
        #expect(indexes["client_search_text"]?.contains("USING gin (text gin_trgm_ops)") == true)
    }

    @Test(
        "ledger entries and statements are append-only: UPDATE, DELETE and TRUNCATE are refused with SQLite's message")
    func appendOnly() async throws {
        let database = try await PostgresTestDatabase.fresh()
        defer { Task { await database.close() } }
        try await database.write { session in
            try Self.insertGroupAndClient(session)
            try session.execute(
                "INSERT INTO billing_accounts (client_id, group_id, balance_minor, entry_count) VALUES ('cli_1', 'grp_1', 500, 1)"
            )
            try session.execute(
                """
                INSERT INTO ledger_entries (id, client_id, sequence, kind, amount_minor, balance_after_minor, currency, actor,
                    comment, at, payment_method, payment_reference, payment_payer, package_name)
                VALUES ('led_1', 'cli_1', 1, 1, 500, 500, 'EUR', 'usr_1', '', 1000, '', '', '', '')
                """)
            try session.execute(
                """
                INSERT INTO statements (id, group_id, client_id, number, period_start, period_end, currency, opening_minor,
                    credits_minor, debits_minor, closing_minor, entry_count, recipient_email, message_id, created_at, created_by)
                VALUES ('stm_1', 'grp_1', 'cli_1', 1, 0, 2000, 'EUR', 0, 500, 0, 500, 1, 'a@b.c', 'm', 2000, 'usr_1')
                """)
            try session.execute("INSERT INTO statement_entries (statement_id, entry_id) VALUES ('stm_1', 'led_1')")
            try Self.createErrorOf(session)
        }
        let refusals: [(statement: String, message: String)] = [
            ("UPDATE ledger_entries SET comment = 'changed'", "ledger entries are append-only"),
            ("DELETE FROM ledger_entries", "ledger entries are append-only"),
            ("TRUNCATE ledger_entries CASCADE", "ledger entries are append-only"),
            ("UPDATE statements SET message_id = 'other'", "statements are append-only"),
            ("DELETE FROM statements", "statements are append-only"),
            ("TRUNCATE statements CASCADE", "statements are append-only"),
            ("UPDATE statement_entries SET entry_id = entry_id", "statements are append-only"),
            ("DELETE FROM statement_entries", "statements are append-only"),
            ("TRUNCATE statement_entries", "statements are append-only"),
        ]
        for refusal in refusals {
            let error = try await database.write { try Self.error(of: refusal.statement, in: $0) }
            #expect(error == "23000 \(refusal.message)", "\(refusal.statement)")
        }
        let counts = try await database.read { session in
            try ["ledger_entries", "statements", "statement_entries"].map {
                try session.value(Int64.self, "SELECT count(*) FROM \($0)")
            }
        }
        #expect(counts == [1, 1, 1])
    }

    @Test("migrating again changes nothing: no migration applied twice, the same cursor key")
    func migratingTwice() async throws {
        let database = try await PostgresTestDatabase.fresh()
        defer { Task { await database.close() } }
        @Sendable func state(_ session: PostgresSession) throws -> (names: [String], key: [UInt8], feed: [Int64]) {
            let names = try session.rows("SELECT name FROM clientele_migrations ORDER BY position").map {
                try $0.decode("name", as: String.self)
            }
            let keys = try session.rows("SELECT value FROM server_secrets WHERE name = 'change_cursor_key'")
                .map { try $0.bytes("value") }
            let feed = try session.rows("SELECT id, pruned_through, legacy_cursor_limit FROM change_feed").map {
                [
                    try $0.decode("id", as: Int64.self), try $0.decode("pruned_through", as: Int64.self),
                    try $0.decode("legacy_cursor_limit", as: Int64.self),
                ]
            }
            #expect(keys.count == 1 && feed.count == 1)
            return (names, keys.first ?? [], feed.first ?? [])
        }
        let before = try await database.read(state)
        #expect(before.names == ["v1 clientele schema", "v2 write generation"])
        #expect(before.key.count == 32 && Set(before.key).count > 8)
        #expect(before.feed == [1, 0, 0])
        try await PostgresMigrator.migrate(database)
        try await PostgresMigrator.migrate(database)
        let after = try await database.read(state)
        #expect(after.names == before.names && after.key == before.key && after.feed == before.feed)
        // Another database, another key (made by the server's strong random source).
        let other = try await PostgresTestDatabase.fresh()
        defer { Task { await other.close() } }
        #expect(try await other.read(state).key != before.key)
    }

    @Test("COLLATE NOCASE keys: the same values collide as on SQLite, named as SQLite names them")
    func caseInsensitiveKeys() async throws {
        let database = try await PostgresTestDatabase.fresh()
        defer { Task { await database.close() } }
        try await database.write { try Self.insertGroupAndClient($0) }
        @Sendable func user(_ id: String, _ email: String) -> String {
            """
            INSERT INTO users (id, group_id, email, name, disabled, must_change_password, created_at, updated_at, version)
            VALUES ('\(id)', 'grp_1', '\(email)', 'N', 0, 0, 1, 1, 1)
            """
        }
        try await database.write { try $0.execute(user("usr_1", "Ann@Example.com")) }
        let duplicates: [(statement: String, field: String)] = [
            (user("usr_2", "ann@EXAMPLE.COM"), "group_id, email"),
            (
                "INSERT INTO sign_in_throttle (group_id, email, failures, updated_at) VALUES ('grp_1', 'X@y.z', 1, 1), ('grp_1', 'x@Y.z', 1, 1)",
                "group_id, email"
            ),
            (
                "INSERT INTO client_lookup (kind, value, client_id) VALUES ('email', 'A@b.c', 'cli_1'), ('email', 'a@B.c', 'cli_1')",
                "kind, value, client_id"
            ),
            (Self.client("cli_2", accountName: "Other", login: "JSMITH"), "group_id, login"),
            (Self.client("cli_1", accountName: "Again", login: nil), "id"),
            (
                """
                INSERT INTO contacts (id, client_id, position, first_name, last_name, email, phone, is_primary, country,
                    region, city, address_lines, postal_code)
                VALUES ('con_1', 'cli_1', 0, '', '', '', '', 1, '', '', '', '', ''),
                    ('con_2', 'cli_1', 1, '', '', '', '', 1, '', '', '', '', '')
                """,
                "client_id"
            ),
        ]
        for duplicate in duplicates {
            await #expect(throws: StoreError.duplicate(field: duplicate.field), "\(duplicate.statement)") {
                try await database.write { session in
                    try StoreError.mappingPostgres { try session.execute(duplicate.statement) }
                }
            }
        }
        // NOCASE folds A to Z only: SQLite takes these as two emails, and so does this schema.
        try await database.write { try $0.execute(user("usr_3", "Élise@example.com")) }
        try await database.write { try $0.execute(user("usr_4", "élise@example.com")) }
        // Another group may use the same login.
        try await database.write { session in
            try session.execute("INSERT INTO groups (id, name, created_at, version) VALUES ('grp_2', 'Two', 1, 1)")
            try session.execute(Self.client("cli_3", accountName: "Three", login: "jsmith", group: "grp_2"))
        }
    }

    @Test("text sorts as SQLite sorts it: bytewise, and a NOCASE column by its A-to-Z-folded value")
    func sortOrder() async throws {
        let database = try await PostgresTestDatabase.fresh()
        defer { Task { await database.close() } }
        let names = ["beta", "Alpha", "alpha", "Ärger", "_x", "Zed", "a_b", "aB"]
        try await database.write { session in
            try Self.insertGroupAndClient(session)
            for (index, name) in names.enumerated() {
                try session.execute(Self.client("cli_\(index + 10)", accountName: name, login: nil))
            }
        }
        let (byName, byID) = try await database.read { session in
            (
                try session.rows(
                    "SELECT account_name FROM clients WHERE id <> 'cli_1' ORDER BY lower(account_name), id"
                ).map { try $0.decode("account_name", as: String.self) },
                try session.rows("SELECT account_name FROM clients WHERE id <> 'cli_1' ORDER BY account_name").map {
                    try $0.decode("account_name", as: String.self)
                }
            )
        }
        // SQLite: ORDER BY account_name (NOCASE), id; and ORDER BY account_name COLLATE BINARY.
        #expect(byName == ["_x", "a_b", "aB", "Alpha", "alpha", "beta", "Zed", "Ärger"])
        #expect(byID == ["Alpha", "Zed", "_x", "aB", "a_b", "alpha", "beta", "Ärger"])
    }

    @Test("changes are numbered by the database, never reusing a number; the search table finds by trigram")
    func changesAndSearch() async throws {
        let database = try await PostgresTestDatabase.fresh()
        defer { Task { await database.close() } }
        let change = """
            INSERT INTO changes (group_id, client_id, kind, object_id, version, deleted, changed_fields, at)
            VALUES ('grp_1', NULL, 1, 'cli_1', 1, 0, '', 1) RETURNING sequence
            """
        let first = try await database.write { session in
            [try session.value(Int64.self, change), try session.value(Int64.self, change)]
        }
        #expect(first == [1, 2])
        try await database.write { try $0.execute("DELETE FROM changes") }
        let (next, sequence) = try await database.write { session in
            (
                try session.value(Int64.self, change),
                try session.value(String.self, "SELECT pg_get_serial_sequence('changes', 'sequence')")
            )
        }
        #expect(next == 3)
        #expect(sequence == "public.changes_sequence_seq")

        let hits = try await database.write { session in
            try Self.insertGroupAndClient(session)
            try session.execute("INSERT INTO client_search (client_id, text) VALUES ('cli_1', 'acme meadow jsmith 42')")
            try session.execute("SET LOCAL enable_seqscan = off")
            let plan = try session.rows("EXPLAIN SELECT client_id FROM client_search WHERE text LIKE '%meadow%'")
                .map { try $0.decode("QUERY PLAN", as: String.self) }.joined(separator: "\n")
            #expect(plan.contains("client_search_text"), "\(plan)")
            return try session.rows("SELECT client_id FROM client_search WHERE text LIKE '%meado%'").map {
                try $0.decode("client_id", as: String.self)
            }
        }
        #expect(hits == ["cli_1"])
    }

    // MARK: Rows for the tests

    static func insertGroupAndClient(_ session: PostgresSession) throws {
        try session.execute("INSERT INTO groups (id, name, created_at, version) VALUES ('grp_1', 'One', 1, 1)")
        try session.execute(Self.client("cli_1", accountName: "Acme", login: "jsmith"))
    }

    /// An INSERT of a client with every NOT NULL column.
    static func client(_ id: String, accountName: String, login: String?, group: String = "grp_1") -> String {
        """
        INSERT INTO clients (id, group_id, version, status, blocked, suspended, account_name, company_name, login,
            billing_name, billing_emails, country, region, city, address_lines, postal_code, currency, billing_mode,
            credit_limit_minor, pricing_model, tax_region, timezone, moderation, connection_kind, service_levels, phone,
            created_at, updated_at)
        VALUES ('\(id)', '\(group)', 1, 1, 0, 0, '\(accountName)', '', \(login.map { "'\($0)'" } ?? "NULL"),
            '', '', '', '', '', '', '', 'EUR', 1, 0, 1, '', 'UTC', 0, 1, '', '', 1, 1)
        """
    }

    /// `error_of(statement)`: the SQLSTATE and message a statement fails with (`NULL` if it succeeds),
    /// its changes undone either way.
    static func createErrorOf(_ session: PostgresSession) throws {
        try session.execute(
            """
            CREATE FUNCTION error_of(statement TEXT) RETURNS TEXT LANGUAGE plpgsql AS $$
            BEGIN
                EXECUTE statement;
                RAISE EXCEPTION USING ERRCODE = 'P0004', MESSAGE = 'succeeded';
            EXCEPTION WHEN assert_failure THEN RETURN NULL;
                WHEN OTHERS THEN RETURN SQLSTATE || ' ' || SQLERRM;
            END
            $$
            """)
    }

    static func error(of statement: String, in session: PostgresSession) throws -> String? {
        try session.value(String.self, "SELECT error_of($1)", [statement])
    }
}
