import ClienteleStore
import Foundation

/// Validates the fields of a client and applies them to its record, one path at
/// a time (the paths of `ClientFields`, as in an update mask). Every error names
/// the field as "fields.<path>".
enum ClientFieldRules {
    /// Every path a mask may name; "address" stands for all of its parts.
    static let paths = [
        "account_name", "company_name", "legal_id", "login", "billing_name", "billing_emails", "address",
        "address.country", "address.region", "address.city", "address.lines", "address.postal_code", "currency",
        "billing_mode", "credit_limit_minor", "pricing_model", "timezone", "manager_user_id", "moderation",
        "connection_kind", "service_levels", "phone", "connection_status",
    ]

    static let maximumBillingEmails = 20

    /// Set on create; changed afterwards only through the billing service, which checks the balance.
    static let billingTerms: Set<String> = ["currency", "billing_mode", "credit_limit_minor"]

    /// Applies `input` at `paths` to `client`. On create every path is applied
    /// and unset values take their defaults; on update an unset required value is
    /// an error. Returns the paths whose value changed.
    static func apply(
        _ input: ClientFieldsInput, paths: [String], to client: inout ClientRecord, creating: Bool
    ) throws(DomainError) -> [String] {
        let before = client
        var expanded: [String] = []
        for path in paths {
            guard self.paths.contains(path) else {
                throw .invalidArgument(
                    field: "update_mask",
                    reason: "\(path) is not a field of a client (one of \(self.paths.joined(separator: ", ")))")
            }
            if path == "address" {
                expanded += self.paths.filter { $0.hasPrefix("address.") }
            } else if !expanded.contains(path) {
                expanded.append(path)
            }
        }
        for path in expanded { try self.apply(path, input, to: &client, creating: creating) }
        try self.complete(&client)
        return self.changedPaths(from: before, to: client)
    }

    /// The rules across fields, once every path is applied: derived values and combinations.
    static func complete(_ client: inout ClientRecord) throws(DomainError) {
        // The billing name follows the account name until set on its own.
        if client.billingName.isEmpty { client.billingName = client.accountName }
        if client.billingMode == 1 && client.creditLimitMinor != 0 {
            throw .invalidArgument(
                field: "fields.credit_limit_minor", reason: "applies to postpaid accounts only; a prepaid limit is 0")
        }
        client.taxRegion = Country.taxRegion(of: client.address.country)
    }

    /// Every path a create applies, with "address" expanded into its parts.
    static let leafPaths = paths.filter { $0 != "address" }

    static func apply(
        _ path: String, _ input: ClientFieldsInput, to client: inout ClientRecord, creating: Bool
    ) throws(DomainError) {
        let field = "fields.\(path)"
        switch path {
        case "account_name": client.accountName = try Validate.required(input.accountName, field)
        case "company_name": client.companyName = try Validate.optional(input.companyName, field)
        case "legal_id":
            let legalID = try Validate.optional(input.legalID, field, maxLength: 64)
            client.legalID = legalID.isEmpty ? nil : legalID
        case "login": client.login = try self.login(input.login, field)
        case "billing_name": client.billingName = try Validate.optional(input.billingName, field)
        case "billing_emails": client.billingEmails = try self.emails(input.billingEmails, field)
        case "address.country": client.address.country = try self.country(input.address.country, field)
        case "address.region": client.address.region = try Validate.optional(input.address.region, field)
        case "address.city": client.address.city = try Validate.optional(input.address.city, field)
        case "address.lines": client.address.lines = try self.lines(input.address.lines, field)
        case "address.postal_code":
            client.address.postalCode = try Validate.optional(input.address.postalCode, field, maxLength: 16)
        case "currency": client.currency = try self.currency(input.currency, field, creating: creating)
        case "billing_mode":
            client.billingMode = try self.choice(
                input.billingMode, field, creating: creating, default: 1, names: ["prepaid", "postpaid"])
        case "credit_limit_minor":
            guard input.creditLimitMinor >= 0 else {
                throw .invalidArgument(field: field, reason: "must not be negative")
            }
            client.creditLimitMinor = input.creditLimitMinor
        case "pricing_model":
            client.pricingModel = try self.choice(
                input.pricingModel, field, creating: creating, default: 1, names: ["flat", "package"])
        case "timezone": client.timezone = try self.timezone(input.timezone, field, creating: creating)
        case "manager_user_id":
            let manager = try Validate.optional(input.managerUserID, field, maxLength: 64)
            client.managerUserID = manager.isEmpty ? (creating ? client.managerUserID : nil) : manager
        case "moderation": client.moderation = input.moderation
        case "connection_kind":
            client.connectionKind = try self.choice(
                input.connectionKind, field, creating: creating, default: 1, names: ["direct", "partner", "reseller"])
        case "connection_status":
            client.connectionStatus = try self.choice(
                input.connectionStatus, field, creating: creating, default: 1,
                names: ["connected", "suspended", "disconnected"])
        case "service_levels": client.serviceLevels = try self.serviceLevels(input.serviceLevels, field)
        case "phone": client.phone = try Validate.phone(input.phone, field)
        default: break
        }
    }

