/// Failed credential checks per sign-in name (group and email), whether or not an
/// account has that name: a lock then reads the same for an unknown email as for a real one.
public protocol SignInThrottleStore {
    /// The failures counted for the name and when it is locked until (unix ms); `nil` when none are counted.
    func state(groupID: String, email: String) throws -> (failures: Int, lockedUntil: Int64?)?

    /// Counts one more failure and returns the new count; `lock` maps the count to a lock end (or none).
    func recordFailure(groupID: String, email: String, now: Int64, lock: (Int) -> Int64?) throws -> Int

    /// Forgets the failures of a name (after a successful check).
    func clear(groupID: String, email: String) throws

    /// Drops the rows whose last failure is older than `before` and that hold no lock past it.
    func prune(before: Int64) throws
}
