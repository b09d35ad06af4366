/// A column of the client import file (`clientele clients template` writes them
/// in this order). Values are trimmed; an empty value leaves the field at its
/// default, as an unset field of CreateClient does.
public enum ClientImportColumn: String, CaseIterable, Sendable {
    case accountName = "account_name"
    case companyName = "company_name"
    case legalID = "legal_id"
    case login
    case billingName = "billing_name"
    /// Several addresses separated by ";".
    case billingEmails = "billing_emails"
    case phone
    case country
    case region
    case city
    case addressLine1 = "address_line_1"
    case addressLine2 = "address_line_2"
    case postalCode = "postal_code"
    case currency
    /// prepaid or postpaid.
    case billingMode = "billing_mode"
    case creditLimitMinor = "credit_limit_minor"
    /// flat or package.
    case pricingModel = "pricing_model"
    case timezone
    /// direct, partner or reseller.
    case connectionKind = "connection_kind"
    /// true/false, yes/no or 1/0.
    case moderation
    case contactFirstName = "contact_first_name"
    case contactLastName = "contact_last_name"
    case contactEmail = "contact_email"
    case contactPhone = "contact_phone"

    /// Columns the file must have (and whose value every row must give).
    public static let required: [ClientImportColumn] = [.accountName]

    /// The column that holds the value of a CreateClient field path, as its errors name it
    /// (e.g. "fields.address.lines[1]" → address_line_2, "contacts[0].email" → contact_email).
    static func column(forField field: String) -> ClientImportColumn? {
        if field.hasPrefix("fields.billing_emails") { return .billingEmails }
        if field == "fields.address.lines[1]" { return .addressLine2 }
        if field.hasPrefix("fields.address.lines") { return .addressLine1 }
        if field.hasPrefix("contacts[0].") {
            return ClientImportColumn(rawValue: "contact_" + field.dropFirst("contacts[0].".count))
        }
        if field.hasPrefix("fields.address.") { return ClientImportColumn(rawValue: String(field.dropFirst(15))) }
        if field.hasPrefix("fields.") { return ClientImportColumn(rawValue: String(field.dropFirst(7))) }
        return nil
    }
}
