import ClientelePostgres
import ClienteleStore
import Testing

/// Groups, users, the sign-in throttle and roles: the same operations on SQLite and PostgreSQL
/// give the same records, order and errors.
@Suite("Identity store parity: groups, users, throttle, roles")
struct IdentityStoreParityTests {
    @Test("groups: insert, fetch, all oldest first, duplicate id")
    func groups() async throws {
        let parity = try await IdentityParity.make(groups: [], users: [])
        for (id, createdAt) in [("grp_b", Int64(2_000)), ("grp_a", 2_000), ("grp-c", 1_000), ("GRP_d", 2_000)] {
            let group = IdentityRecords.group(id, name: "Group \(id)", createdAt: createdAt)
            let outcome = await parity.write(
                "insert \(id)", sqlite: { try $0.groups.insert(group) },
                postgres: { try PostgresGroupStore(session: $0).insert(group) })
            #expect(outcome == .done)
        }
        let duplicate = await parity.write(
            "duplicate id", sqlite: { try $0.groups.insert(IdentityRecords.group("grp_a")) },
            postgres: { try PostgresGroupStore(session: $0).insert(IdentityRecords.group("grp_a")) })
        #expect(duplicate == .storeError(.duplicate(field: "id")))
        let fetched = await parity.read(
            "fetch", sqlite: { try $0.groups.fetch(id: "grp_b") },
            postgres: { try PostgresGroupStore(session: $0).fetch(id: "grp_b") })
        #expect(fetched == .value(IdentityRecords.group("grp_b", name: "Group grp_b", createdAt: 2_000)))
        await parity.read(
            "fetch missing", sqlite: { try $0.groups.fetch(id: "grp_z") },
            postgres: { try PostgresGroupStore(session: $0).fetch(id: "grp_z") })
        let all = await parity.read(
            "all", sqlite: { try $0.groups.all() }, postgres: { try PostgresGroupStore(session: $0).all() })
        #expect(all.value?.map(\.id) == ["grp-c", "GRP_d", "grp_a", "grp_b"])
        await parity.close()
    }

