import GRDB

extension AppDatabase {
    /// Migration v7: accounts belong to one group (tenant).
    ///
    /// Before, a user was global and shared by every group that named its email. Now each
    /// group owns its accounts: a user who held roles in several groups becomes one account
    /// per group, each keeping the same name, email and password hash, and every reference
    /// of a group (roles, staff grants, memberships, ownership, management, invitations,
    /// notes, API keys issued) points at that group's account. The account keeps its id in
    /// the group where it first got a role. Accounts no group refers to could do nothing
    /// and are dropped; open "sign in as" sessions end. Client logins become unique per
    /// group instead of daemon-wide, and failed sign-ins are counted per group and email
    /// (`sign_in_throttle`), whether or not an account has that email.
    static func migrateToTenantOwnedAccounts(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TEMP TABLE account_groups AS
                    SELECT user_id, group_id, MIN(at) AS first_at FROM (
                        SELECT user_id, group_id, created_at AS at FROM role_assignments
                        UNION ALL SELECT user_id, group_id, created_at FROM staff_grants
                        UNION ALL SELECT m.user_id, c.group_id, m.created_at
                            FROM client_members m JOIN clients c ON c.id = m.client_id
                        UNION ALL SELECT owner_user_id, group_id, created_at FROM clients WHERE owner_user_id IS NOT NULL
                        UNION ALL SELECT manager_user_id, group_id, created_at FROM clients
                            WHERE manager_user_id IS NOT NULL
                        UNION ALL SELECT user_id, group_id, created_at FROM invitations
                    ) GROUP BY user_id, group_id;

                CREATE TEMP TABLE account_map AS
                    SELECT user_id AS old_id, group_id,
                        CASE WHEN ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY first_at, group_id) = 1
                            THEN user_id ELSE 'usr_' || lower(hex(randomblob(13))) END AS new_id
                    FROM account_groups;
                CREATE UNIQUE INDEX temp.account_map_by_old ON account_map(old_id, group_id);

                CREATE TABLE users_v7 (
                    id TEXT NOT NULL PRIMARY KEY,
                    group_id TEXT NOT NULL REFERENCES groups(id),
                    email TEXT NOT NULL COLLATE NOCASE,
                    name TEXT NOT NULL,
                    password_hash BLOB,
                    password_salt BLOB,
                    disabled INTEGER NOT NULL CHECK (disabled IN (0, 1)),
                    must_change_password INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    version INTEGER NOT NULL,
                    UNIQUE (group_id, email)
                ) STRICT;
                INSERT INTO users_v7 (id, group_id, email, name, password_hash, password_salt, disabled,
                        must_change_password, created_at, updated_at, version)
                    SELECT m.new_id, m.group_id, u.email, u.name, u.password_hash, u.password_salt, u.disabled,
                        u.must_change_password, u.created_at, u.updated_at, u.version
                    FROM account_map m JOIN users u ON u.id = m.old_id;
                DROP TABLE users;
                ALTER TABLE users_v7 RENAME TO users;

                CREATE TABLE sign_in_throttle (
                    group_id TEXT NOT NULL,
                    email TEXT NOT NULL COLLATE NOCASE,
                    failures INTEGER NOT NULL CHECK (failures >= 0),
                    locked_until INTEGER,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (group_id, email)
                ) STRICT, WITHOUT ROWID;
                """)
        // Every reference of a group to a user now names that group's account.
        let moves: [(table: String, column: String, group: String)] = [
            ("role_assignments", "user_id", "role_assignments.group_id"),
            ("staff_grants", "user_id", "staff_grants.group_id"),
            ("invitations", "user_id", "invitations.group_id"),
            ("clients", "owner_user_id", "clients.group_id"),
            ("clients", "manager_user_id", "clients.group_id"),
            ("client_members", "user_id", "(SELECT group_id FROM clients WHERE id = client_members.client_id)"),
            ("notes", "author_user_id", "(SELECT group_id FROM clients WHERE id = notes.client_id)"),
            ("api_keys", "created_by", "api_keys.group_id"),
        ]
        for move in moves {
            try db.execute(
                sql: """
                    UPDATE \(move.table) SET \(move.column) = (
                        SELECT new_id FROM account_map WHERE old_id = \(move.table).\(move.column) AND group_id = \(move.group))
                    WHERE EXISTS (
                        SELECT 1 FROM account_map WHERE old_id = \(move.table).\(move.column) AND group_id = \(move.group)
                            AND new_id != old_id)
                    """)
        }
        try db.execute(
            sql: """
                DELETE FROM sessions WHERE impersonated_client_id IS NOT NULL
                    OR user_id NOT IN (SELECT id FROM users);
                DROP TABLE account_map;
                DROP TABLE account_groups;
                """)
        try Self.makeClientLoginsUniquePerGroup(db)
    }

    /// Rebuilds `clients` without the daemon-wide UNIQUE on `login` (SQLite cannot drop a
    /// column constraint), keeping rowids (the search index refers to them) and every index.
    private static func makeClientLoginsUniquePerGroup(_ db: Database) throws {
        guard
            let table = try String.fetchOne(
                db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'clients'")
        else { return }
        let unique = "login TEXT COLLATE NOCASE UNIQUE"
        guard table.contains(unique) else { return }
        let indexes = try String.fetchAll(
            db,
            sql:
                "SELECT sql FROM sqlite_master WHERE tbl_name = 'clients' AND type IN ('index', 'trigger') AND sql IS NOT NULL"
        )
        let rebuilt = table.replacingOccurrences(of: unique, with: "login TEXT COLLATE NOCASE")
            .replacingOccurrences(of: "CREATE TABLE clients", with: "CREATE TABLE clients_v7")
            .replacingOccurrences(of: "CREATE TABLE \"clients\"", with: "CREATE TABLE clients_v7")
        try db.execute(sql: rebuilt)
        let columns = try db.columns(in: "clients").map { "\"\($0.name)\"" }.joined(separator: ", ")
        try db.execute(sql: "INSERT INTO clients_v7 (rowid, \(columns)) SELECT rowid, \(columns) FROM clients")
        try db.execute(sql: "DROP TABLE clients")
        try db.execute(sql: "ALTER TABLE clients_v7 RENAME TO clients")
        for statement in indexes { try db.execute(sql: statement) }
        try db.execute(
            sql: "CREATE UNIQUE INDEX clients_login_per_group ON clients(group_id, login) WHERE login IS NOT NULL")
    }
}
