public import ClienteleAccess
public import ClienteleStore

/// A billing account as its readers see it.
public struct BalanceView: Sendable, Equatable {
    public var account: BillingAccountRecord
    public var currency: String
    public var billingMode: Int
    public var creditLimitMinor: Int64
    /// The client, as the authorization policy sees it.
    public var resource: Resource

    init(account: BillingAccountRecord, client: ClientRecord) {
        self.account = account
        self.resource = client.resource
        self.currency = client.currency
        self.billingMode = client.billingMode
        self.creditLimitMinor = client.creditLimitMinor
    }

    public var exponent: Int { Currency.exponent(of: self.currency) ?? 2 }

    /// The lowest balance allowed: 0 prepaid, minus the credit limit postpaid.
    public var floorMinor: Int64 { self.billingMode == 2 ? -self.creditLimitMinor : 0 }

    /// What may still be debited.
    public var availableMinor: Int64 {
        let (available, overflow) = self.account.balanceMinor.subtractingReportingOverflow(self.floorMinor)
        return overflow ? .max : available
    }

    public var debtMinor: Int64 { self.account.balanceMinor < 0 ? -self.account.balanceMinor : 0 }
}
