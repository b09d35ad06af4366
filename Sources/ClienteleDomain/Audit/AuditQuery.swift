/// Filters of an audit listing, as received; empty and 0 filter nothing.
public struct AuditQuery: Sendable {
    public var groupID = ""
    public var clientID = ""
    public var actor = ""
    public var actionPrefix = ""
    public var sinceMillis: Int64 = 0
    public var untilMillis: Int64 = 0
    public var pageSize: Int32 = 0
    public var pageToken = ""

    public init() {}
}