    @Test("users: round trip, lookups stay in the group, email in any ASCII letter case")
    func userLookups() async throws {
        let parity = try await IdentityParity.make(groups: ["grp_1", "grp_2"])
        var bare = IdentityRecords.user("usr_2", email: "Bob@Example.COM")
        bare.passwordHash = nil
        bare.passwordSalt = nil
        bare.disabled = true
        bare.mustChangePassword = false
        bare.version = 7
        let elsewhere = IdentityRecords.user("usr_3", email: "ann@example.com", groupID: "grp_2")
        let accented = IdentityRecords.user("usr_4", email: "Élodie@example.com")
        for user in [bare, elsewhere, accented] {
            let outcome = await parity.write(
                "insert \(user.id)", sqlite: { try $0.users.insert(user) },
                postgres: { try PostgresUserStore(session: $0).insert(user) })
            #expect(outcome == .done)
        }
        #expect(
            await parity.read(
                "fetch id", sqlite: { try $0.users.fetch(id: "usr_2") },
                postgres: { try PostgresUserStore(session: $0).fetch(id: "usr_2") }) == .value(bare))
        for (id, group) in [("usr_1", "grp_1"), ("usr_3", "grp_1"), ("usr_3", "grp_2"), ("usr_9", "grp_1")] {
            await parity.read(
                "fetch \(id) in \(group)", sqlite: { try $0.users.fetch(id: id, inGroup: group) },
                postgres: { try PostgresUserStore(session: $0).fetch(id: id, inGroup: group) })
        }
        let lookups: [(String, String, String?)] = [
            ("ann@example.com", "grp_1", "usr_1"), ("ANN@Example.Com", "grp_1", "usr_1"),
            ("ann@example.com", "grp_2", "usr_3"), ("ann@example.com", "grp_3", nil),
            ("bob@example.com", "grp_1", "usr_2"), ("bob@example.com", "grp_2", nil),
            // NOCASE folds ASCII letters only: É and é are different letters to it
            ("Élodie@example.com", "grp_1", "usr_4"), ("élodie@example.com", "grp_1", nil),
            ("ÉLODIE@EXAMPLE.COM", "grp_1", "usr_4"), ("ann@example.com ", "grp_1", nil),
            ("ann@example.co%", "grp_1", nil),
        ]
        for (email, group, expected) in lookups {
            let found = await parity.read(
                "fetch \(email) in \(group)", sqlite: { try $0.users.fetch(email: email, inGroup: group) },
                postgres: { try PostgresUserStore(session: $0).fetch(email: email, inGroup: group) })
            #expect(found.value??.id == expected, "\(email) in \(group)")
        }
        await parity.close()
    }

    @Test("users: duplicates, missing group, update and its errors")
    func userWrites() async throws {
        let parity = try await IdentityParity.make(groups: ["grp_1", "grp_2"])
        let inserts: [(String, UserRecord, IdentityOutcome<IdentityDone>)] = [
            (
                "same email, other case", IdentityRecords.user("usr_2", email: "ANN@Example.COM"),
                .storeError(.duplicate(field: "group_id, email"))
            ),
            (
                "same id", IdentityRecords.user("usr_1", email: "other@example.com"),
                .storeError(.duplicate(field: "id"))
            ),
            ("missing group", IdentityRecords.user("usr_5", groupID: "grp_9"), .storeError(.notFound("group grp_9"))),
            ("same email, other group", IdentityRecords.user("usr_3", groupID: "grp_2"), .done),
            ("non-ASCII case differs", IdentityRecords.user("usr_6", email: "élodie@example.com"), .done),
            ("non-ASCII case differs 2", IdentityRecords.user("usr_7", email: "Élodie@example.com"), .done),
            (
                "same non-ASCII email, ASCII case differs", IdentityRecords.user("usr_8", email: "éLODIE@example.com"),
                .storeError(.duplicate(field: "group_id, email"))
            ),
        ]
        for (what, user, expected) in inserts {
            let outcome = await parity.write(
                what, sqlite: { try $0.users.insert(user) },
                postgres: { try PostgresUserStore(session: $0).insert(user) })
            #expect(outcome == expected, "\(what)")
        }

        var changed = IdentityRecords.user()
        changed.email = "Ann.New@Example.com"
        changed.name = "Ann New"
        changed.passwordHash = [9, 8, 7, 6]
        changed.passwordSalt = nil
        changed.disabled = true
        changed.mustChangePassword = false
        changed.updatedAt = 5_000
        changed.version = 2
        let updated = changed
        #expect(
            await parity.write(
                "update", sqlite: { try $0.users.update(updated) },
                postgres: { try PostgresUserStore(session: $0).update(updated) }) == .done)
        await parity.read(
            "after update", sqlite: { try $0.users.fetch(email: "ann.new@example.com", inGroup: "grp_1") },
            postgres: { try PostgresUserStore(session: $0).fetch(email: "ann.new@example.com", inGroup: "grp_1") })
        // an unchanged row still counts as found
        #expect(
            await parity.write(
                "update unchanged", sqlite: { try $0.users.update(updated) },
                postgres: { try PostgresUserStore(session: $0).update(updated) }) == .done)

        var missing = IdentityRecords.user("usr_9")
        missing.email = "nobody@example.com"
        let missingUser = missing
        #expect(
            await parity.write(
                "update missing", sqlite: { try $0.users.update(missingUser) },
                postgres: { try PostgresUserStore(session: $0).update(missingUser) })
                == .storeError(.notFound("user usr_9")))
        var wrongGroup = updated
        wrongGroup.groupID = "grp_2"
        let moved = wrongGroup
        #expect(
            await parity.write(
                "update in another group", sqlite: { try $0.users.update(moved) },
                postgres: { try PostgresUserStore(session: $0).update(moved) })
                == .storeError(.notFound("user usr_1")))
        var clash = IdentityRecords.user("usr_6", email: "ANN.NEW@example.com")
        clash.name = "Clash"
        let clashing = clash
        #expect(
            await parity.write(
                "update to a taken email", sqlite: { try $0.users.update(clashing) },
                postgres: { try PostgresUserStore(session: $0).update(clashing) })
                == .storeError(.duplicate(field: "group_id, email")))
        await parity.close()
    }

    @Test("users: list by ids — duplicates and missing ids, over 500 ids, sorted by email then id")
    func userList() async throws {
        let emails = ["carl@x.io", "Bea@x.io", "bea@x.io", "ADA@x.io", "dan@x.io", "ada@y.io"]
        var users: [UserRecord] = []
        for (index, email) in emails.enumerated() {
            users.append(
                IdentityRecords.user("usr_\(index)", email: email, groupID: index.isMultiple(of: 2) ? "grp_1" : "grp_2")
            )
        }
        let parity = try await IdentityParity.make(groups: ["grp_1", "grp_2"], users: users)
        let ids = (0..<1_200).map { "usr_\($0 % 700)" } + ["usr_1", "usr_1", "nobody"]
        let listed = await parity.read(
            "list", sqlite: { try $0.users.list(ids: ids) },
            postgres: { try PostgresUserStore(session: $0).list(ids: ids) })
        #expect(listed.value?.map(\.id) == ["usr_3", "usr_5", "usr_1", "usr_2", "usr_0", "usr_4"])
        await parity.read(
            "list none", sqlite: { try $0.users.list(ids: []) },
            postgres: { try PostgresUserStore(session: $0).list(ids: []) })
        await parity.read(
            "list missing", sqlite: { try $0.users.list(ids: ["x", "y"]) },
            postgres: { try PostgresUserStore(session: $0).list(ids: ["x", "y"]) })
        await parity.close()
    }

    struct ThrottleState: Equatable, Sendable {
        var failures: Int
        var lockedUntil: Int64?
    }

    @Test("sign-in throttle: counts per name in any ASCII case, locks, clears, prunes")
    func throttle() async throws {
        let parity = try await IdentityParity.make(users: [])
        @Sendable func state(_ group: String, _ email: String) async -> IdentityOutcome<ThrottleState?> {
            await parity.read(
                "state \(group) \(email)",
                sqlite: {
                    try $0.signInThrottle.state(groupID: group, email: email).map {
                        ThrottleState(failures: $0.failures, lockedUntil: $0.lockedUntil)
                    }
                },
                postgres: {
                    try PostgresSignInThrottleStore(session: $0).state(groupID: group, email: email).map {
                        ThrottleState(failures: $0.failures, lockedUntil: $0.lockedUntil)
                    }
                })
        }
        @Sendable func fail(_ group: String, _ email: String, at now: Int64) async -> IdentityOutcome<Int> {
            // locked for 1 s from the third failure on
            await parity.write(
                "fail \(group) \(email)",
                sqlite: {
                    try $0.signInThrottle.recordFailure(groupID: group, email: email, now: now) {
                        $0 >= 3 ? now + 1_000 : nil
                    }
                },
                postgres: {
                    try PostgresSignInThrottleStore(session: $0).recordFailure(groupID: group, email: email, now: now) {
                        $0 >= 3 ? now + 1_000 : nil
                    }
                })
        }
        #expect(await state("grp_1", "ann@example.com") == .value(nil))
        #expect(await fail("grp_1", "ann@example.com", at: 100) == .value(1))
        #expect(await fail("grp_1", "ANN@Example.com", at: 200) == .value(2))
        #expect(await state("grp_1", "Ann@example.COM") == .value(ThrottleState(failures: 2, lockedUntil: nil)))
        #expect(await fail("grp_1", "ann@example.com", at: 300) == .value(3))
        #expect(await state("grp_1", "ann@example.com") == .value(ThrottleState(failures: 3, lockedUntil: 1_300)))
        #expect(await fail("grp_2", "ann@example.com", at: 300) == .value(1))
        #expect(await fail("grp_1", "élodie@example.com", at: 300) == .value(1))
        #expect(await fail("grp_1", "Élodie@example.com", at: 400) == .value(1))
        #expect(await fail("grp_1", "ÉLODIE@example.com", at: 500) == .value(2))
        #expect(await state("grp_1", "élodie@EXAMPLE.com") == .value(ThrottleState(failures: 1, lockedUntil: nil)))
        await parity.write(
            "clear", sqlite: { try $0.signInThrottle.clear(groupID: "grp_1", email: "ANN@EXAMPLE.COM") },
            postgres: { try PostgresSignInThrottleStore(session: $0).clear(groupID: "grp_1", email: "ANN@EXAMPLE.COM") }
        )
        #expect(await state("grp_1", "ann@example.com") == .value(nil))
        #expect(await state("grp_2", "ann@example.com") == .value(ThrottleState(failures: 1, lockedUntil: nil)))
        // grp_2's row (failure at 300, no lock) and élodie's (300) go; Élodie's (500) stays; a lock past `before` keeps a row
        #expect(await fail("grp_3", "locked@example.com", at: 100) == .value(1))
        #expect(await fail("grp_3", "locked@example.com", at: 110) == .value(2))
        #expect(await fail("grp_3", "locked@example.com", at: 120) == .value(3))
        await parity.write(
            "prune", sqlite: { try $0.signInThrottle.prune(before: 450) },
            postgres: { try PostgresSignInThrottleStore(session: $0).prune(before: 450) })
        #expect(await state("grp_2", "ann@example.com") == .value(nil))
        #expect(await state("grp_1", "élodie@example.com") == .value(nil))
        #expect(await state("grp_1", "Élodie@example.com") == .value(ThrottleState(failures: 2, lockedUntil: nil)))
        #expect(await state("grp_3", "locked@example.com") == .value(ThrottleState(failures: 3, lockedUntil: 1_120)))
        await parity.write(
            "prune later", sqlite: { try $0.signInThrottle.prune(before: 2_000) },
            postgres: { try PostgresSignInThrottleStore(session: $0).prune(before: 2_000) })
        #expect(await state("grp_3", "locked@example.com") == .value(nil))
        await parity.close()
    }

    @Test("roles: insert, fetch, find, forUser, inGroup order, duplicates, missing references, delete")
    func roles() async throws {
        let users = ["usr_1", "usr_B", "usr-c", "usr_a"].enumerated().map { index, id in
            IdentityRecords.user(id, email: "u\(index)@example.com")
        }
        let parity = try await IdentityParity.make(groups: ["grp_1", "grp_2"], users: users)
        let records = [
            IdentityRecords.role("ra_4", userID: "usr_a", role: "staff", createdAt: 4_000),
            IdentityRecords.role("ra_3", role: "manager", scopeID: "grp_2", groupID: "grp_2", createdAt: 3_000),
            IdentityRecords.role("ra_2", role: "member", scopeKind: "client", scopeID: "cli_1", createdAt: 2_000),
            IdentityRecords.role("ra_1", role: "owner", createdAt: 1_000),
            IdentityRecords.role("ra_5", userID: "usr_B", role: "owner", createdAt: 1_000),
            IdentityRecords.role("ra_6", userID: "usr-c", role: "owner", createdAt: 1_000),
            IdentityRecords.role("ra_7", userID: "usr_a", role: "owner", createdAt: 1_000),
            IdentityRecords.role("RA_8", userID: "usr_a", role: "viewer", createdAt: 1_000),
            RoleAssignmentRecord(
                id: "ra_9", userID: "usr_a", role: "member", scopeKind: "client", scopeID: "cli_2", groupID: "grp_1",
                createdAt: 1_000, createdBy: nil, expiresAt: nil),
        ]
        for record in records {
            #expect(
                await parity.write(
                    "insert \(record.id)", sqlite: { try $0.roles.insert(record) },
                    postgres: { try PostgresRoleStore(session: $0).insert(record) }) == .done)
        }
        let failing: [(String, RoleAssignmentRecord, IdentityOutcome<IdentityDone>)] = [
            (
                "same role on the same scope", IdentityRecords.role("ra_10"),
                .storeError(.duplicate(field: "user_id, role, scope_kind, scope_id"))
            ),
            ("same id", IdentityRecords.role("ra_1", role: "viewer"), .storeError(.duplicate(field: "id"))),
            (
                "missing user", IdentityRecords.role("ra_11", userID: "usr_9"),
                .storeError(.notFound("user usr_9 or group grp_1"))
            ),
            (
                "missing group", IdentityRecords.role("ra_12", role: "auditor", groupID: "grp_9"),
                .storeError(.notFound("user usr_1 or group grp_9"))
            ),
        ]
        for (what, record, expected) in failing {
            #expect(
                await parity.write(
                    what, sqlite: { try $0.roles.insert(record) },
                    postgres: { try PostgresRoleStore(session: $0).insert(record) }) == expected, "\(what)")
        }
        // a scope kind the schema refuses: the same (unmapped) failure on both
        await parity.write(
            "bad scope kind", sqlite: { try $0.roles.insert(IdentityRecords.role("ra_13", scopeKind: "planet")) },
            postgres: { try PostgresRoleStore(session: $0).insert(IdentityRecords.role("ra_13", scopeKind: "planet")) })

        for id in ["ra_2", "ra_9", "ra_0"] {
            await parity.read(
                "fetch \(id)", sqlite: { try $0.roles.fetch(id: id) },
                postgres: { try PostgresRoleStore(session: $0).fetch(id: id) })
        }
        for user in ["usr_1", "usr_a", "usr_9"] {
            await parity.read(
                "forUser \(user)", sqlite: { try $0.roles.forUser(user) },
                postgres: { try PostgresRoleStore(session: $0).forUser(user) })
        }
        for group in ["grp_1", "grp_2", "grp_9"] {
            await parity.read(
                "inGroup \(group)", sqlite: { try $0.roles.inGroup(group) },
                postgres: { try PostgresRoleStore(session: $0).inGroup(group) })
        }
        let inGroup = await parity.read(
            "inGroup order", sqlite: { try $0.roles.inGroup("grp_1") },
            postgres: { try PostgresRoleStore(session: $0).inGroup("grp_1") })
        #expect(inGroup.value?.map(\.id) == ["ra_6", "ra_1", "ra_2", "ra_5", "RA_8", "ra_7", "ra_9", "ra_4"])
        for (user, role, kind, scope) in [
            ("usr_1", "member", "client", "cli_1"), ("usr_1", "member", "group", "cli_1"),
            ("usr_a", "owner", "group", "grp_1"),
        ] {
            await parity.read(
                "find \(user) \(role) \(kind) \(scope)",
                sqlite: { try $0.roles.find(userID: user, role: role, scopeKind: kind, scopeID: scope) },
                postgres: {
                    try PostgresRoleStore(session: $0).find(userID: user, role: role, scopeKind: kind, scopeID: scope)
                })
        }
        #expect(
            await parity.write(
                "delete", sqlite: { try $0.roles.delete(id: "ra_2") },
                postgres: { try PostgresRoleStore(session: $0).delete(id: "ra_2") }) == .value(true))
        #expect(
            await parity.write(
                "delete again", sqlite: { try $0.roles.delete(id: "ra_2") },
                postgres: { try PostgresRoleStore(session: $0).delete(id: "ra_2") }) == .value(false))
        await parity.read(
            "forUser after delete", sqlite: { try $0.roles.forUser("usr_1") },
            postgres: { try PostgresRoleStore(session: $0).forUser("usr_1") })
        await parity.close()
    }
}
