import ArgumentParser
import ClienteleProto

/// The options of `ClientFields`, for `clients create` and `clients update`.
struct ClientFieldOptions: ParsableArguments {
    @Option(help: "The account name (required to create).") var accountName: String?
    @Option(help: "Company name.") var companyName: String?
    @Option(help: "Legal identifier (VAT or registration number), unique in the group.") var legalId: String?
    @Option(help: "Login, unique in the group.") var login: String?
    @Option(help: "Billing name (default: the account name).") var billingName: String?
    @Option(help: "A billing email (repeatable).") var billingEmails: [String] = []
    @OptionGroup var address: AddressOptions
    @Option(help: "Currency, ISO 4217 (default EUR; later: billing set-currency).") var currency: String?
    @Option(help: "Billing mode: prepaid (default) or postpaid.") var billingMode: Clientele_V1_BillingMode?
    @Option(help: "Credit limit in minor units (postpaid).") var creditLimitMinor: Int64?
    @Option(help: "Pricing model: flat (default) or package.") var pricingModel: Clientele_V1_PricingModel?
    @Option(help: "IANA timezone, e.g. Europe/Berlin (default UTC).") var timezone: String?
    @Option(help: "The managing user (default: you, when you are a manager).") var managerUserId: String?
    @Option(help: "Moderation: true or false.") var moderation: Bool?
    @Option(help: "Connection kind: direct (default), partner or reseller.")
    var connectionKind: Clientele_V1_ConnectionKind?
    @Option(help: "Connection status: connected (default), suspended or disconnected.")
    var connectionStatus: Clientele_V1_ConnectionStatus?
    @Option(help: "A service level PRIORITY:RESPONSE_MINUTES:RESOLUTION_MINUTES, e.g. urgent:15:240 (repeatable).")
    var serviceLevels: [ServiceLevelArgument] = []
    @Option(help: "Phone.") var phone: String?

    /// The fields given on the command line, and their mask paths.
    func fields() -> (fields: Clientele_V1_ClientFields, paths: [String]) {
        var setter = FieldSetter(target: Clientele_V1_ClientFields())
        setter.set(self.accountName, "account_name", \.accountName)
        setter.set(self.companyName, "company_name", \.companyName)
        setter.set(self.legalId, "legal_id", \.legalID)
        setter.set(self.login, "login", \.login)
        setter.set(self.billingName, "billing_name", \.billingName)
        setter.set(self.billingEmails.isEmpty ? nil : self.billingEmails, "billing_emails", \.billingEmails)
        let addressPaths = self.address.apply(to: &setter.target.address)
        setter.add(addressPaths)
        setter.set(self.currency, "currency", \.currency)
        setter.set(self.billingMode, "billing_mode", \.billingMode)
        setter.set(self.creditLimitMinor, "credit_limit_minor", \.creditLimitMinor)
        setter.set(self.pricingModel, "pricing_model", \.pricingModel)
        setter.set(self.timezone, "timezone", \.timezone)
        setter.set(self.managerUserId, "manager_user_id", \.managerUserID)
        setter.set(self.moderation, "moderation", \.moderation)
        setter.set(self.connectionKind, "connection_kind", \.connectionKind)
        setter.set(self.connectionStatus, "connection_status", \.connectionStatus)
        setter.set(
            self.serviceLevels.isEmpty ? nil : self.serviceLevels.map(\.proto), "service_levels", \.serviceLevels)
        setter.set(self.phone, "phone", \.phone)
        return (setter.target, setter.paths)
    }
}
