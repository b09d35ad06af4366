import ClienteleStore
import Testing

/// The search's words: cut the same way for the index and for a query, then
/// matched by SQLite's unicode61 tokenizer (case and diacritics folded).
@Suite("Search text")
struct SearchTextTests {
    func database(_ names: [String: (name: String, login: String?, emails: [String])]) async throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        try await database.write { store in
            try store.groups.insert(Fixtures.group())
            try store.users.insert(Fixtures.user())
            for (id, fields) in names {
                var client = ClientRecord(id: id, groupID: "grp_1", accountName: fields.name, createdAt: 1_000)
                client.login = fields.login
                client.billingEmails = fields.emails
                try store.clients.insert(client, contacts: [])
            }
        }
        return database
    }

    func found(_ database: AppDatabase, _ text: String) async throws -> [String] {
        try await database.read { store in
            var query = ClientQuery(groupID: "grp_1")
            query.search = SearchText.query(text)
            return try store.clients.list(query).map(\.id).sorted()
        }
    }

    @Test("a query is one quoted term per run of letters or digits: a prefix from two characters, a word at one")
    func query() {
        #expect(SearchText.query("Royal Meadow") == #""Royal"* "Meadow"*"#)
        #expect(SearchText.query("jsmith42@x.io") == #""jsmith"* "42"* "x" "io"*"#)
        #expect(SearchText.query(#"a" OR b* NEAR(c"#) == #""a" "OR"* "b" "NEAR"* "c""#)
        #expect(SearchText.query(" @-. ") == nil)
        #expect(SearchText.query("") == nil)
    }

    @Test("words start a match; case, diacritics and decomposed letters do not matter; every word is required")
    func matching() async throws {
        let database = try await self.database([
            "cli_1": ("Müller Gärten", "jsmith42", ["ap@acme-holdings.io"]),
            "cli_2": ("Royal Meadow", nil, ["billing@royalmeadow7.example"]),
            "cli_3": ("Meadowlark", nil, []),
        ])
        #expect(try await self.found(database, "muller") == ["cli_1"])
        #expect(try await self.found(database, "MÜL gär") == ["cli_1"])
        #expect(try await self.found(database, "mu\u{0308}ller") == ["cli_1"])
        #expect(try await self.found(database, "jsmith") == ["cli_1"])
        #expect(try await self.found(database, "jsmith42") == ["cli_1"])
        #expect(try await self.found(database, "42") == ["cli_1"])
        #expect(try await self.found(database, "hold acme") == ["cli_1"])
        #expect(try await self.found(database, "ap@acme-holdings.io") == ["cli_1"])
        // Not a substring search: "smith" does not start a word of "jsmith42".
        #expect(try await self.found(database, "smith").isEmpty)
        #expect(try await self.found(database, "meadow") == ["cli_2", "cli_3"])
        #expect(try await self.found(database, "royal meadow") == ["cli_2"])
        #expect(try await self.found(database, "royalmeadow") == ["cli_2"])
        #expect(try await self.found(database, "royal muller").isEmpty)
        // One character: that word only ("7" of royalmeadow7), not every word starting with it.
        #expect(try await self.found(database, "7") == ["cli_2"])
        #expect(try await self.found(database, "m").isEmpty)
    }
}
