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
                "client_import_rows",
            ] {
                #expect(try db.tableExists(table), "missing table \(table)")
            }
            #expect(
                try AppDatabase.migrator.appliedMigrations(db) == [
                    "v1 identity", "v2 clients", "v3 billing", "v4 people and accounts", "v5 client imports",
                ])
            let userIndexes = try db.indexes(on: "users")
            #expect(userIndexes.contains { $0.columns == ["email"] && $0.isUnique })
            let roleForeignKeys = try db.foreignKeys(on: "role_assignments").map(\.destinationTable).sorted()
            #expect(roleForeignKeys == ["groups", "users"])
            #expect(try db.foreignKeys(on: "sessions").map(\.destinationTable) == ["users"])
            #expect(try db.foreignKeys(on: "api_keys").map(\.destinationTable) == ["groups"])
        }
    }

    @Test(
        "every lookup uses an index",
        arguments: [
            "SELECT * FROM groups WHERE id = 'x'",
            "SELECT * FROM users WHERE id = 'x'",
            "SELECT * FROM users WHERE email = 'x'",
            "SELECT * FROM users WHERE id IN ('x', 'y')",
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
            "SELECT * FROM clients WHERE login = 'x'",
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
