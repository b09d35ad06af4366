/// Contacts of clients, in order of addition.
public protocol ContactStore {
    /// Replaces the contacts of a client with `contacts` (demotions first, so the
    /// one-primary index holds at every step).
    func replace(clientID: String, with contacts: [ContactRecord]) throws

    func insert(_ contact: ContactRecord) throws

    func forClient(_ clientID: String) throws -> [ContactRecord]

    /// The contacts of several clients, by client.
    func forClients(_ clientIDs: [String]) throws -> [String: [ContactRecord]]
}
