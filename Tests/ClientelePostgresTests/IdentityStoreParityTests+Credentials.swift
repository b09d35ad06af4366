import ClientelePostgres
import ClienteleStore
import Testing

/// Sessions and API keys: the same operations on SQLite and PostgreSQL give the same records,
/// order, limits and errors.
@Suite("Identity store parity: sessions, API keys")
struct IdentityStoreParityCredentialTests {
    @Test("sessions: insert, fetch by token hash, duplicates, missing user, revoke keeps the first time, revokeAll")
    func sessions() async throws {
        let parity = try await IdentityParity.make(
            users: [IdentityRecords.user(), IdentityRecords.user("usr_2", email: "bob@example.com")])
        let first = IdentityRecords.session("ses_1", tokenHash: [9, 9, 9])
        let plain = IdentityRecords.session("ses_2", tokenHash: [0, 255, 1], impersonatedClientID: nil)
        let bobs = IdentityRecords.session("ses_3", tokenHash: [3], userID: "usr_2")
        var revoked = IdentityRecords.session("ses_4", tokenHash: [4, 4])
        revoked.revokedAt = 1_500
        let revokedEarlier = revoked
        for session in [first, plain, bobs, revokedEarlier] {
            #expect(
                await parity.write(
                    "insert \(session.id)", sqlite: { try $0.sessions.insert(session) },
                    postgres: { try PostgresSessionStore(session: $0).insert(session) }) == .done)
        }
        let failing: [(String, SessionRecord, IdentityOutcome<IdentityDone>)] = [
            (
                "same token hash", IdentityRecords.session("ses_5", tokenHash: [9, 9, 9]),
                .storeError(.duplicate(field: "token_hash"))
            ),
            ("same id", IdentityRecords.session("ses_1", tokenHash: [1]), .storeError(.duplicate(field: "id"))),
            (
                "missing user", IdentityRecords.session("ses_6", tokenHash: [6], userID: "usr_9"),
                .storeError(.notFound("user usr_9"))
            ),
        ]
        for (what, session, expected) in failing {
            let outcome = await parity.write(
                what, sqlite: { try $0.sessions.insert(session) },
                postgres: { try PostgresSessionStore(session: $0).insert(session) })
            #expect(outcome == expected, "\(what): \(outcome)")
        }
        for hash: [UInt8] in [[9, 9, 9], [0, 255, 1], [9, 9], [], [4, 4]] {
            await parity.read(
                "fetch \(hash)", sqlite: { try $0.sessions.fetch(tokenHash: hash) },
                postgres: { try PostgresSessionStore(session: $0).fetch(tokenHash: hash) })
        }
        #expect(
            await parity.read(
                "fetch round trip", sqlite: { try $0.sessions.fetch(tokenHash: [0, 255, 1]) },
                postgres: { try PostgresSessionStore(session: $0).fetch(tokenHash: [0, 255, 1]) }) == .value(plain))

        for (id, time, expected) in [
            ("ses_1", Int64(2_000), true), ("ses_1", 3_000, true), ("ses_4", 2_500, true), ("ses_9", 2_000, false),
        ] {
            #expect(
                await parity.write(
                    "revoke \(id) at \(time)", sqlite: { try $0.sessions.revoke(id: id, at: time) },
                    postgres: { try PostgresSessionStore(session: $0).revoke(id: id, at: time) }) == .value(expected))
        }
        let afterRevoke = await parity.read(
            "ses_1 after revokes", sqlite: { try $0.sessions.fetch(tokenHash: [9, 9, 9]) },
            postgres: { try PostgresSessionStore(session: $0).fetch(tokenHash: [9, 9, 9]) })
        #expect(afterRevoke.value??.revokedAt == 2_000)
        await parity.write(
            "revokeAll usr_1", sqlite: { try $0.sessions.revokeAll(userID: "usr_1", at: 7_000) },
            postgres: { try PostgresSessionStore(session: $0).revokeAll(userID: "usr_1", at: 7_000) })
        await parity.write(
            "revokeAll nobody", sqlite: { try $0.sessions.revokeAll(userID: "usr_9", at: 7_000) },
            postgres: { try PostgresSessionStore(session: $0).revokeAll(userID: "usr_9", at: 7_000) })
        var revokedAt: [Int64?] = []
        for hash: [UInt8] in [[9, 9, 9], [0, 255, 1], [3], [4, 4]] {
            let outcome = await parity.read(
                "after revokeAll \(hash)", sqlite: { try $0.sessions.fetch(tokenHash: hash) },
                postgres: { try PostgresSessionStore(session: $0).fetch(tokenHash: hash) })
            revokedAt.append(outcome.value??.revokedAt)
        }
        #expect(revokedAt == [2_000, 7_000, nil, 1_500])
        await parity.close()
    }

    @Test("sessions: impersonations of a client, newest first, ties by id descending, at most 500")
    func impersonations() async throws {
        let parity = try await IdentityParity.make()
        var sessions: [SessionRecord] = []
        for index in 0..<620 {
            // three creation times, so that ids decide within each; ids of mixed case and separators
            let id = ["ses_\(index)", "SES_\(index)", "ses-\(index)"][index % 3]
            sessions.append(
                IdentityRecords.session(
                    id, tokenHash: [UInt8(index % 256), UInt8(index / 256)], createdAt: Int64(1_000 + index % 3),
                    impersonatedClientID: index % 7 == 0 ? "cli_2" : "cli_1"))
        }
        sessions.append(IdentityRecords.session("ses_plain", tokenHash: [255, 255, 255], impersonatedClientID: nil))
        let all = sessions
        try await parity.sqlite.write { store in for session in all { try store.sessions.insert(session) } }
        try await parity.postgres.write { db in
            for session in all { try PostgresSessionStore(session: db).insert(session) }
        }
        for client in ["cli_1", "cli_2", "cli_9"] {
            let listed = await parity.read(
                "impersonations \(client)", sqlite: { try $0.sessions.impersonations(clientID: client) },
                postgres: { try PostgresSessionStore(session: $0).impersonations(clientID: client) })
            if client == "cli_1" { #expect(listed.value?.count == 500) }
            if client == "cli_2" { #expect(listed.value?.count == 89) }
        }
        await parity.close()
    }

    @Test("API keys: insert, fetch by hash and id, list newest first, duplicates, missing group, revoke, touch")
    func apiKeys() async throws {
        let parity = try await IdentityParity.make(groups: ["grp_1", "grp_2"])
        let keys = [
            IdentityRecords.apiKey("key_1", keyHash: [7, 7], createdAt: 1_000),
            IdentityRecords.apiKey("key_2", keyHash: [0, 1, 2], createdAt: 3_000),
            IdentityRecords.apiKey("KEY_3", keyHash: [3], createdAt: 3_000),
            IdentityRecords.apiKey("key-4", keyHash: [4], createdAt: 3_000),
            IdentityRecords.apiKey("key_5", keyHash: [5], groupID: "grp_2", createdAt: 2_000),
        ]
        for key in keys {
            #expect(
                await parity.write(
                    "insert \(key.id)", sqlite: { try $0.apiKeys.insert(key) },
                    postgres: { try PostgresAPIKeyStore(session: $0).insert(key) }) == .done)
        }
        let failing: [(String, APIKeyRecord, IdentityOutcome<IdentityDone>)] = [
            (
                "same hash", IdentityRecords.apiKey("key_6", keyHash: [7, 7]),
                .storeError(.duplicate(field: "key_hash"))
            ),
            ("same id", IdentityRecords.apiKey("key_1", keyHash: [6]), .storeError(.duplicate(field: "id"))),
            (
                "missing group", IdentityRecords.apiKey("key_7", keyHash: [8], groupID: "grp_9"),
                .storeError(.notFound("group grp_9"))
            ),
        ]
        for (what, key, expected) in failing {
            let outcome = await parity.write(
                what, sqlite: { try $0.apiKeys.insert(key) },
                postgres: { try PostgresAPIKeyStore(session: $0).insert(key) })
            #expect(outcome == expected, "\(what): \(outcome)")
        }
        for hash: [UInt8] in [[7, 7], [0, 1, 2], [7], []] {
            await parity.read(
                "fetch hash \(hash)", sqlite: { try $0.apiKeys.fetch(keyHash: hash) },
                postgres: { try PostgresAPIKeyStore(session: $0).fetch(keyHash: hash) })
        }
        #expect(
            await parity.read(
                "fetch id", sqlite: { try $0.apiKeys.fetch(id: "key_2") },
                postgres: { try PostgresAPIKeyStore(session: $0).fetch(id: "key_2") }) == .value(keys[1]))
        await parity.read(
            "fetch missing id", sqlite: { try $0.apiKeys.fetch(id: "key_9") },
            postgres: { try PostgresAPIKeyStore(session: $0).fetch(id: "key_9") })
        let listed = await parity.read(
            "list grp_1", sqlite: { try $0.apiKeys.list(groupID: "grp_1") },
            postgres: { try PostgresAPIKeyStore(session: $0).list(groupID: "grp_1") })
        #expect(listed.value?.map(\.id) == ["key_2", "key-4", "KEY_3", "key_1"])
        await parity.read(
            "list grp_9", sqlite: { try $0.apiKeys.list(groupID: "grp_9") },
            postgres: { try PostgresAPIKeyStore(session: $0).list(groupID: "grp_9") })

        for (id, time, expected) in [("key_1", Int64(5_000), true), ("key_1", 6_000, true), ("key_9", 5_000, false)] {
            #expect(
                await parity.write(
                    "revoke \(id) at \(time)", sqlite: { try $0.apiKeys.revoke(id: id, at: time) },
                    postgres: { try PostgresAPIKeyStore(session: $0).revoke(id: id, at: time) }) == .value(expected))
        }
        for (id, time) in [("key_2", Int64(4_000)), ("key_2", 3_500), ("key_2", 4_500), ("key_9", 1)] {
            await parity.write(
                "touch \(id) at \(time)", sqlite: { try $0.apiKeys.touch(id: id, at: time) },
                postgres: { try PostgresAPIKeyStore(session: $0).touch(id: id, at: time) })
        }
        let after = await parity.read(
            "list after", sqlite: { try $0.apiKeys.list(groupID: "grp_1") },
            postgres: { try PostgresAPIKeyStore(session: $0).list(groupID: "grp_1") })
        #expect(after.value?.first { $0.id == "key_2" }?.lastUsedAt == 4_500)
        #expect(after.value?.first { $0.id == "key_1" }?.revokedAt == 5_000)
        await parity.close()
    }
}
