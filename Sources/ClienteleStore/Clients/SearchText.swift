import Foundation

/// The words of the client search, cut the same way for the index and for a query:
/// runs of letters and runs of digits (the Unicode categories L*, Co and N*, which
/// SQLite's unicode61 tokenizer keeps), in NFC. So the login "jsmith42" holds the
/// words "jsmith" and "42", and "ap@acme.io" holds "ap", "acme" and "io"; the
/// tokenizer then folds case and diacritics on both sides. A query word of two or
/// more characters matches the start of a word ("mea" finds "Meadow"); a word of
/// one character matches that word alone, since as a prefix it would match most rows.
public enum SearchText {
    /// The text indexed in `client_search` for a client's searchable fields.
    static func document(_ fields: [String]) -> String {
        fields.flatMap(Self.words).joined(separator: " ")
    }

    /// The FTS5 MATCH expression finding the clients that hold every word of `text`
    /// (see above), or `nil` when `text` has no letter or digit.
    public static func query(_ text: String) -> String? {
        let words = Self.words(text)
        if words.isEmpty { return nil }
        // Each word holds letters or digits only: quoted, it is one token, never an FTS5 operator.
        return words.map { $0.count > 1 ? "\"\($0)\"*" : "\"\($0)\"" }.joined(separator: " ")
    }

    /// The runs of letters and of digits in `text`.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var word = String.UnicodeScalarView()
        var wordKind: Kind?
        // ASCII is in NFC already; normalizing goes through Foundation and costs more than the rest.
        let text = text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping
        for scalar in text.unicodeScalars {
            let kind = Kind(scalar)
            if kind != wordKind, !word.isEmpty {
                words.append(String(word))
                word = String.UnicodeScalarView()
            }
            wordKind = kind
            if kind != nil { word.append(scalar) }
        }
        if !word.isEmpty { words.append(String(word)) }
        return words
    }

    private enum Kind {
        case letter
        case digit

        /// `nil` for a separator.
        init?(_ scalar: Unicode.Scalar) {
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .privateUse:
                self = .letter
            case .decimalNumber, .letterNumber, .otherNumber:
                self = .digit
            default:
                return nil
            }
        }
    }
}
