import ClientelePostgres
import ClienteleStore
import Testing

/// `PostgresClientStore` and `PostgresContactStore` against the SQLite stores: the same
/// operations on both engines give the same values and the same store errors.
@Suite("Client store parity")
struct ClientStoreParityTests {
    /// Runs `operation` as a write on both engines and expects the same outcome.
    func same<Value: Equatable & Sendable>(
        _ engines: ClientEngines, _ comment: Comment? = nil,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ operation: @escaping @Sendable (any ClientStore, any ContactStore) throws -> Value
    ) async -> ClientEngines.Outcome<Value> {
        let (sqlite, postgres) = await engines.write(operation)
        #expect(sqlite == postgres, comment, sourceLocation: sourceLocation)
        return sqlite
    }

    /// `same` for an operation that returns nothing: `.value(true)` when it succeeds.
    func same(
        _ engines: ClientEngines, _ comment: Comment? = nil,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ operation: @escaping @Sendable (any ClientStore, any ContactStore) throws -> Void
    ) async -> ClientEngines.Outcome<Bool> {
        await self.same(engines, comment, sourceLocation: sourceLocation) { clients, contacts -> Bool in
            try operation(clients, contacts)
            return true
        }
    }

    @Test("a client reads back exactly as written on both, every field, flags and lists included")
    func roundTrip() async throws {
        let engines = try await ClientEngines.make()
        var full = ClientRecords.client("cli_1", name: "Acme", login: "acme")
        full.suspended = StateFlagRecord(reason: "", by: "", at: 0)
        full.managerUserID = "usr_1"
        full.ownerUserID = "usr_2"
        full.legalID = "DE123"
        full.closedAt = 7
        full.subClientCount = 2
        let written = full
        var bare = ClientRecord(id: "cli_2", groupID: "grp_1", accountName: "", createdAt: 0)
        bare.parentClientID = "cli_1"
        bare.billingEmails = [""]  // reads back as [] on both (one empty item is an empty list)
        bare.serviceLevels = [ServiceLevelRecord(priority: Int.max, responseMinutes: -1, resolutionMinutes: 0)]
        let second = bare
        #expect(await self.same(engines) { clients, _ in try clients.insert(written, contacts: []) } == .value(true))
        #expect(await self.same(engines) { clients, _ in try clients.insert(second, contacts: []) } == .value(true))
        #expect(await self.same(engines) { clients, _ in try clients.fetch(id: "cli_1") } == .value(written))
        // One empty list item reads back as an empty list, on both.
        var expected = second
        expected.billingEmails = []
        #expect(await self.same(engines) { clients, _ in try clients.fetch(id: "cli_2") } == .value(expected))
        #expect(await self.same(engines) { clients, _ in try clients.fetch(id: "cli_3") } == .value(nil))
        await engines.close()
    }

