/// The append-only audit trail.
public protocol AuditStore {
    /// Appends `entry`, giving it the next sequence number.
    func append(_ entry: AuditEntryRecord) throws

    /// Newest first.
    func list(_ filter: AuditFilter) throws -> [AuditEntryRecord]
}

extension AuditStore {
    public typealias Filter = AuditFilter
}
