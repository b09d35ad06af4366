import ClienteleAPI
import ClienteleAccess
public import ClienteleDomain
import ClienteleProto
import ClienteleRPC

/// `clientele.v1.Outbox`: for the group's mail service (the mailer role) and owners.
public struct OutboxRPCService: Sendable {
    let outbox: OutboxService
    let identity: IdentityService

    public init(outbox: OutboxService, identity: IdentityService) {
        self.outbox = outbox
        self.identity = identity
    }

    public func register(in router: inout SecuredRouter) {
        let outbox = self.outbox
        let identity = self.identity

        router.register(
            OutboxMethods.listPending,
            requires: .action(.outboxDeliver) { request, _ in
                .anyOf([try await identity.groupResource(request.groupID)], notFound: "group \(request.groupID)")
            }
        ) { (request: Clientele_V1_ListPendingMessagesRequest, _, _) in
            let page = try await ClientsService.run {
                try await outbox.pending(
                    groupID: request.groupID, pageSize: request.pageSize, pageToken: request.pageToken)
            }
            var response = Clientele_V1_ListPendingMessagesResponse()
            response.messages = page.messages.map { record in
                var message = Clientele_V1_OutboxMessage()
                message.id = record.id
                message.groupID = record.groupID
                message.clientID = record.clientID
                message.kind = Clientele_V1_MessageKind(rawValue: record.kind) ?? .unspecified
                message.recipientEmail = record.recipientEmail
                message.recipientName = record.recipientName
                message.subject = record.subject
                message.body = record.body
                message.data = record.data
                message.createdAtMillis = record.createdAt
                return message
            }
            response.nextPageToken = page.nextPageToken
            return response
        }

        router.registerWrite(
            OutboxMethods.acknowledge,
            requires: .action(.outboxDeliver) { request, _ in
                .anyOf([try await identity.groupResource(request.groupID)], notFound: "group \(request.groupID)")
            },
            replay: { origin throws(DomainError) in try await outbox.replay(origin) },
            answer: { (count: Int) in
                var response = Clientele_V1_AcknowledgeMessagesResponse()
                response.acknowledged = Int32(count)
                return response
            }
        ) { (request: Clientele_V1_AcknowledgeMessagesRequest, _, write) throws(DomainError) in
            try await outbox.acknowledge(groupID: request.groupID, ids: request.messageIds, write)
        }
    }
}
