/// Billing accounts and their append-only ledgers (triggers refuse UPDATE and DELETE of entries).
public protocol BillingStore {
    func insertAccount(_ account: BillingAccountRecord) throws

    func account(clientID: String) throws -> BillingAccountRecord?

    /// Appends `entry` (its sequence must be the account's next) and moves the
    /// account's balance to the entry's resulting balance. Throws `.duplicate` for a
    /// second correction of the same payment.
    func append(_ entry: LedgerEntryRecord) throws

    func entry(id: String) throws -> LedgerEntryRecord?

    /// The correction of a payment entry, if there is one.
    func correction(of entryID: String) throws -> LedgerEntryRecord?

    /// The sum of an account's entries, computed from the ledger itself (for checks).
    func ledgerSum(clientID: String) throws -> Int64

    func entries(_ query: LedgerQuery) throws -> [LedgerEntryRecord]

    /// The balance of a client's account at `time`: the sum of its entries before then.
    func balance(clientID: String, before time: Int64) throws -> Int64

    /// A client's latest entry before `time`, if any.
    func lastEntry(clientID: String, before time: Int64) throws -> LedgerEntryRecord?

    /// A client's entries from `start` (inclusive) to `end` (exclusive), oldest first, at most `limit`.
    func entries(clientID: String, from start: Int64, to end: Int64, limit: Int) throws -> [LedgerEntryRecord]

    /// The entries a statement lists (see `StatementStore`), oldest first.
    func entries(listedIn statementID: String) throws -> [LedgerEntryRecord]
}