    private static func login(_ value: String, _ field: String) throws(DomainError) -> String? {
        let login = try Validate.optional(value, field, maxLength: 64).lowercased()
        if login.isEmpty { return nil }
        guard login.count >= 3, login.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-@".contains($0)) })
        else {
            throw .invalidArgument(
                field: field, reason: "must be 3–64 characters of letters, digits and . _ - @")
        }
        return login
    }

    private static func emails(_ values: [String], _ field: String) throws(DomainError) -> [String] {
        guard values.count <= self.maximumBillingEmails else {
            throw .invalidArgument(field: field, reason: "holds more than \(self.maximumBillingEmails) addresses")
        }
        var emails: [String] = []
        for (index, value) in values.enumerated() {
            let email = try Validate.email(value, "\(field)[\(index)]")
            if !emails.contains(email) { emails.append(email) }
        }
        return emails
    }

    static func country(_ value: String, _ field: String) throws(DomainError) -> String {
        let country = try Validate.optional(value, field, maxLength: 2).uppercased()
        guard country.isEmpty || Country.codes.contains(country) else {
            throw .invalidArgument(field: field, reason: "\(value) is not an ISO 3166-1 alpha-2 country code")
        }
        return country
    }

    static func lines(_ values: [String], _ field: String) throws(DomainError) -> [String] {
        guard values.count <= 4 else { throw .invalidArgument(field: field, reason: "holds more than 4 lines") }
        var lines: [String] = []
        for (index, value) in values.enumerated() {
            let line = try Validate.optional(value, "\(field)[\(index)]")
            if !line.isEmpty { lines.append(line) }
        }
        return lines
    }

    private static func currency(_ value: String, _ field: String, creating: Bool) throws(DomainError) -> String {
        let code = try Validate.optional(value, field, maxLength: 3).uppercased()
        if code.isEmpty {
            guard creating else { throw .invalidArgument(field: field, reason: "is required") }
            return "EUR"
        }
        guard Currency.exponent(of: code) != nil else {
            throw .invalidArgument(field: field, reason: "\(value) is not an ISO 4217 currency code")
        }
        return code
    }

    private static func timezone(_ value: String, _ field: String, creating: Bool) throws(DomainError) -> String {
        let identifier = try Validate.optional(value, field, maxLength: 64)
        if identifier.isEmpty {
            guard creating else { throw .invalidArgument(field: field, reason: "is required") }
            return "UTC"
        }
        guard TimeZone(identifier: identifier) != nil, identifier.contains("/") || identifier == "UTC" else {
            throw .invalidArgument(field: field, reason: "\(identifier) is not an IANA time zone (e.g. Europe/Berlin)")
        }
        return identifier
    }

    /// An enumeration value: 1…names.count; 0 takes `default` on create and is an error on update.
    private static func choice(
        _ value: Int, _ field: String, creating: Bool, default defaultValue: Int, names: [String]
    ) throws(DomainError) -> Int {
        if value == 0 && creating { return defaultValue }
        guard (1...names.count).contains(value) else {
            throw .invalidArgument(
                field: field, reason: "must be one of \(names.joined(separator: ", ")) (got \(value))")
        }
        return value
    }

    private static func serviceLevels(
        _ levels: [ServiceLevelRecord], _ field: String
    ) throws(DomainError)
        -> [ServiceLevelRecord]
    {
        var seen = Set<Int>()
        for (index, level) in levels.enumerated() {
            let path = "\(field)[\(index)]"
            guard (1...4).contains(level.priority) else {
                throw .invalidArgument(field: "\(path).priority", reason: "must be low, normal, high or urgent")
            }
            guard seen.insert(level.priority).inserted else {
                throw .invalidArgument(field: "\(path).priority", reason: "is given twice")
            }
            guard level.responseMinutes > 0, level.responseMinutes <= 525_600 else {
                throw .invalidArgument(field: "\(path).response_minutes", reason: "must be 1–525600 minutes")
            }
            guard level.resolutionMinutes >= level.responseMinutes, level.resolutionMinutes <= 525_600 else {
                throw .invalidArgument(
                    field: "\(path).resolution_minutes", reason: "must be at least the response time and at most 525600"
                )
            }
        }
        return levels.sorted { $0.priority < $1.priority }
    }

    static func changedPaths(from before: ClientRecord, to after: ClientRecord) -> [String] {
        var changed: [String] = []
        func check<Value: Equatable>(_ path: String, _ key: KeyPath<ClientRecord, Value>) {
            if before[keyPath: key] != after[keyPath: key] { changed.append(path) }
        }
        check("account_name", \.accountName)
        check("company_name", \.companyName)
        check("legal_id", \.legalID)
        check("login", \.login)
        check("billing_name", \.billingName)
        check("billing_emails", \.billingEmails)
        check("address.country", \.address.country)
        check("address.region", \.address.region)
        check("address.city", \.address.city)
        check("address.lines", \.address.lines)
        check("address.postal_code", \.address.postalCode)
        check("currency", \.currency)
        check("billing_mode", \.billingMode)
        check("credit_limit_minor", \.creditLimitMinor)
        check("pricing_model", \.pricingModel)
        check("timezone", \.timezone)
        check("manager_user_id", \.managerUserID)
        check("moderation", \.moderation)
        check("connection_kind", \.connectionKind)
        check("service_levels", \.serviceLevels)
        check("phone", \.phone)
        check("connection_status", \.connectionStatus)
        return changed
    }
}
