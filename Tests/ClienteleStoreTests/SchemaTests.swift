import Foundation
import GRDB
import Testing

@testable import ClienteleStore

@Suite("Schema")
struct SchemaTests {
    @Test("migrations create every table and record themselves")
    func migrationsCreateTheSchema() throws {
        let database = try AppDatabase.inMemory()
        try database.writer.read { db in
            for table in [
                "groups", "users", "role_assignments", "sessions", "api_keys", "clients", "client_lookup",
                "client_search", "contacts", "notes", "invitations", "outbox", "audit_entries", "idempotency_keys",
                "billing_accounts", "ledger_entries", "client_members", "accounts", "staff_grants", "client_imports",
                "client_import_rows", "sign_in_throttle", "statements", "statement_entries", "changes",
                "change_feed", "server_secrets",
            ] {
                #expect(try db.tableExists(table), "missing table \(table)")
            }
            #expect(
                try AppDatabase.migrator.appliedMigrations(db) == [
                    "v1 identity", "v2 clients", "v3 billing", "v4 people and accounts", "v5 client imports",
                    "v6 word search", "v7 tenant-owned accounts", "v8 sub-client counts and connection status",
                    "v9 billing statements", "v10 change feed", "v11 change cursor key",
                ])
            let userIndexes = try db.indexes(on: "users")
            #expect(userIndexes.contains { $0.columns == ["group_id", "email"] && $0.isUnique })
            #expect(!userIndexes.contains { $0.columns == ["email"] && $0.isUnique })
            #expect(try db.foreignKeys(on: "users").map(\.destinationTable) == ["groups"])
            let clientIndexes = try db.indexes(on: "clients")
            #expect(clientIndexes.contains { $0.columns == ["group_id", "login"] && $0.isUnique })
            #expect(!clientIndexes.contains { $0.columns == ["login"] && $0.isUnique })
            let roleForeignKeys = try db.foreignKeys(on: "role_assignments").map(\.destinationTable).sorted()
            #expect(roleForeignKeys == ["groups", "users"])
            #expect(try db.foreignKeys(on: "sessions").map(\.destinationTable) == ["users"])
            #expect(try db.foreignKeys(on: "api_keys").map(\.destinationTable) == ["groups"])
        }
    }

    @Test("v11 makes a random 32-byte cursor key per database and records the feed's head as the legacy cursor limit")
    func changeCursorKeyMigration() throws {
        let queue = try DatabaseQueue()
        try AppDatabase.migrator.migrate(queue, upTo: "v10 change feed")
        try queue.write { db in
            for _ in 0..<3 {
                try db.execute(
                    sql: """
                        INSERT INTO changes (group_id, client_id, kind, object_id, version, deleted, changed_fields, at)
                        VALUES ('grp', NULL, 1, 'c', 1, 0, '', 0)
                        """)
            }
            #expect(try !db.tableExists("server_secrets"))
        }
        try AppDatabase.migrator.migrate(queue)
        let (key, limit) = try queue.read { db in
            (
                try Data.fetchOne(db, sql: "SELECT value FROM server_secrets WHERE name = 'change_cursor_key'"),
                try Int64.fetchOne(db, sql: "SELECT legacy_cursor_limit FROM change_feed")
            )
        }
        #expect(key?.count == 32 && limit == 3)
        let secret = try queue.read(SQLiteChangeStore.cursorSecret)
        #expect(secret.key == key.map(Array.init) && secret.legacyLimit == 3)
        // Another database, another key; a fresh one accepts no legacy cursor past 0.
        let fresh = try AppDatabase.inMemory().changeCursorSecret
        #expect(fresh.key.count == 32 && fresh.key != secret.key && fresh.legacyLimit == 0)
        // The key is kept: a second migration run changes nothing.
        try AppDatabase.migrator.migrate(queue)
        #expect(try queue.read(SQLiteChangeStore.cursorSecret).key == secret.key)
    }

    @Test("v7 splits a user shared by two groups into one account per group and moves each group's references")
    func tenantOwnedAccountsMigration() throws {
        let queue = try DatabaseQueue()
        try AppDatabase.migrator.migrate(queue, upTo: "v6 word search")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO groups (id, name, created_at, version) VALUES ('grp_a', 'A', 1, 1), ('grp_b', 'B', 1, 1);
                    INSERT INTO users (id, email, name, password_hash, password_salt, disabled, must_change_password,
                            failed_logins, locked_until, created_at, updated_at, version)
                        VALUES ('usr_ann', 'ann@example.com', 'Ann', x'0102', x'03', 0, 0, 2, NULL, 1, 1, 1),
                            ('usr_orphan', 'nobody@example.com', 'No One', NULL, NULL, 0, 0, 0, NULL, 1, 1, 1);
                    INSERT INTO role_assignments (id, user_id, role, scope_kind, scope_id, group_id, created_at)
                        VALUES ('ra_a', 'usr_ann', 'owner', 'group', 'grp_a', 'grp_a', 1000),
                            ('ra_b', 'usr_ann', 'member', 'client', 'cli_b', 'grp_b', 2000);
                    INSERT INTO sessions (id, token_hash, user_id, created_at, expires_at)
                        VALUES ('ses_1', x'aa', 'usr_ann', 1, 99999999999999);
                    """)
            try Self.insertLegacyClient(db, id: "cli_b", group: "grp_b", name: "Bee", login: "same", owner: "usr_ann")
        }
        try AppDatabase.migrator.migrate(queue)
        try queue.read { db in
            let accounts = try Row.fetchAll(
                db, sql: "SELECT id, group_id, email, password_hash FROM users ORDER BY group_id")
            #expect(accounts.count == 2, "the orphan is dropped, Ann is split in two")
            let a = try #require(accounts.first), b = try #require(accounts.last)
            #expect(a["id"] as String == "usr_ann" && a["group_id"] as String == "grp_a")
            #expect(b["id"] as String != "usr_ann" && b["group_id"] as String == "grp_b")
            #expect(b["email"] as String == "ann@example.com")
            #expect(b["password_hash"] as Data == Data([1, 2]), "the password is kept in both accounts")
            let bID: String = b["id"]
            #expect(try String.fetchOne(db, sql: "SELECT user_id FROM role_assignments WHERE id = 'ra_a'") == "usr_ann")
            #expect(try String.fetchOne(db, sql: "SELECT user_id FROM role_assignments WHERE id = 'ra_b'") == bID)
            #expect(try String.fetchOne(db, sql: "SELECT owner_user_id FROM clients WHERE id = 'cli_b'") == bID)
            #expect(try String.fetchOne(db, sql: "SELECT user_id FROM sessions WHERE id = 'ses_1'") == "usr_ann")
            #expect(try db.tableExists("sign_in_throttle"))
            // The search index still finds the rebuilt client by its rowid.
            #expect(
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT clients.id FROM client_search JOIN clients ON clients.rowid = client_search.rowid
                        WHERE client_search MATCH ?
                        """, arguments: [SearchText.query("bee")]) == ["cli_b"])
            #expect(try db.foreignKeyViolations().map { _ in 1 }.reduce(0, +) == 0)
        }
        // Logins are unique per group now: another group may use the same one, the same group may not.
        try queue.write { db in
            let store = StoreContext(db)
            var other = ClientRecord(id: "cli_a", groupID: "grp_a", accountName: "Ay", createdAt: 1_000)
            other.login = "same"
            try store.clients.insert(other, contacts: [])
            var twin = ClientRecord(id: "cli_b2", groupID: "grp_b", accountName: "Bee 2", createdAt: 1_000)
            twin.login = "SAME"
            #expect(throws: StoreError.duplicate(field: "group_id, login")) {
                try store.clients.insert(twin, contacts: [])
            }
        }
    }

    /// A client row and its search text as the schema before v8 held them (the current
    /// `ClientStore` writes columns that older schemas do not have).
    static func insertLegacyClient(
        _ db: Database, id: String, group: String, name: String, login: String, owner: String? = nil
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO clients (id, group_id, version, status, blocked, suspended, account_name, company_name,
                    login, billing_name, billing_emails, country, region, city, address_lines, postal_code, currency,
                    billing_mode, credit_limit_minor, pricing_model, tax_region, timezone, moderation, connection_kind,
                    service_levels, phone, owner_user_id, created_at, updated_at)
                VALUES (?, ?, 1, 2, 0, 0, ?, '', ?, ?, '', '', '', '', '', '', 'EUR', 1, 0, 1, '', 'UTC', 0, 1, '', '',
                    ?, 1000, 1000)
                """, arguments: [id, group, name, login, name, owner])
        try db.execute(
            sql: "INSERT INTO client_search (rowid, text) VALUES ((SELECT rowid FROM clients WHERE id = ?), ?)",
            arguments: [id, "\(name) \(login)"])
    }

    @Test("v6 moves every client's search text from the trigram index to the words index")
    func wordSearchMigration() throws {
        let queue = try DatabaseQueue()
        try AppDatabase.migrator.migrate(queue, upTo: "v5 client imports")
        try queue.write { db in
            try StoreContext(db).groups.insert(Fixtures.group())
            // As v5 wrote it: the fields joined by spaces, in the trigram index.
            try Self.insertLegacyClient(db, id: "cli_1", group: "grp_1", name: "Royal Meadow", login: "royalmeadow42")
            try Self.insertLegacyClient(db, id: "cli_2", group: "grp_1", name: "Crystal Wolf", login: "crystalwolf42")
        }
        try AppDatabase.migrator.migrate(queue)
        func found(_ text: String) throws -> [String] {
            try queue.read { db in
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT clients.id FROM client_search JOIN clients ON clients.rowid = client_search.rowid
                        WHERE client_search MATCH ? ORDER BY clients.id
                        """, arguments: [SearchText.query(text)])
            }
        }
        #expect(try found("mea") == ["cli_1"])
        #expect(try found("royalmeadow 42") == ["cli_1"])
        #expect(try found("wolf crystalwolf") == ["cli_2"])
        #expect(try found("42") == ["cli_1", "cli_2"])
        #expect(try queue.read { try $0.tableExists("client_words") } == false)
    }

    @Test(
        "every lookup uses an index",
        arguments: [
            "SELECT * FROM groups WHERE id = 'x'",
            "SELECT * FROM users WHERE id = 'x'",
            "SELECT * FROM users WHERE group_id = 'g' AND email = 'x'",
            "SELECT * FROM users WHERE id IN ('x', 'y')",
            "SELECT * FROM sign_in_throttle WHERE group_id = 'g' AND email = 'x'",
            "SELECT * FROM role_assignments WHERE id = 'x'",
            "SELECT * FROM role_assignments WHERE user_id = 'x'",
            "SELECT * FROM role_assignments WHERE group_id = 'x'",
            "SELECT * FROM role_assignments WHERE user_id = 'x' AND role = 'r' AND scope_kind = 'group' AND scope_id = 'g'",
            "SELECT * FROM sessions WHERE token_hash = x'00'",
            "SELECT * FROM sessions WHERE id = 'x'",
            "UPDATE sessions SET revoked_at = 1 WHERE user_id = 'x' AND revoked_at IS NULL",
            "SELECT * FROM api_keys WHERE key_hash = x'00'",
            "SELECT * FROM api_keys WHERE id = 'x'",
            "SELECT * FROM api_keys WHERE group_id = 'x' ORDER BY created_at DESC, id DESC",
            "SELECT * FROM clients WHERE id = 'x'",
            "SELECT * FROM clients WHERE group_id = 'g' AND login = 'x'",
            "SELECT * FROM contacts WHERE client_id = 'x' ORDER BY position",
            "SELECT * FROM notes WHERE client_id = 'x' ORDER BY created_at DESC, id DESC",
            "SELECT * FROM invitations WHERE token_hash = x'00'",
            "SELECT * FROM invitations WHERE client_id = 'x'",
            "SELECT * FROM outbox WHERE group_id = 'x' AND delivered_at IS NULL ORDER BY created_at, id",
            "SELECT * FROM audit_entries WHERE group_id = 'x' ORDER BY sequence DESC",
            "SELECT * FROM idempotency_keys WHERE caller = 'x' AND key = 'k'",
            "SELECT * FROM billing_accounts WHERE client_id = 'x'",
            "SELECT * FROM ledger_entries WHERE client_id = 'x' ORDER BY sequence DESC",
            "SELECT * FROM ledger_entries WHERE corrects_entry_id = 'x'",
            "SELECT coalesce(sum(amount_minor), 0) FROM ledger_entries WHERE client_id = 'x' AND at < 5",
            "SELECT * FROM ledger_entries WHERE client_id = 'x' AND at >= 1 AND at < 5 ORDER BY at, sequence",
            "SELECT coalesce(max(number), 0) + 1 FROM statements WHERE group_id = 'g'",
            "SELECT * FROM statements WHERE id = 'x'",
            "SELECT * FROM statements WHERE client_id = 'x' AND number < 9 ORDER BY number DESC",
            "SELECT * FROM ledger_entries WHERE id IN (SELECT entry_id FROM statement_entries WHERE statement_id = 'x')",
            "SELECT * FROM client_imports WHERE id = 'x'",
            "DELETE FROM client_imports WHERE expires_at < 1",
            "SELECT row_number FROM client_import_rows WHERE import_id = 'x' AND legal_id = 'l'",
            "SELECT row_number FROM client_import_rows WHERE import_id = 'x' AND login = 'l'",
            "SELECT * FROM client_import_rows WHERE import_id = 'x' ORDER BY row_number",
            "SELECT * FROM client_members WHERE client_id = 'x'",
            "SELECT * FROM accounts WHERE client_id = 'x'",
            "SELECT * FROM staff_grants WHERE client_id = 'x'",
            "SELECT * FROM staff_grants WHERE user_id = 'x' AND account_id IS NOT NULL",
            "SELECT * FROM sessions WHERE impersonated_client_id = 'x'",
            "SELECT * FROM clients WHERE activation_deadline IS NOT NULL AND activation_deadline <= 5",
        ]
    )
    func lookupsUseIndexes(sql: String) throws {
        let database = try AppDatabase.inMemory()
        let plan = try database.writer.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(sql)").map { row -> String in row["detail"] }
        }
        #expect(!plan.isEmpty)
        #expect(plan.allSatisfy { !$0.hasPrefix("SCAN") }, "\(sql): \(plan)")
    }

    @Test("deleting a user deletes their role assignments and sessions")
    func userDeletionCascades() async throws {
        let database = try await Fixtures.seededDatabase()
        try await database.write { store in
            try store.roles.insert(Fixtures.role())
            try store.sessions.insert(Fixtures.session())
        }
        let remaining = try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM users WHERE id = 'usr_1'")
            return try Int.fetchOne(
                db, sql: "SELECT (SELECT count(*) FROM role_assignments) + (SELECT count(*) FROM sessions)")
        }
        #expect(remaining == 0)
    }

    @Test("a scope kind other than group or client is refused")
    func scopeKindIsChecked() async throws {
        let database = try await Fixtures.seededDatabase()
        await #expect(throws: (any Error).self) {
            try await database.write { store in try store.roles.insert(Fixtures.role(scopeKind: "planet")) }
        }
        #expect(try await database.read { try $0.roles.forUser("usr_1") }.isEmpty)
    }
}
