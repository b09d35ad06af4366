import ClienteleStore

/// The ledger's rules: what each kind of entry may do to a balance.
enum BillingRules {
    /// The signed amount and resulting balance of `draft` on `balance`, or why it is refused.
    static func apply(
        _ draft: EntryDraft, to balance: BalanceView, corrected: LedgerEntryRecord?
    ) throws(DomainError)
        -> (amount: Int64, after: Int64)
    {
        let current = balance.account.balanceMinor
        let currency = balance.currency
        func money(_ minor: Int64) -> String { Money.format(minor, currency) }
        let amount = draft.kind.isDebit ? -draft.amountMinor : draft.amountMinor
        let (after, overflow) = current.addingReportingOverflow(amount)
        guard !overflow else {
            throw .invalidArgument(field: "amount_minor", reason: "would overflow the balance of \(money(current))")
        }
        switch draft.kind {
        case .withdrawal:
            guard draft.amountMinor <= max(current, 0) else {
                throw .failedPrecondition(
                    "only credits can be withdrawn: the balance is \(money(current)), the withdrawal \(money(draft.amountMinor))"
                )
            }
        case .debtSettlement:
            guard draft.amountMinor <= balance.debtMinor else {
                throw .failedPrecondition(
                    "a settlement of \(money(draft.amountMinor)) exceeds the open debt of \(money(balance.debtMinor))")
            }
        case .paymentCorrection:
            guard let corrected else { throw .notFound("entry \(draft.correctsEntryID)") }
            guard corrected.kind == EntryKind.credit.rawValue else {
                throw .failedPrecondition(
                    "entry \(corrected.id) is a \((EntryKind(rawValue: corrected.kind) ?? .credit).name), not a credit; only payments are corrected"
                )
            }
            guard draft.amountMinor <= corrected.amountMinor else {
                throw .failedPrecondition(
                    "a correction of \(money(draft.amountMinor)) exceeds the payment of \(money(corrected.amountMinor))"
                )
            }
        case .credit, .charge, .creditNote:
            break
        }
        if draft.kind.isDebit && after < balance.floorMinor {
            throw .failedPrecondition(
                "the balance of \(money(current)) would fall to \(money(after)), below the \(balance.billingMode == 2 ? "credit limit" : "prepaid") floor of \(money(balance.floorMinor))"
            )
        }
        return (amount, after)
    }

    /// Why the account cannot take `mode` and `limit`, if it cannot.
    static func checkTerms(mode: Int, limit: Int64, balance: Int64, currency: String) throws(DomainError) {
        let floor: Int64 = mode == 2 ? -limit : 0
        guard balance >= floor else {
            throw .failedPrecondition(
                "the balance of \(Money.format(balance, currency)) is below the new floor of \(Money.format(floor, currency)); settle the debt first"
            )
        }
    }

    /// What about the account keeps its client from closing.
    static func closingBlockers(_ account: BillingAccountRecord?, currency: String) -> [String] {
        guard let account, account.balanceMinor != 0 else { return [] }
        if account.balanceMinor > 0 {
            return ["a balance of \(Money.format(account.balanceMinor, currency)) in credits; withdraw it first"]
        }
        return ["an open debt of \(Money.format(-account.balanceMinor, currency)); settle it first"]
    }
}
