/// What the change feed's cursors are made with: the daemon's secret key (32 bytes) and the
/// last sequence a cursor of the legacy form (`{"c":N}`, before the key) may name.
public struct ChangeCursorSecret: Sendable {
    public var key: [UInt8]
    public var legacyLimit: Int64

    public init(key: [UInt8], legacyLimit: Int64) {
        self.key = key
        self.legacyLimit = legacyLimit
    }
}
