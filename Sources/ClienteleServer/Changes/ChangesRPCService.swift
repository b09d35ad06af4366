import ClienteleAPI
import ClienteleAccess
public import ClienteleDomain
import ClienteleProto
import ClienteleRPC

/// `clientele.v1.Changes`: the group's change feed, for its owners and `follower` keys (the
/// whole group) and for a client's owner (that client's changes).
public struct ChangesRPCService: Sendable {
    let feed: ChangeFeed
    let identity: IdentityService

    public init(feed: ChangeFeed, identity: IdentityService) {
        self.feed = feed
        self.identity = identity
    }

    public func register(in router: inout SecuredRouter) {
        let feed = self.feed
        let identity = self.identity
        router.register(
            ChangesMethods.follow,
            requires: .action(.changesFollow) { request, principal in
                let group = try await identity.groupResource(request.groupID)
                // A client-scoped grant in the group whose role may follow lets its holder follow that
                // client's changes. Other client grants are offered nothing: the group then answers as
                // missing to them, as it does for every other method naming a group.
                let granted = principal.grants.filter {
                    $0.groupID == group.groupID && $0.scope.kind == .client
                        && Policy.actions(of: $0.role)[.changesFollow] != nil
                }.map { Resource(groupID: group.groupID, clientID: $0.scope.id) }
                return .anyOf([group] + granted, notFound: "group \(request.groupID)")
            }
        ) { (request: Clientele_V1_FollowChangesRequest, context, principal) in
            guard let principal else { throw RPCError(.unauthenticated, "missing credentials") }
            var query = ChangeQuery()
            query.groupID = request.groupID
            query.afterCursor = request.afterCursor
            query.kinds = request.kinds.map(\.rawValue)
            query.waitMillis = request.waitMillis
            query.pageSize = request.pageSize
            query.fromNow = request.fromNow
            let page = try await ClientsService.run {
                try await feed.follow(query, for: principal, deadline: context.deadline)
            }
            var response = Clientele_V1_FollowChangesResponse()
            response.changes = page.changes.map(Self.change)
            response.nextCursor = page.nextCursor
            response.more = page.more
            return response
        }
    }

    static func change(_ view: ChangeView) -> Clientele_V1_Change {
        var change = Clientele_V1_Change()
        change.cursor = view.cursor
        change.kind = Clientele_V1_ChangeKind(rawValue: view.change.kind) ?? .unspecified
        change.objectID = view.change.objectID
        change.clientID = view.change.clientID ?? ""
        change.version = view.change.version
        change.deleted = view.change.deleted
        change.changedFields = view.change.changedFields
        change.atMillis = view.change.at
        if let client = view.client { change.client = ClientConversions.client(client) }
        return change
    }
}
