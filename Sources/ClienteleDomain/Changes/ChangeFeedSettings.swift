/// Limits of the change feed.
public struct ChangeFeedSettings: Sendable {
    /// How long changes are kept (`--changes-retention-hours`).
    public var retentionMillis: Int64 = 168 * 3_600_000
    /// The longest a follow waits for a change, whatever it asks.
    public var maximumWaitMillis: Int64 = 30_000
    /// Rows a follow reads at most before answering (changes of kinds it did not ask for included).
    public var scanLimit = 2_000
    /// Rows a prune deletes per transaction.
    public var pruneBatch = 5_000
    /// The key of the cursors (32 bytes); `nil`: the database's (`server_secrets`, made once by
    /// migration). A fixed key only for `--test-deterministic`, whose recordings hold cursors.
    public var cursorKey: [UInt8]?

    public init() {}
}
