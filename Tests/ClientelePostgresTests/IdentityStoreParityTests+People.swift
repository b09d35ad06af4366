import ClientelePostgres
import ClienteleStore
import Testing

/// Client members, linked accounts and staff grants: the same operations on SQLite and
/// PostgreSQL give the same records, order and errors.
@Suite("Identity store parity: members, accounts, staff grants")
struct IdentityStoreParityPeopleTests {
    /// grp_1 with usr_1, usr_2, usr_B and usr-c; clients cli_1 and cli_2 in grp_1, cli_3 in grp_2.
    func parity() async throws -> IdentityParity {
        let users = ["usr_1", "usr_2", "usr_B", "usr-c"].enumerated().map { index, id in
            IdentityRecords.user(id, email: "u\(index)@example.com")
        }
        let parity = try await IdentityParity.make(groups: ["grp_1", "grp_2"], users: users)
        try await parity.insertClient("cli_1")
        try await parity.insertClient("cli_2")
        try await parity.insertClient("cli_3", groupID: "grp_2")
        return parity
    }

    @Test("members: save inserts or replaces, missing client or user, delete, portal access, oldest first")
    func members() async throws {
        let parity = try await self.parity()
        let saves: [(String, MemberRecord, IdentityOutcome<IdentityDone>)] = [
            ("new", IdentityRecords.member(userID: "usr_2", createdAt: 2_000), .done),
            ("new 2", IdentityRecords.member(userID: "usr_B", portalAccess: false, createdAt: 1_000), .done),
            ("new 3", IdentityRecords.member(userID: "usr-c", createdAt: 1_000), .done),
            ("new 4", IdentityRecords.member(userID: "usr_1", role: "member_admin", createdAt: 1_000), .done),
            ("other client", IdentityRecords.member(clientID: "cli_2", userID: "usr_B", portalAccess: false), .done),
            (
                "replace", IdentityRecords.member(userID: "usr_1", role: "member", portalAccess: false, createdAt: 500),
                .done
            ),
            (
                "missing client", IdentityRecords.member(clientID: "cli_9"),
                .storeError(.notFound("client cli_9 or user usr_1"))
            ),
            (
                "missing user", IdentityRecords.member(userID: "usr_9"),
                .storeError(.notFound("client cli_1 or user usr_9"))
            ),
        ]
        for (what, member, expected) in saves {
            let outcome = await parity.write(
                what, sqlite: { try $0.members.save(member) },
                postgres: { try PostgresMemberStore(session: $0).save(member) })
            #expect(outcome == expected, "\(what): \(outcome)")
        }
        // a role the schema refuses: the same (unmapped) failure on both
        await parity.write(
            "bad role", sqlite: { try $0.members.save(IdentityRecords.member(userID: "usr_2", role: "king")) },
            postgres: {
                try PostgresMemberStore(session: $0).save(IdentityRecords.member(userID: "usr_2", role: "king"))
            })
        #expect(
            await parity.read(
                "fetch replaced", sqlite: { try $0.members.fetch(clientID: "cli_1", userID: "usr_1") },
                postgres: { try PostgresMemberStore(session: $0).fetch(clientID: "cli_1", userID: "usr_1") })
                == .value(IdentityRecords.member(userID: "usr_1", role: "member", portalAccess: false, createdAt: 500)))
        await parity.read(
            "fetch missing", sqlite: { try $0.members.fetch(clientID: "cli_2", userID: "usr_1") },
            postgres: { try PostgresMemberStore(session: $0).fetch(clientID: "cli_2", userID: "usr_1") })
        let listed = await parity.read(
            "forClient", sqlite: { try $0.members.forClient("cli_1") },
            postgres: { try PostgresMemberStore(session: $0).forClient("cli_1") })
        #expect(listed.value?.map(\.userID) == ["usr_1", "usr-c", "usr_B", "usr_2"])
        for user in ["usr_B", "usr_1", "usr_2", "usr_9"] {
            await parity.read(
                "without portal \(user)", sqlite: { try $0.members.clientsWithoutPortalAccess(userID: user) },
                postgres: { try PostgresMemberStore(session: $0).clientsWithoutPortalAccess(userID: user) })
        }
        for (client, user, expected) in [
            ("cli_1", "usr_2", true), ("cli_1", "usr_2", false), ("cli_9", "usr_1", false),
        ] {
            #expect(
                await parity.write(
                    "delete \(client) \(user)", sqlite: { try $0.members.delete(clientID: client, userID: user) },
                    postgres: { try PostgresMemberStore(session: $0).delete(clientID: client, userID: user) })
                    == .value(expected))
        }
        await parity.read(
            "forClient after delete", sqlite: { try $0.members.forClient("cli_1") },
            postgres: { try PostgresMemberStore(session: $0).forClient("cli_1") })
        await parity.close()
    }

    @Test("accounts: insert, external ids unique per group, missing references, link and unlink, lists")
    func accounts() async throws {
        let parity = try await self.parity()
        let inserts: [(String, AccountRecord, IdentityOutcome<IdentityDone>)] = [
            ("linked", IdentityRecords.account("acc_2", externalID: "ext-1", createdAt: 2_000), .done),
            ("linked 2", IdentityRecords.account("acc_1", createdAt: 2_000), .done),
            ("linked 3", IdentityRecords.account("ACC_3", externalID: nil, createdAt: 2_000), .done),
            ("unlinked", IdentityRecords.account("acc_4", clientID: nil, externalID: "ext-2", createdAt: 1_500), .done),
            ("unlinked 2", IdentityRecords.account("acc-5", clientID: nil, createdAt: 1_500), .done),
            (
                "other group",
                IdentityRecords.account("acc_6", groupID: "grp_2", clientID: "cli_3", externalID: "ext-1"), .done
            ),
            (
                "taken external id", IdentityRecords.account("acc_7", clientID: "cli_2", externalID: "ext-1"),
                .storeError(.duplicate(field: "group_id, external_id"))
            ),
            ("same id", IdentityRecords.account("acc_1", externalID: "ext-9"), .storeError(.duplicate(field: "id"))),
            (
                "missing client", IdentityRecords.account("acc_8", clientID: "cli_9"),
                .storeError(.notFound("group grp_1 or client cli_9"))
            ),
            (
                "missing group", IdentityRecords.account("acc_9", groupID: "grp_9", clientID: nil),
                .storeError(.notFound("group grp_9 or client -"))
            ),
        ]
        for (what, account, expected) in inserts {
            let outcome = await parity.write(
                what, sqlite: { try $0.accounts.insert(account) },
                postgres: { try PostgresAccountStore(session: $0).insert(account) })
            #expect(outcome == expected, "\(what): \(outcome)")
        }
        let links: [(String, String?, IdentityOutcome<IdentityDone>)] = [
            ("acc_4", "cli_2", .done), ("acc_1", nil, .done),
            ("acc_9", "cli_1", .storeError(.notFound("account acc_9"))),
            ("acc_2", "cli_9", .storeError(.notFound("client cli_9"))),
            ("acc_9", nil, .storeError(.notFound("account acc_9"))),
        ]
        for (id, client, expected) in links {
            let outcome = await parity.write(
                "link \(id) to \(client ?? "-")", sqlite: { try $0.accounts.link(id: id, to: client) },
                postgres: { try PostgresAccountStore(session: $0).link(id: id, to: client) })
            #expect(outcome == expected, "link \(id): \(outcome)")
        }
        for id in ["acc_4", "acc_1", "acc_9"] {
            await parity.read(
                "fetch \(id)", sqlite: { try $0.accounts.fetch(id: id) },
                postgres: { try PostgresAccountStore(session: $0).fetch(id: id) })
        }
        let linked = await parity.read(
            "forClient cli_1", sqlite: { try $0.accounts.forClient("cli_1") },
            postgres: { try PostgresAccountStore(session: $0).forClient("cli_1") })
        #expect(linked.value?.map(\.id) == ["ACC_3", "acc_2"])
        await parity.read(
            "forClient cli_2", sqlite: { try $0.accounts.forClient("cli_2") },
            postgres: { try PostgresAccountStore(session: $0).forClient("cli_2") })
        let unlinked = await parity.read(
            "unlinked grp_1", sqlite: { try $0.accounts.unlinked(groupID: "grp_1") },
            postgres: { try PostgresAccountStore(session: $0).unlinked(groupID: "grp_1") })
        #expect(unlinked.value?.map(\.id) == ["acc-5", "acc_1"])
        await parity.read(
            "unlinked grp_2", sqlite: { try $0.accounts.unlinked(groupID: "grp_2") },
            postgres: { try PostgresAccountStore(session: $0).unlinked(groupID: "grp_2") })
        await parity.close()
    }

    @Test("staff grants: insert, missing references, fetch, forClient, accountGrants, delete")
    func staffGrants() async throws {
        let parity = try await self.parity()
        try await parity.sqlite.write { try $0.accounts.insert(IdentityRecords.account("acc_1")) }
        try await parity.postgres.write {
            try PostgresAccountStore(session: $0).insert(IdentityRecords.account("acc_1"))
        }
        let inserts: [(String, StaffGrantRecord, IdentityOutcome<IdentityDone>)] = [
            ("whole client", IdentityRecords.grant("sg_2", createdAt: 2_000, expiresAt: 9_000), .done),
            ("one account", IdentityRecords.grant("sg_1", accountID: "acc_1", createdAt: 2_000), .done),
            (
                "one account 2", IdentityRecords.grant("SG_3", accountID: "acc_1", userID: "usr_2", createdAt: 2_000),
                .done
            ),
            ("one account 3", IdentityRecords.grant("sg-4", accountID: "acc_1", createdAt: 1_000), .done),
            (
                "other client", IdentityRecords.grant("sg_5", clientID: "cli_2", accountID: "acc_1", createdAt: 3_000),
                .done
            ),
            ("same id", IdentityRecords.grant("sg_1"), .storeError(.duplicate(field: "id"))),
            (
                "missing client", IdentityRecords.grant("sg_6", clientID: "cli_9"),
                .storeError(.notFound("client cli_9, account or user usr_1"))
            ),
            (
                "missing account", IdentityRecords.grant("sg_7", accountID: "acc_9"),
                .storeError(.notFound("client cli_1, account or user usr_1"))
            ),
            (
                "missing user", IdentityRecords.grant("sg_8", userID: "usr_9"),
                .storeError(.notFound("client cli_1, account or user usr_9"))
            ),
        ]
        for (what, grant, expected) in inserts {
            let outcome = await parity.write(
                what, sqlite: { try $0.staffGrants.insert(grant) },
                postgres: { try PostgresStaffGrantStore(session: $0).insert(grant) })
            #expect(outcome == expected, "\(what): \(outcome)")
        }
        for id in ["sg_1", "sg_2", "sg_9"] {
            await parity.read(
                "fetch \(id)", sqlite: { try $0.staffGrants.fetch(id: id) },
                postgres: { try PostgresStaffGrantStore(session: $0).fetch(id: id) })
        }
        let forClient = await parity.read(
            "forClient", sqlite: { try $0.staffGrants.forClient("cli_1") },
            postgres: { try PostgresStaffGrantStore(session: $0).forClient("cli_1") })
        #expect(forClient.value?.map(\.id) == ["sg-4", "SG_3", "sg_1", "sg_2"])
        let accountGrants = await parity.read(
            "accountGrants", sqlite: { try $0.staffGrants.accountGrants(userID: "usr_1") },
            postgres: { try PostgresStaffGrantStore(session: $0).accountGrants(userID: "usr_1") })
        #expect(accountGrants.value?.map(\.id) == ["sg-4", "sg_1", "sg_5"])
        for (id, expected) in [("sg_1", true), ("sg_1", false), ("sg_9", false)] {
            #expect(
                await parity.write(
                    "delete \(id)", sqlite: { try $0.staffGrants.delete(id: id) },
                    postgres: { try PostgresStaffGrantStore(session: $0).delete(id: id) }) == .value(expected))
        }
        await parity.read(
            "accountGrants after delete", sqlite: { try $0.staffGrants.accountGrants(userID: "usr_1") },
            postgres: { try PostgresStaffGrantStore(session: $0).accountGrants(userID: "usr_1") })
        await parity.close()
    }
}
