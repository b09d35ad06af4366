import ClienteleAPI
import ClienteleAccess
public import ClienteleDomain
import ClienteleProto
import ClienteleRPC

/// `clientele.v1.Audit`: the audit trail, for a group's owners, or for one client's
/// owner (and assigned manager) when the request names that client.
public struct AuditService: Sendable {
    let log: AuditLog
    let clients: ClientService
    let identity: IdentityService

    public init(log: AuditLog, clients: ClientService, identity: IdentityService) {
        self.log = log
        self.clients = clients
        self.identity = identity
    }

    public func register(in router: inout SecuredRouter) {
        let log = self.log
        let clients = self.clients
        let identity = self.identity
        router.register(
            AuditMethods.list,
            requires: .action(.auditRead) { request, principal in
                let group = try await identity.groupResource(request.groupID)
                guard !request.clientID.isEmpty else { return .anyOf([group], notFound: "group \(request.groupID)") }
                // A group in which the caller holds nothing answers as a missing one, before the
                // client is looked at: which of the two names another tenant must not show.
                guard principal.grants.contains(where: { $0.groupID == group.groupID }) else {
                    throw DomainError.notFound("group \(request.groupID)")
                }
                let client = try await clients.resource(request.clientID)
                guard client.groupID == group.groupID else { throw DomainError.notFound("client \(request.clientID)") }
                return .anyOf([client], notFound: "client \(request.clientID)")
            }
        ) { (request: Clientele_V1_ListAuditRequest, _, _) in
            var query = AuditQuery()
            query.groupID = request.groupID
            query.clientID = request.clientID
            query.actor = request.actor
            query.actionPrefix = request.actionPrefix
            query.sinceMillis = request.sinceMillis
            query.untilMillis = request.untilMillis
            query.pageSize = request.pageSize
            query.pageToken = request.pageToken
            let page = try await ClientsService.run { try await log.list(query) }
            var response = Clientele_V1_ListAuditResponse()
            response.entries = page.entries.map { record in
                var entry = Clientele_V1_AuditEntry()
                entry.id = record.id
                entry.groupID = record.groupID
                entry.clientID = record.clientID ?? ""
                entry.actor = record.actor
                entry.onBehalfOf = record.onBehalfOf ?? ""
                entry.action = record.action
                entry.resource = record.resource
                entry.requestID = record.requestID
                entry.changedFields = record.changedFields
                entry.atMillis = record.at
                entry.detail = record.detail
                return entry
            }
            response.nextPageToken = page.nextPageToken
            return response
        }
    }
}
