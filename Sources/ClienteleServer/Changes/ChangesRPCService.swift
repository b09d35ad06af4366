import ClienteleAPI
import ClienteleAccess
public import ClienteleDomain
import ClienteleProto
import ClienteleRPC
import Foundation

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
                // A manager follows the clients assigned to it: allowed through one of them (the
                // feed then answers the changes of each client assigned to it when read).
                var assigned: [Resource] = []
                if ChangeFeed.followsAssignedClients(principal, group: group.groupID, now: feed.nowMillis),
                    let userID = principal.userID,
                    let client = try await feed.anyClientAssigned(to: userID, in: group.groupID)
                {
                    assigned = [client]
                }
                return .anyOf([group] + granted + assigned, notFound: "group \(request.groupID)")
            },
            encodedAnswer: { (request: Clientele_V1_FollowChangesRequest, context, principal) in
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
                return try Self.encode(page)
            })
    }

    /// The `FollowChangesResponse` of `page`, as `serializedData(options: RPCRouter.encoding)`
    /// makes it, with each change encoded once for every follower answered with it from the
    /// same read of the feed (`ChangeView.memo`): field 1 (changes, each length-delimited),
    /// field 2 (next_cursor), field 3 (more), in that order, defaults left out.
    static func encode(_ page: ChangePage) throws -> Data {
        var data = Data()
        for view in page.changes {
            data.append(
                try view.memo.value {
                    let body = try Self.change(view).serializedData(options: RPCRouter.encoding)
                    var field = Data([0x0A])
                    Self.appendVarint(UInt64(body.count), to: &field)
                    field.append(body)
                    return field
                })
        }
        if !page.nextCursor.isEmpty {
            let cursor = Data(page.nextCursor.utf8)
            data.append(0x12)
            Self.appendVarint(UInt64(cursor.count), to: &data)
            data.append(cursor)
        }
        if page.more { data.append(contentsOf: [0x18, 0x01]) }
        return data
    }

    private static func appendVarint(_ value: UInt64, to data: inout Data) {
        var value = value
        while value >= 0x80 {
            data.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        data.append(UInt8(value))
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
