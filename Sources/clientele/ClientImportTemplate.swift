/// The columns of the client import file, as `clientele clients template` writes
/// them and the daemon reads them (ClientImportColumn in ClienteleDomain holds the
/// same names; scripts/test-import checks that the template imports cleanly).
enum ClientImportTemplate {
    struct Column {
        var name: String
        var required: Bool
        var meaning: String
        var example: String
    }

    static let columns: [Column] = [
        Column(name: "account_name", required: true, meaning: "the client's name (required)", example: "Nordwind"),
        Column(name: "company_name", required: false, meaning: "legal name", example: "Nordwind Logistik GmbH"),
        Column(
            name: "legal_id", required: false, meaning: "VAT or registration number, unique in the group",
            example: "DE811234567"),
        Column(name: "login", required: false, meaning: "unique login (letters, digits . _ - @)", example: "nordwind"),
        Column(name: "billing_name", required: false, meaning: "defaults to account_name", example: "Nordwind Finance"),
        Column(
            name: "billing_emails", required: false, meaning: "addresses separated by ;",
            example: "billing@nordwind.example;ap@nordwind.example"),
        Column(name: "phone", required: false, meaning: "digits, + ( ) - . and spaces", example: "+49 30 1234567"),
        Column(name: "country", required: false, meaning: "ISO 3166-1 alpha-2, e.g. DE", example: "DE"),
        Column(name: "region", required: false, meaning: "state or region", example: "Berlin"),
        Column(name: "city", required: false, meaning: "city", example: "Berlin"),
        Column(name: "address_line_1", required: false, meaning: "street address", example: "Hauptstraße 1"),
        Column(name: "address_line_2", required: false, meaning: "second address line", example: "Hof 2, 3. OG"),
        Column(name: "postal_code", required: false, meaning: "up to 16 characters", example: "10115"),
        Column(name: "currency", required: false, meaning: "ISO 4217, default EUR", example: "EUR"),
        Column(name: "billing_mode", required: false, meaning: "prepaid (default) or postpaid", example: "postpaid"),
        Column(
            name: "credit_limit_minor", required: false, meaning: "minor units, postpaid only (default 0)",
            example: "50000"),
        Column(name: "pricing_model", required: false, meaning: "flat (default) or package", example: "flat"),
        Column(name: "timezone", required: false, meaning: "IANA name, default UTC", example: "Europe/Berlin"),
        Column(
            name: "connection_kind", required: false, meaning: "direct (default), partner or reseller",
            example: "direct"),
        Column(name: "moderation", required: false, meaning: "true or false (default)", example: "false"),
        Column(
            name: "contact_first_name", required: false, meaning: "primary contact (first or last name needed)",
            example: "Nina"),
        Column(name: "contact_last_name", required: false, meaning: "primary contact", example: "Nord"),
        Column(name: "contact_email", required: false, meaning: "primary contact", example: "nina@nordwind.example"),
        Column(name: "contact_phone", required: false, meaning: "primary contact", example: "+49 30 1234568"),
    ]

    static var names: [String] { self.columns.map(\.name) }

    /// The header and one example row.
    static var csv: String { CSVFormat.line(self.names) + CSVFormat.line(self.columns.map(\.example)) }

    /// The columns as `--help` lists them.
    static var help: String {
        self.columns.map { "  \($0.name)\($0.required ? " *" : ""): \($0.meaning)" }.joined(separator: "\n")
    }
}
