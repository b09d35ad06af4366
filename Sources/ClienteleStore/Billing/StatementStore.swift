/// Statements of billing accounts and the ledger entries each lists. Both tables are
/// append-only (triggers refuse UPDATE and DELETE).
public protocol StatementStore {
    /// The number the group's next statement takes: one more than its highest (1 for the first).
    /// Read in the transaction that inserts it, so that numbers stay gap-free.
    func nextNumber(groupID: String) throws -> Int64

    /// Writes `statement` listing `entryIDs` (entries of its client). Throws `.duplicate`
    /// when its number is taken in the group.
    func insert(_ statement: StatementRecord, entryIDs: [String]) throws

    func fetch(id: String) throws -> StatementRecord?

    /// A client's statements, highest number first, below `beforeNumber` when given.
    func list(clientID: String, beforeNumber: Int64?, limit: Int) throws -> [StatementRecord]
}
