import Foundation

/// Field checks shared by the services; each failure names the field.
enum Validate {
    static func required(_ value: String, _ field: String, maxLength: Int = 200) throws(DomainError) -> String {
        let trimmed = try optional(value, field, maxLength: maxLength)
        guard !trimmed.isEmpty else { throw .invalidArgument(field: field, reason: "is required") }
        return trimmed
    }

    /// Trimmed text that may be empty: at most `maxLength` characters, no control characters.
    static func optional(_ value: String, _ field: String, maxLength: Int = 200) throws(DomainError) -> String {
        if let ascii = try Self.asciiOptional(value, field, maxLength: maxLength) { return ascii }
        let trimmed = self.trimmed(value)
        guard trimmed.count <= maxLength else {
            throw .invalidArgument(field: field, reason: "is longer than \(maxLength) characters")
        }
        // ASCII text took `asciiOptional`: this is the Unicode case.
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidArgument(field: field, reason: "contains control characters")
        }
        return trimmed
    }

    /// `optional` for the common all-ASCII value, without Foundation's trimming or Unicode
    /// property lookups (a hot path: every field of every write); `nil` when `value` is not ASCII.
    private static func asciiOptional(
        _ value: String, _ field: String, maxLength: Int
    ) throws(DomainError) -> String? {
        var utf8 = value.utf8[...]
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        // Whitespace and newlines as Foundation trims them, in ASCII: space, \t, \n, \v, \f, \r.
        let isSpace = { (byte: UInt8) in byte == 0x20 || (0x09...0x0D).contains(byte) }
        while let first = utf8.first, isSpace(first) { utf8 = utf8.dropFirst() }
        while let last = utf8.last, isSpace(last) { utf8 = utf8.dropLast() }
        guard utf8.count <= maxLength else {
            throw .invalidArgument(field: field, reason: "is longer than \(maxLength) characters")
        }
        guard !utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            throw .invalidArgument(field: field, reason: "contains control characters")
        }
        return utf8.count == value.utf8.count ? value : String(Substring(utf8))
    }

    /// `value` without leading and trailing white space and newlines. Foundation's trimming
    /// (slow on Linux) runs only when an end is not printable ASCII, which white space never is.
    static func trimmed(_ value: String) -> String {
        guard let first = value.utf8.first, let last = value.utf8.last else { return value }
        let printable: Range<UInt8> = 0x21..<0x7F
        if printable.contains(first) && printable.contains(last) { return value }
        return value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Free text of several lines (notes): newlines and tabs allowed, other control characters not.
    static func text(_ value: String, _ field: String, maxLength: Int) throws(DomainError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .invalidArgument(field: field, reason: "is required") }
        guard trimmed.count <= maxLength else {
            throw .invalidArgument(field: field, reason: "is longer than \(maxLength) characters")
        }
        guard
            !trimmed.unicodeScalars.contains(where: {
                $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" && $0 != "\r"
            })
        else {
            throw .invalidArgument(field: field, reason: "contains control characters")
        }
        return trimmed
    }

    /// A page size: 0 means `defaultSize`; otherwise 1–`maximum`.
    static func pageSize(
        _ value: Int32, _ field: String = "page_size", defaultSize: Int = 50, maximum: Int = 500
    )
        throws(DomainError) -> Int
    {
        if value == 0 { return defaultSize }
        guard value >= 1, value <= maximum else {
            throw .invalidArgument(field: field, reason: "must be between 1 and \(maximum)")
        }
        return Int(value)
    }

    /// A plausible address: one @, a dot in the domain, no spaces. Lower-cased.
    static func email(_ value: String, _ field: String) throws(DomainError) -> String {
        let email = try required(value, field, maxLength: 254).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."), !email.contains(where: \.isWhitespace)
        else { throw .invalidArgument(field: field, reason: "is not an email address") }
        return email
    }

    static func password(_ value: String, _ field: String) throws(DomainError) -> String {
        guard value.count >= PasswordHasher.minimumLength else {
            throw .invalidArgument(
                field: field, reason: "must have at least \(PasswordHasher.minimumLength) characters")
        }
        guard value.utf8.count <= 1024 else {
            throw .invalidArgument(field: field, reason: "is longer than 1024 bytes")
        }
        return value
    }
}

extension Validate {
    /// A phone number: digits with an optional leading +, spaces, dashes, dots and parentheses; up to 32.
    static func phone(_ value: String, _ field: String) throws(DomainError) -> String {
        let phone = try optional(value, field, maxLength: 32)
        let rest = phone.hasPrefix("+") ? phone.dropFirst() : Substring(phone)
        guard
            phone.isEmpty
                || (rest.contains(where: \.isNumber)
                    && rest.allSatisfy { $0.isASCII && ($0.isNumber || " -.()".contains($0)) })
        else { throw .invalidArgument(field: field, reason: "is not a phone number") }
        return phone
    }
}
