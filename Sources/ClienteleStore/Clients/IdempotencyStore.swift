/// First answers to keyed writes, for replays.
public protocol IdempotencyStore {
    /// Throws `.duplicate(field: "caller, key")` when the caller already used the key.
    func insert(_ record: IdempotencyRecord) throws

    func fetch(caller: String, key: String) throws -> IdempotencyRecord?

    /// Forgets keys stored before `cutoff`; returns how many.
    func deleteOlder(than cutoff: Int64) throws -> Int

    /// Forgets one caller's key if it was stored before `before` (its replay window is over).
    func deleteExpired(caller: String, key: String, before: Int64) throws
}
