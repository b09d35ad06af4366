import ClienteleDomain
import ClienteleProto
import ClienteleStore

/// proto ⇄ domain for the Billing service.
enum BillingConversions {
    static func draft(
        _ kind: EntryKind, amount: Int64, comment: String, payment: Clientele_V1_PaymentDetails?
    )
        -> EntryDraft
    {
        var draft = EntryDraft(kind: kind, amountMinor: amount)
        draft.comment = comment
        if let payment {
            draft.paymentMethod = payment.method
            draft.paymentReference = payment.reference
            draft.paymentPayer = payment.payer
        }
        return draft
    }

    static func entry(_ record: LedgerEntryRecord) -> Clientele_V1_LedgerEntry {
        var entry = Clientele_V1_LedgerEntry()
        entry.id = record.id
        entry.clientID = record.clientID
        entry.sequence = record.sequence
        entry.kind = Clientele_V1_EntryKind(rawValue: record.kind) ?? .unspecified
        entry.amountMinor = record.amountMinor
        entry.balanceAfterMinor = record.balanceAfterMinor
        entry.currency = record.currency
        entry.actor = record.actor
        entry.comment = record.comment
        entry.idempotencyKey = record.idempotencyKey ?? ""
        entry.atMillis = record.at
        if !(record.paymentMethod + record.paymentReference + record.paymentPayer).isEmpty {
            entry.payment.method = record.paymentMethod
            entry.payment.reference = record.paymentReference
            entry.payment.payer = record.paymentPayer
        }
        entry.correctsEntryID = record.correctsEntryID ?? ""
        entry.packageName = record.packageName
        return entry
    }

    static func balance(_ view: BalanceView) -> Clientele_V1_Balance {
        var balance = Clientele_V1_Balance()
        balance.clientID = view.account.clientID
        balance.currency = view.currency
        balance.currencyExponent = Int32(view.exponent)
        balance.balanceMinor = view.account.balanceMinor
        balance.availableMinor = view.availableMinor
        balance.debtMinor = view.debtMinor
        balance.billingMode = Clientele_V1_BillingMode(rawValue: view.billingMode) ?? .unspecified
        balance.creditLimitMinor = view.creditLimitMinor
        balance.entryCount = view.account.entryCount
        return balance
    }

    /// A statement; `entries` are left out of lists.
    static func statement(_ view: StatementView) -> Clientele_V1_Statement {
        var statement = self.statement(view.statement)
        statement.entries = view.entries.map(self.entry)
        return statement
    }

    static func statement(_ record: StatementRecord) -> Clientele_V1_Statement {
        var statement = Clientele_V1_Statement()
        statement.id = record.id
        statement.clientID = record.clientID
        statement.number = record.number
        statement.periodStartMillis = record.periodStart
        statement.periodEndMillis = record.periodEnd
        statement.currency = record.currency
        statement.currencyExponent = Int32(Currency.exponent(of: record.currency) ?? 2)
        statement.openingBalanceMinor = record.openingMinor
        statement.creditsMinor = record.creditsMinor
        statement.debitsMinor = record.debitsMinor
        statement.closingBalanceMinor = record.closingMinor
        statement.entryCount = Int32(record.entryCount)
        statement.recipientEmail = record.recipientEmail
        statement.messageID = record.messageID
        statement.issuedBy = record.createdBy
        statement.issuedAtMillis = record.createdAt
        return statement
    }

    static func posting(_ posting: LedgerPosting) -> Clientele_V1_PostEntryResponse {
        var response = Clientele_V1_PostEntryResponse()
        response.entry = self.entry(posting.entry)
        response.balance = self.balance(posting.balance)
        return response
    }
}