    @Test("insert errors: taken id, legal id, login in any ASCII case; missing group, manager, owner, parent")
    func insertErrors() async throws {
        let engines = try await ClientEngines.make()
        var first = ClientRecords.client("cli_1", name: "Acme", login: "École.Acme")
        first.legalID = "L1"
        let original = first
        _ = await self.same(engines) { clients, _ in try clients.insert(original, contacts: []) }
        func attempt(_ change: @escaping @Sendable (inout ClientRecord) -> Void) async -> ClientEngines.Outcome<Bool> {
            await self.same(engines) { clients, _ in
                var client = ClientRecords.client("cli_new", name: "New", login: nil)
                change(&client)
                try clients.insert(client, contacts: [])
                return true
            }
        }
        #expect(await attempt { $0.id = "cli_1" } == .storeError(.duplicate(field: "id")))
        #expect(await attempt { $0.legalID = "L1" } == .storeError(.duplicate(field: "group_id, legal_id")))
        #expect(await attempt { $0.login = "ÉCOLE.ACME" } == .storeError(.duplicate(field: "group_id, login")))
        // NOCASE folds A–Z only: "É" and "é" differ, on both.
        #expect(await attempt { $0.login = "école.acme" } == .value(true))
        // Several keys taken at once: SQLite names the login, then the legal id, then the id.
        #expect(
            await attempt {
                $0.legalID = "L1"; $0.login = "ÉCOLE.ACME"
            } == .storeError(.duplicate(field: "group_id, login")))
        #expect(
            await attempt {
                $0.id = "cli_1"; $0.legalID = "L1"
            } == .storeError(.duplicate(field: "group_id, legal_id")))
        #expect(
            await attempt {
                $0.id = "cli_1"; $0.login = "ÉCOLE.acme"
            } == .storeError(.duplicate(field: "group_id, login")))
        #expect(
            await attempt {
                $0.id = "cli_1"; $0.login = "École.Acme"; $0.legalID = "L1"
            } == .storeError(.duplicate(field: "group_id, login")))
        let missing = StoreError.notFound("group, manager or owner of client cli_new2")
        #expect(
            await attempt {
                $0.id = "cli_new2"; $0.groupID = "grp_9"
            } == .storeError(missing))
        #expect(
            await attempt {
                $0.id = "cli_new2"; $0.managerUserID = "usr_9"
            } == .storeError(missing))
        #expect(
            await attempt {
                $0.id = "cli_new2"; $0.ownerUserID = "usr_9"
            } == .storeError(missing))
        #expect(
            await attempt {
                $0.id = "cli_new2"; $0.parentClientID = "cli_9"
            } == .storeError(missing))
        // The same login and legal id in another group are no one's business.
        #expect(
            await attempt {
                $0.id = "cli_g2"; $0.groupID = "grp_2"; $0.login = "ÉCOLE.acme"; $0.legalID = "L1"
            } == .value(true))
        // An email and a phone that differ in A–Z case only break the lookup key on both.
        #expect(
            await attempt {
                $0.id = "cli_new3"; $0.phone = "ext A"
            }
                == .value(true))
        let twins = await self.same(engines) { clients, _ in
            var client = ClientRecords.client("cli_new4", name: "Twins")
            client.phone = "ext A"
            try clients.insert(
                client, contacts: [ClientRecords.contact("con_x", client: "cli_new4", position: 0, phone: "EXT a")])
            return 0
        }
        #expect(twins == .storeError(.duplicate(field: "kind, value, client_id")))
        #expect(await self.same(engines) { clients, _ in try clients.count(groupID: "grp_1") } == .value(3))
        #expect(await self.same(engines) { clients, _ in try clients.count(groupID: "grp_2") } == .value(1))
        await engines.close()
    }

    @Test("update: every field stored; lookups and search follow; unknown client, missing manager, taken login")
    func update() async throws {
        let engines = try await ClientEngines.make()
        _ = await self.same(engines) { clients, _ in
            try clients.insert(ClientRecords.client("cli_1", name: "Acme", login: "acme"), contacts: [])
            try clients.insert(ClientRecords.client("cli_2", name: "Zenith", login: "zen"), contacts: [])
        }
        var changed = ClientRecords.client("cli_1", name: "Ærøskøbing Håndværk", login: "ACME2")
        changed.version = 2
        changed.billingEmails = ["New@Zenith.io"]
        changed.blocked = nil
        changed.suspended = StateFlagRecord(reason: "why", by: "usr_2", at: 77)
        changed.managerUserID = "usr_3"
        changed.parentClientID = "cli_2"
        changed.status = 3
        let updated = changed
        let contacts = [
            ClientRecords.contact("con_1", client: "cli_1", position: 0, email: "Boss@Corp.example", phone: "+1 555")
        ]
        #expect(
            await self.same(engines) { clients, _ in try clients.update(updated, contacts: contacts) } == .value(true))
        #expect(await self.same(engines) { clients, _ in try clients.fetch(id: "cli_1") } == .value(updated))
        func ids(_ configure: @escaping @Sendable (inout ClientQuery) -> Void) async -> ClientEngines.Outcome<[String]>
        {
            let (sqlite, postgres) = await engines.read { clients, _ in
                var query = ClientQuery(groupID: "grp_1")
                configure(&query)
                return try clients.list(query).map(\.id)
            }
            #expect(sqlite == postgres)
            return sqlite
        }
        // FTS5 folds Æ to æ and keeps ø (no diacritic to it): "aero" finds nothing, on both.
        #expect(await ids { $0.search = SearchText.query("ærøsk") } == .value(["cli_1"]))
        #expect(await ids { $0.search = SearchText.query("ÆRØ") } == .value(["cli_1"]))
        #expect(await ids { $0.search = SearchText.query("aeroskob") } == .value([]))
        #expect(await ids { $0.search = SearchText.query("HÅNDV") } == .value(["cli_1"]))
        #expect(await ids { $0.search = SearchText.query("zenith.io") } == .value(["cli_1"]))
        #expect(await ids { $0.search = SearchText.query("acme") } == .value(["cli_1"]))  // the login acme2
        #expect(await ids { $0.search = SearchText.query("cli") } == .value(["cli_2"]))  // its emails
        #expect(await ids { $0.email = "NEW@zenith.io" } == .value(["cli_1"]))
        #expect(await ids { $0.email = "boss@corp.EXAMPLE" } == .value(["cli_1"]))
        #expect(await ids { $0.email = "cli_1@example.com" } == .value([]))
        #expect(await ids { $0.phone = "+1 555" } == .value(["cli_1"]))
        #expect(await ids { $0.phone = "+49 30 1234" } == .value(["cli_2", "cli_1"]))  // "Æ…" sorts after "z"
        #expect(await ids { $0.login = "acme2" } == .value(["cli_1"]))

        var ghost = updated
        ghost.id = "cli_9"
        let unknown = ghost
        #expect(
            await self.same(engines) { clients, _ in try clients.update(unknown, contacts: []) }
                == .storeError(.notFound("client cli_9")))
        var bad = updated
        bad.managerUserID = "usr_9"
        let badManager = bad
        #expect(
            await self.same(engines) { clients, _ in try clients.update(badManager, contacts: []) }
                == .storeError(.notFound("manager or owner of client cli_1")))
        var taken = updated
        taken.login = "ZEN"
        let takenLogin = taken
        #expect(
            await self.same(engines) { clients, _ in try clients.update(takenLogin, contacts: []) }
                == .storeError(.duplicate(field: "group_id, login")))
        var both = updated
        both.login = "zen"
        both.legalID = "LEGAL-2"
        let bothTaken = both
        _ = await self.same(engines) { clients, _ in
            var other = try clients.fetch(id: "cli_2")!
            other.legalID = "LEGAL-2"
            try clients.update(other, contacts: [])
        }
        #expect(
            await self.same(engines) { clients, _ in try clients.update(bothTaken, contacts: []) }
                == .storeError(.duplicate(field: "group_id, login")))
        var legal = updated
        legal.legalID = "LEGAL-2"
        let legalTaken = legal
        #expect(
            await self.same(engines) { clients, _ in try clients.update(legalTaken, contacts: []) }
                == .storeError(.duplicate(field: "group_id, legal_id")))
        var unknownTaken = takenLogin
        unknownTaken.id = "cli_9"
        let ghostTaken = unknownTaken
        #expect(
            await self.same(engines) { clients, _ in try clients.update(ghostTaken, contacts: []) }
                == .storeError(.notFound("client cli_9")))
        // Its own login in another case is no conflict.
        var recased = updated
        recased.login = "acme2"
        let ownLogin = recased
        #expect(await self.same(engines) { clients, _ in try clients.update(ownLogin, contacts: []) } == .value(true))
        #expect(
            await self.same(engines) { clients, _ in try clients.update(updated, contacts: contacts) } == .value(true))
        // The failed writes left nothing behind.
        #expect(await self.same(engines) { clients, _ in try clients.fetch(id: "cli_1") } == .value(updated))
        await engines.close()
    }

    @Test("ownership, anyManaged (first by name, A–Z case folded), pendingActivation, count, hasClient")
    func reads() async throws {
        let engines = try await ClientEngines.make()
        let names = ["beta", "Alpha", "alpha", "Émile", "Zed", "_under", "ärger", "Alp"]
        _ = await self.same(engines) { clients, _ in
            for (index, name) in names.enumerated() {
                var client = ClientRecords.client("cli_\(9 - index)", name: name, login: "Login\(index)")
                client.managerUserID = index == 0 ? "usr_2" : "usr_1"
                client.legalID = "LEGAL-\(index)"
                client.activationDeadline = index == 4 ? nil : Int64([50, 10, 30, 20, 0, 40, 60, 70][index])
                try clients.insert(client, contacts: [])
            }
            try clients.insert(ClientRecords.client("cli_other", group: "grp_2", name: "Aardvark"), contacts: [])
        }
        struct Owner: Equatable, Sendable {
            var group: String
            var manager: String?
        }
        #expect(
            await self.same(engines) { clients, _ in
                try clients.ownership(id: "cli_9").map { Owner(group: $0.groupID, manager: $0.managerUserID) }
            } == .value(Owner(group: "grp_1", manager: "usr_2")))
        #expect(
            await self.same(engines) { clients, _ in try clients.ownership(id: "nope").map { $0.groupID } }
                == .value(nil))
        // "_under" (0x5F) sorts before "alp…" once A–Z are folded; "Alp" before "Alpha".
        #expect(
            await self.same(engines) { clients, _ in try clients.anyManaged(by: "usr_1", inGroup: "grp_1") }
                == .value("cli_4"))
        #expect(
            await self.same(engines) { clients, _ in try clients.anyManaged(by: "usr_2", inGroup: "grp_1") }
                == .value("cli_9"))
        #expect(
            await self.same(engines) { clients, _ in try clients.anyManaged(by: "usr_3", inGroup: "grp_1") }
                == .value(nil))
        for (deadline, limit) in [(35, 10), (35, 2), (1_000, -1), (1_000, 0), (-1, 5), (9_000, 100)] {
            let due = await self.same(engines, "deadline \(deadline), limit \(limit)") { clients, _ in
                try clients.pendingActivation(before: Int64(deadline), limit: limit).map(\.id)
            }
            _ = due
        }
        #expect(await self.same(engines) { clients, _ in try clients.count(groupID: "grp_1") } == .value(8))
        #expect(await self.same(engines) { clients, _ in try clients.count(groupID: "grp_2") } == .value(1))
        #expect(await self.same(engines) { clients, _ in try clients.count(groupID: "grp_3") } == .value(0))
        #expect(
            await self.same(engines) { clients, _ in try clients.hasClient(groupID: "grp_1", legalID: "LEGAL-3") }
                == .value(true))
        #expect(
            await self.same(engines) { clients, _ in try clients.hasClient(groupID: "grp_1", legalID: "legal-3") }
                == .value(false))
        #expect(
            await self.same(engines) { clients, _ in try clients.hasClient(groupID: "grp_2", legalID: "LEGAL-3") }
                == .value(false))
        #expect(
            await self.same(engines) { clients, _ in try clients.hasClient(groupID: "grp_1", login: "LOGIN3") }
                == .value(true))
        #expect(
            await self.same(engines) { clients, _ in try clients.hasClient(groupID: "grp_1", login: "login3 ") }
                == .value(false))
        #expect(
            await self.same(engines) { clients, _ in try clients.hasClient(groupID: "grp_2", login: "login3") }
                == .value(false))
        #expect(await self.same(engines) { clients, _ in try clients.reservePageCache(mebibytes: 16) } == .value(true))
        #expect(await self.same(engines) { clients, _ in try clients.withPageCache(mebibytes: 8) { 42 } } == .value(42))
        await engines.close()
    }

    @Test("contacts: replace, insert, by client in position order; one primary; taken id; missing client")
    func contacts() async throws {
        let engines = try await ClientEngines.make()
        _ = await self.same(engines) { clients, _ in
            for id in ["cli_1", "cli_2", "cli_3"] {
                try clients.insert(ClientRecords.client(id, name: id), contacts: [])
            }
        }
        let first = [
            ClientRecords.contact("con_c", client: "cli_1", position: 2, email: "c@x.io"),
            ClientRecords.contact("con_a", client: "cli_1", position: 0, primary: true),
            ClientRecords.contact("con_b", client: "cli_1", position: 1, phone: "+1"),
        ]
        #expect(
            await self.same(engines) { _, contacts in try contacts.replace(clientID: "cli_1", with: first) }
                == .value(true))
        #expect(
            await self.same(engines) { _, contacts in
                try contacts.insert(ClientRecords.contact("con_d", client: "cli_2", position: 0, primary: true))
            } == .value(true))
        #expect(
            await self.same(engines) { _, contacts in try contacts.forClient("cli_1").map(\.id) }
                == .value(["con_a", "con_b", "con_c"]))
        #expect(
            await self.same(engines) { _, contacts in try contacts.forClient("cli_1") }
                == .value(first.sorted { $0.position < $1.position }))
        #expect(
            await self.same(engines) { _, contacts in try contacts.forClients(["cli_2", "cli_1", "cli_3", "nope"]) }
                != .value([:]))
        #expect(await self.same(engines) { _, contacts in try contacts.forClients([]) } == .value([:]))
        #expect(
            await self.same(engines) { _, contacts in
                try contacts.insert(ClientRecords.contact("con_e", client: "cli_1", position: 3, primary: true))
            } == .storeError(.duplicate(field: "client_id")))
        #expect(
            await self.same(engines) { _, contacts in
                try contacts.insert(ClientRecords.contact("con_a", client: "cli_2", position: 3))
            } == .storeError(.duplicate(field: "id")))
        #expect(
            await self.same(engines) { _, contacts in
                try contacts.insert(ClientRecords.contact("con_f", client: "cli_9", position: 0))
            } == .storeError(.notFound("client cli_9")))
        // A second primary with a taken id: SQLite names the one-primary index first.
        #expect(
            await self.same(engines) { _, contacts in
                try contacts.insert(ClientRecords.contact("con_b", client: "cli_1", position: 4, primary: true))
            } == .storeError(.duplicate(field: "client_id")))
        #expect(
            await self.same(engines) { _, contacts in
                try contacts.insert(ClientRecords.contact("con_b", client: "cli_9", position: 4, primary: true))
            } == .storeError(.duplicate(field: "id")))
        // Replacing: demoted and promoted in one go; a contact of another client in the list
        // reports that client as missing when it is.
        let second = [
            ClientRecords.contact("con_b", client: "cli_1", position: 0, primary: true),
            ClientRecords.contact("con_a", client: "cli_1", position: 1),
        ]
        #expect(
            await self.same(engines) { _, contacts in try contacts.replace(clientID: "cli_1", with: second) }
                == .value(true))
        #expect(await self.same(engines) { _, contacts in try contacts.forClient("cli_1") } == .value(second))
        #expect(
            await self.same(engines) { _, contacts in
                try contacts.replace(
                    clientID: "cli_3", with: [ClientRecords.contact("con_z", client: "cli_8", position: 0)])
            } == .storeError(.notFound("client cli_8")))
        #expect(
            await self.same(engines) { _, contacts in
                try contacts.replace(
                    clientID: "cli_3",
                    with: [
                        ClientRecords.contact("con_y", client: "cli_3", position: 0, primary: true),
                        ClientRecords.contact("con_x", client: "cli_3", position: 1, primary: true),
                    ])
            } == .storeError(.duplicate(field: "client_id")))
        #expect(await self.same(engines) { _, contacts in try contacts.forClient("cli_3") } == .value([]))
        await engines.close()
    }

    @Test("search: accents and case folded as FTS5 folds them, one character a whole word, prefixes, CJK, phrases")
    func search() async throws {
        let texts = [
            "mea", "MEADOW", "méadow", "meadows", "m", "e", "é", "a", "1", "42", "4", "0042", "strasse", "straß",
            "STRASSE", "東", "東京", "京", "tokyo", "zoe", "ZOË", "zo", "aero", "ærø", "øre", "ore", "istanbul", "İst",
            "ǅemal", "ǆ", "ωmega", "ΩMEGA", "άέ", "αε", "ab", "abᦰcd", "abᦰc", "cd", "example", "io", "acme io",
            "mea 4", "mea zz", "x", "ﬁne", "fine", "ab_cd", "Élodie", "ELODIE", "l'élodie", "qqq",
        ]
        let engines = try await ClientEngines.make()
        let names = [
            "Meadow 42", "meadows", "Méadow 0042", "Mead", "M", "E é", "Straße", "STRASSE", "東京 タワー", "京",
            "Zoë", "Zoe", "Ærø Øre", "İstanbul", "ǅemal", "Ωmega", "ΆΈ", "abᦰcd", "ab cd", "ﬁne", "l'Élodie",
            "ab_cd", "a 4",
        ]
        _ = await self.same(engines) { clients, _ in
            for (index, name) in names.enumerated() {
                var client = ClientRecord(id: "cli_\(100 + index)", groupID: "grp_1", accountName: name, createdAt: 1)
                client.billingEmails = index % 5 == 0 ? ["x\(index)@acme.io"] : []
                try clients.insert(client, contacts: [])
            }
        }
        for text in texts {
            let query = try #require(SearchText.query(text))
            let (sqlite, postgres) = await engines.read { clients, _ in
                var list = ClientQuery(groupID: "grp_1")
                list.search = query
                list.limit = 100
                return try clients.list(list).map(\.accountName)
            }
            #expect(sqlite == postgres, "search \(text) (\(query))")
        }
        // An empty MATCH expression is an error on both (FTS5's syntax error there), logged and
        // reported as the database failing.
        let (sqlite, postgres) = await engines.read { clients, _ in
            var list = ClientQuery(groupID: "grp_1")
            list.search = ""
            return try clients.list(list).map(\.id)
        }
        #expect(sqlite == postgres)
        #expect(sqlite == .storeError(.unavailable("the database failed; see the daemon's log")))
        await engines.close()
    }
}
