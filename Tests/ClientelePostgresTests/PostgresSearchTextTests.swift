import ClienteleStore
import GRDB
import Testing

@testable import ClientelePostgres

@Suite("PostgreSQL search text")
struct PostgresSearchTextTests {
    /// Every character Swift counts as a letter, digit or private use (the characters of
    /// `SearchText` words) is indexed by FTS5 between two letters, as SQLite's `client_search`
    /// indexes it; the tokens FTS5 made must be the ones `PostgresSearchText` makes. This is
    /// what `PostgresSearchFolding`'s table was read from: a newer SQLite that folds otherwise
    /// fails here, and the table is read again the same way.
    @Test("every letter and digit folds and cuts as SQLite's unicode61 remove_diacritics 2 tokenizer does")
    func foldingMatchesFTS5() throws {
        let queue = try DatabaseQueue()
        var documents: [(Int64, String)] = []
        for value in UInt32(1)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .privateUse,
                .decimalNumber, .letterNumber, .otherNumber:
                documents.append((Int64(value), "x" + String(Character(scalar)) + "x"))
            default:
                continue
            }
        }
        let terms = try queue.write { db in
            try db.execute(
                sql: """
                    CREATE VIRTUAL TABLE s USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
                    CREATE VIRTUAL TABLE v USING fts5vocab(s, 'instance');
                    """)
            let insert = try db.makeStatement(sql: "INSERT INTO s (rowid, text) VALUES (?, ?)")
            for (rowid, text) in documents { try insert.execute(arguments: [rowid, text]) }
            var terms: [Int64: [String]] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT doc, term FROM v ORDER BY doc, \"offset\"")
            while let row = try rows.next() { terms[row[0], default: []].append(row[1]) }
            return terms
        }
        var mismatches: [String] = []
        for (rowid, text) in documents {
            let sqlite = terms[rowid] ?? []
            let postgres = PostgresSearchText.tokens(text)
            if sqlite != postgres { mismatches.append("U+\(String(rowid, radix: 16)): \(sqlite) vs \(postgres)") }
        }
        #expect(documents.count > 100_000)
        #expect(mismatches.isEmpty, "\(mismatches.count) differ, e.g. \(mismatches.prefix(20))")
    }

    @Test("a client's search text: its words' tokens, folded, between spaces")
    func document() {
        #expect(
            PostgresSearchText.document(["Ærø Håndværk", "ACME GmbH", "", "ap@acme.io"])
                == " ærø handværk acme gmbh ap acme io ")
        #expect(PostgresSearchText.document(["Straße 42b", "東京タワー"]) == " straße 42 b 東京タワー ")
        #expect(PostgresSearchText.document(["abᦰcd"]) == " ab cd ")
        #expect(PostgresSearchText.document(["", "-"]) == "")
    }

    @Test("MATCH expressions: starred words are prefixes, others whole tokens; phrases; empty terms left out")
    func patterns() throws {
        #expect(try PostgresSearchText.patterns(matching: #""mea"* "é" "42"*"#) == ["% mea%", "% e %", "% 42%"])
        #expect(try PostgresSearchText.patterns(matching: SearchText.query("Méa x")!) == ["% mea%", "% x %"])
        #expect(try PostgresSearchText.patterns(matching: #""abᦰcd"*"#) == ["% ab cd%"])
        #expect(try PostgresSearchText.patterns(matching: #""ᦰ" "ab"*"#) == ["% ab%"])
        #expect(try PostgresSearchText.patterns(matching: #""ᦰ""#) == nil)
        #expect(try PostgresSearchText.patterns(matching: #"Bare* "say ""hi"""*"#) == ["% bare%", "% say hi%"])
        #expect(throws: PostgresSearchText.UnsupportedExpression.self) {
            try PostgresSearchText.patterns(matching: "a OR b")
        }
        #expect(throws: PostgresSearchText.UnsupportedExpression.self) {
            try PostgresSearchText.patterns(matching: " ")
        }
        #expect(throws: PostgresSearchText.UnsupportedExpression.self) {
            try PostgresSearchText.patterns(matching: "(a)")
        }
        #expect(throws: PostgresSearchText.UnsupportedExpression.self) {
            try PostgresSearchText.patterns(matching: #""open"#)
        }
    }
}
