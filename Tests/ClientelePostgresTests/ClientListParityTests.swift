import ClientelePostgres
import ClienteleStore
import Foundation
import Testing

/// ListClients on both engines over the same seeded clients: a few hundred random queries
/// (every filter, sort, direction and page size, text searches and arbitrary cursors), each
/// followed page by page to its end, must give the same pages, record for record.
@Suite("Client list parity")
struct ClientListParityTests {
    /// Names that sort differently under byte order, A–Z folding and full folding: ties in
    /// letter case only, accents, CJK, shared prefixes, punctuation around the letters.
    static let names = [
        "Meadow", "meadow", "MEADOWS", "Méadow", "Mead", "mead 42", "Meadowbrook", "Zoë", "Zoe", "zoé", "ZOE",
        "Ærø", "Øre", "Straße", "STRASSE", "strasse 7", "東京", "東京タワー", "京都", "İstanbul", "istanbul",
        "Ǆemal", "Ωmega", "ωmega", "_under", "[bracket]", "apple", "Apple", "APPLE", "Äpple", "a", "A", "b", "B 2",
        "Élodie", "élodie", "Elodie", "x", "abᦰcd", "ab cd", "Zürich AG", "zurich", "ﬁne", "0042", "42 Meadow",
    ]
    static let companies = ["Acme", "acme", "ACME Corp", "Ácme", "Globex", "globex 2", "", "東京商事", "Initech"]
    static let searchWords = [
        "mea", "MEAD", "meadow", "méa", "m", "a", "e", "é", "z", "zo", "zoë", "zoe", "ZÜR", "zur", "str", "straß",
        "strasse", "東", "東京", "京都", "ist", "İst", "ǆ", "ωm", "ΩM", "ap", "äp", "app", "apple", "el", "élo", "42",
        "4", "0042", "7", "ab", "abᦰc", "cd", "acme", "Ác", "glob", "io", "example", "cli", "under", "bra", "fine",
        "ﬁ", "qqq", "mea 42", "acme mea", "b 2", "x",
    ]
    static let countries = ["DE", "FR", "SE", "JP"]
    static let currencies = ["EUR", "USD", "JPY"]
    static let managers: [String?] = [nil, "usr_1", "usr_2", "usr_3"]

    /// ~300 clients in grp_1 and a few in grp_2; ids run in another order than the names.
    static func seed(_ random: inout SeededRandom) -> (clients: [ClientRecord], contacts: [[ContactRecord]]) {
        var clients: [ClientRecord] = []
        var contacts: [[ContactRecord]] = []
        let count = 320
        var numbers = Array(0..<count)
        numbers.shuffle(using: &random)
        for index in 0..<count {
            let group = index % 16 == 15 ? "grp_2" : "grp_1"
            var name = Self.names[index % Self.names.count]
            if Int.random(in: 0..<3, using: &random) == 0 { name += " \(Int.random(in: 0..<20, using: &random))" }
            let id = String(format: "cli_%04d", numbers[index])
            var client = ClientRecord(
                id: id, groupID: group, accountName: name, createdAt: Int64.random(in: 1...60, using: &random))
            client.companyName = Self.companies.randomElement(using: &random)!
            client.status = Int.random(in: 1...4, using: &random)
            if Int.random(in: 0..<4, using: &random) == 0 {
                client.blocked = StateFlagRecord(reason: "r", by: "usr_1", at: 1)
            }
            client.address.country = Self.countries.randomElement(using: &random)!
            client.currency = Self.currencies.randomElement(using: &random)!
            if Int.random(in: 0..<2, using: &random) == 0 {
                let login = "login\(index)"
                client.login = Bool.random(using: &random) ? login.uppercased() : login
            }
            client.connectionKind = Int.random(in: 1...3, using: &random)
            client.connectionStatus = Int.random(in: 1...3, using: &random)
            client.managerUserID = group == "grp_1" ? Self.managers.randomElement(using: &random)! : nil
            if index > 20, Int.random(in: 0..<5, using: &random) == 0 {
                let parent = clients[Int.random(in: 0..<clients.count, using: &random)]
                if parent.groupID == group { client.parentClientID = parent.id }
            }
            let domain = ["acme.io", "Example.com", "exämple.de"].randomElement(using: &random)!
            client.billingEmails = (0..<Int.random(in: 0...2, using: &random)).map { "\(id).\($0)@\(domain)" }
            client.phone = Int.random(in: 0..<3, using: &random) == 0 ? "" : "+49 30 \(index % 25)"
            var people: [ContactRecord] = []
            if Int.random(in: 0..<4, using: &random) == 0 {
                people.append(
                    ClientRecords.contact(
                        "con_\(index)", client: id, position: 0, email: "Person\(index % 30)@Corp.example",
                        phone: "+1 555 \(index % 10)", primary: true))
            }
            clients.append(client)
            contacts.append(people)
        }
        return (clients, contacts)
    }

