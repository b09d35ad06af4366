import ClienteleStore

/// The client search on PostgreSQL, answering what SQLite's FTS5 index answers.
///
/// SQLite keeps `SearchText`'s words of a client in an FTS5 table (tokenizer `unicode61
/// remove_diacritics 2`) and finds clients with the MATCH expression `SearchText.query` makes:
/// every word required, `"word"*` matching the start of a token, `"w"` (one character) the
/// whole token. Here `client_search.text` holds the same tokens, folded in Swift as FTS5 folds
/// them (`PostgresSearchFolding`), each with a space before and after: ` meadow 42 acme io `.
/// A term then becomes one LIKE pattern, `% mea%` for a prefix and `% w %` for a whole token,
/// which the pg_trgm index on the column serves. A quoted word FTS5 cuts in several tokens is a
/// phrase (the tokens in a row, the last one a prefix when starred): `% ab cd%`. A term without
/// any token is left out, as FTS5 leaves it out; with no term left nothing matches.
enum PostgresSearchText {
    /// A MATCH expression this store does not take: only the terms `SearchText.query` writes
    /// (quoted or bare words, each optionally starred) are understood, not FTS5's operators;
    /// and an empty one, which FTS5 refuses too.
    struct UnsupportedExpression: Error, CustomStringConvertible {
        let expression: String
        var description: String { "the client search expression \(self.expression) uses FTS5 operators" }
    }

    /// The text stored in `client_search.text` for a client's searchable fields (those
    /// `SQLiteClientStore` indexes), cut into words by `SearchText` itself.
    static func document(_ fields: [String]) -> String {
        // `SearchText.query` writes each word quoted: its terms are the words of the fields,
        // in order (words never span fields: joining them with a space cuts no word).
        guard let query = SearchText.query(fields.joined(separator: " ")),
            let terms = try? Self.terms(query)
        else { return "" }
        let tokens = terms.flatMap(\.tokens)
        return tokens.isEmpty ? "" : " " + tokens.joined(separator: " ") + " "
    }

    /// The LIKE patterns a client's search text must all match; `nil` when nothing matches.
    /// An expression without any term is refused, as FTS5 refuses it (a syntax error).
    static func patterns(matching expression: String) throws -> [String]? {
        let terms = try Self.terms(expression)
        if terms.isEmpty { throw UnsupportedExpression(expression: expression) }
        let patterns = terms.compactMap { term -> String? in
            guard !term.tokens.isEmpty else { return nil }
            return "% " + term.tokens.map(Self.escapingLike).joined(separator: " ") + (term.isPrefix ? "%" : " %")
        }
        return patterns.isEmpty ? nil : patterns
    }

    /// One term of a MATCH expression: its tokens as FTS5 folds them, and whether it is starred.
    struct Term: Equatable {
        var tokens: [String]
        var isPrefix: Bool
    }

    /// The terms of an expression made of quoted strings (`""` for a quote inside) and bare
    /// words, each optionally followed by `*`, separated by white space.
    static func terms(_ expression: String) throws -> [Term] {
        var terms: [Term] = []
        let scalars = Array(expression.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                index += 1
                continue
            }
            var text = String.UnicodeScalarView()
            if scalar == "\"" {
                index += 1
                while true {
                    guard index < scalars.count else { throw UnsupportedExpression(expression: expression) }
                    if scalars[index] == "\"" {
                        if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                            text.append("\"")
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    text.append(scalars[index])
                    index += 1
                }
            } else {
                // FTS5's bare words: ASCII letters, digits and `_`, and every non-ASCII character.
                while index < scalars.count, Self.isBareword(scalars[index]) {
                    text.append(scalars[index])
                    index += 1
                }
                let word = String(text)
                if text.isEmpty || ["AND", "OR", "NOT", "NEAR"].contains(word) {
                    throw UnsupportedExpression(expression: expression)
                }
            }
            var isPrefix = false
            if index < scalars.count, scalars[index] == "*" {
                isPrefix = true
                index += 1
            }
            terms.append(Term(tokens: Self.tokens(String(text)), isPrefix: isPrefix))
        }
        return terms
    }

    /// The tokens FTS5 makes of a text: runs of letters, digits and private-use characters
    /// (cut where SQLite's older tables see a separator), folded.
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var token = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if Self.isTokenCharacter(scalar) {
                token.append(PostgresSearchFolding.fold(scalar))
            } else if !token.isEmpty {
                tokens.append(String(token))
                token = String.UnicodeScalarView()
            }
        }
        if !token.isEmpty { tokens.append(String(token)) }
        return tokens
    }

    private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .privateUse,
            .decimalNumber, .letterNumber, .otherNumber:
            return !PostgresSearchFolding.isSeparator(scalar)
        default:
            return false
        }
    }

    private static func isBareword(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return true }
        let value = scalar.value
        return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
            || scalar == "_" || value == 0x1A
    }

    /// Tokens hold letters and digits only; escaped all the same, so no token is a wildcard.
    private static func escapingLike(_ token: String) -> String {
        guard token.contains(where: { $0 == "%" || $0 == "_" || $0 == "\\" }) else { return token }
        var escaped = ""
        for character in token {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
