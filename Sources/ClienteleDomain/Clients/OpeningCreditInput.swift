/// A first credit on a new client's ledger, posted in the create's transaction as
/// `Billing/AddCredit` posts one.
public struct OpeningCreditInput: Sendable {
    public var amountMinor: Int64
    public var paymentMethod = ""
    public var paymentReference = ""
    public var payer = ""
    public var comment = ""

    public init(amountMinor: Int64) {
        self.amountMinor = amountMinor
    }

    /// The ledger entry to post, validated; errors name the request's `opening_credit.` fields.
    func draft() throws(DomainError) -> EntryDraft {
        var draft = EntryDraft(kind: .credit, amountMinor: self.amountMinor)
        draft.paymentMethod = self.paymentMethod
        draft.paymentReference = self.paymentReference
        draft.paymentPayer = self.payer
        draft.comment = self.comment
        do {
            return try BillingService.validated(draft)
        } catch .invalidArgument(let field, let reason) {
            let names = [
                "payment.method": "payment_method", "payment.reference": "payment_reference", "payment.payer": "payer",
            ]
            throw .invalidArgument(field: "opening_credit.\(names[field] ?? field)", reason: reason)
        }
    }
}