    /// A random query of grp_1 (now and then of grp_2), with a random subset of the filters.
    static func randomQuery(_ random: inout SeededRandom, clients: [ClientRecord]) -> ClientQuery {
        func often(_ chance: Int) -> Bool { Int.random(in: 0..<100, using: &random) < chance }
        var query = ClientQuery(groupID: often(5) ? "grp_2" : "grp_1")
        if often(8) {
            query.visibleClientIDs = (0..<Int.random(in: 0...40, using: &random)).map { _ in
                clients.randomElement(using: &random)!.id
            }
            if often(30) { query.visibleClientIDs?.append("cli_missing") }
        }
        if often(20) { query.managerUserID = (Self.managers.randomElement(using: &random)!) ?? "usr_9" }
        if often(20) { query.blocked = Bool.random(using: &random) }
        if often(25) {
            query.statuses = Array(
                Set((0..<Int.random(in: 1...3, using: &random)).map { _ in Int.random(in: 1...4, using: &random) })
            ).sorted()
        }
        query.includeClosed = often(30)
        if often(15) { query.country = Self.countries.randomElement(using: &random)! }
        if often(15) { query.currency = Self.currencies.randomElement(using: &random)! }
        if often(5) {
            let client = clients.randomElement(using: &random)!
            query.login = client.login.map { Bool.random(using: &random) ? $0.lowercased() : $0 } ?? "login999"
        }
        if often(6) {
            let client = clients.randomElement(using: &random)!
            query.email =
                client.billingEmails.first.map { Bool.random(using: &random) ? $0.uppercased() : $0 }
                ?? "Person\(Int.random(in: 0..<30, using: &random))@corp.EXAMPLE"
        }
        if often(6) {
            query.phone = Bool.random(using: &random) ? "+49 30 \(Int.random(in: 0..<26, using: &random))" : "+1 555 3"
        }
        if often(12) { query.connectionKind = Int.random(in: 1...3, using: &random) }
        if often(12) { query.connectionStatus = Int.random(in: 1...3, using: &random) }
        if often(6) {
            query.parentClientID =
                clients.filter { $0.parentClientID != nil }.randomElement(using: &random)?.parentClientID
        }
        if query.parentClientID == nil, often(10) { query.topLevelOnly = true }
        if often(35) {
            let words = (0..<Int.random(in: 1...2, using: &random)).map { _ in
                Self.searchWords.randomElement(using: &random)!
            }
            query.search = SearchText.query(words.joined(separator: " "))
        }
        query.sort = [ClientQuery.Sort.accountName, .companyName, .status, .created].randomElement(using: &random)!
        query.descending = Bool.random(using: &random)
        query.limit = [1, 2, 3, 5, 7, 10, 25, 50, 100].randomElement(using: &random)!
        if often(15) {
            // A cursor no page ended on: a value between or outside the stored ones.
            let id = ["", "cli_0150", "cli_9", "zzz", "cli_0007"].randomElement(using: &random)!
            switch query.sort {
            case .accountName, .companyName:
                let text =
                    (["", "m", "Mead", "meadow", "É", "z", "ZZZ", "_", "東", "acme"]
                    + Self.names.prefix(5)).randomElement(using: &random)!
                query.after = ClientQuery.PageKey(value: .text(text), id: id)
            case .status, .created:
                query.after = ClientQuery.PageKey(value: .integer(Int64.random(in: -1...61, using: &random)), id: id)
            }
        }
        return query
    }

    /// The key the domain puts in a page token for the last row of a page.
    static func key(of client: ClientRecord, sort: ClientQuery.Sort) -> ClientQuery.PageKey {
        let value: ClientQuery.SortValue =
            switch sort {
            case .accountName: .text(client.accountName)
            case .companyName: .text(client.companyName)
            case .status: .integer(Int64(client.status))
            case .created: .integer(client.createdAt)
            }
        return ClientQuery.PageKey(value: value, id: client.id)
    }

    /// Every page of `query`, following the cursor until a page comes back short.
    static func pages(_ query: ClientQuery, _ clients: any ClientStore) throws -> [[ClientRecord]] {
        var pages: [[ClientRecord]] = []
        var query = query
        while pages.count < 400 {
            let page = try clients.list(query)
            pages.append(page)
            guard query.limit > 0, page.count == query.limit, let last = page.last else { break }
            query.after = Self.key(of: last, sort: query.sort)
        }
        return pages
    }

    @Test("a few hundred random ListClients queries give the same pages on SQLite and PostgreSQL")
    func randomQueries() async throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["CLIENT_LIST_PARITY_SEED"] ?? "") ?? 20_251_207
        var random = SeededRandom(seed: seed)
        let engines = try await ClientEngines.make()
        let (clients, contacts) = Self.seed(&random)
        let (seeded, _) = await engines.write { store, _ in
            for (client, people) in zip(clients, contacts) { try store.insert(client, contacts: people) }
            return clients.count
        }
        #expect(seeded == .value(clients.count))
        var compared = 0
        var rows = 0
        var nonEmpty = 0
        for number in 0..<400 {
            let query = Self.randomQuery(&random, clients: clients)
            let (sqlite, postgres) = await engines.read { store, _ in try Self.pages(query, store) }
            #expect(sqlite == postgres, "query \(number) (seed \(seed)): \(query)")
            if sqlite != postgres, case .value(let left) = sqlite, case .value(let right) = postgres {
                let ids = { (pages: [[ClientRecord]]) in pages.map { $0.map(\.id) } }
                Issue.record("SQLite \(ids(left))\nPostgreSQL \(ids(right))")
            }
            if case .value(let pages) = sqlite {
                compared += pages.count
                rows += pages.joined().count
                if !pages.joined().isEmpty { nonEmpty += 1 }
            }
        }
        // The queries are not all empty: more than half find clients, over thousands of pages.
        #expect(nonEmpty > 200, "\(nonEmpty) of 400 queries found a client")
        #expect(compared > 2_000, "\(compared) pages compared, \(rows) rows")
        print("client list parity: 400 queries, \(nonEmpty) non-empty, \(compared) pages, \(rows) rows (seed \(seed))")
        await engines.close()
    }
}
