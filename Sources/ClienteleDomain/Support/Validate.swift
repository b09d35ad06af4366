import Foundation

/// Field checks shared by the services; each failure names the field.
enum Validate {
    static func required(_ value: String, _ field: String, maxLength: Int = 200) throws(DomainError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .invalidArgument(field: field, reason: "is required") }
        guard trimmed.count <= maxLength else {
            throw .invalidArgument(field: field, reason: "is longer than \(maxLength) characters")
        }
        return trimmed
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
