import ClienteleStore

/// Collects the audit entries of one write; they are appended in its transaction.
final class AuditTrail {
    private let origin: WriteOrigin
    private let now: Int64
    private let ids: any IDGenerator
    private(set) var entries: [AuditEntryRecord] = []

    init(origin: WriteOrigin, now: Int64, ids: any IDGenerator) {
        self.origin = origin
        self.now = now
        self.ids = ids
    }

    /// Records that `resource` (e.g. "client:cli_…") changed.
    func record(
        group: String, client: String?, resource: String, changed: [String] = [], detail: String = ""
    ) {
        self.entries.append(
            AuditEntryRecord(
                id: self.ids.make("aud"), groupID: group, clientID: client, actor: self.origin.actor,
                onBehalfOf: self.origin.onBehalfOf, action: self.origin.action, resource: resource,
                requestID: self.origin.requestID, changedFields: changed, detail: detail, at: self.now
            )
        )
    }
}
