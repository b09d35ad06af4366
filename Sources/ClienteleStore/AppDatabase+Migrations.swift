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
        return migrator
    }
}
