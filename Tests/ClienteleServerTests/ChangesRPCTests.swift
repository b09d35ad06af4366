import ClienteleAPI
import ClienteleAccess
import ClienteleDomain
import ClienteleProto
import ClienteleRPC
import ClienteleServer
import ClienteleStore
import ClienteleTestSupport
import Foundation
import SwiftProtobuf
import Testing

/// `Changes/Follow` through the real router and gate: who sees which changes.
@Suite("Changes RPC")
struct ChangesRPCTests {
    /// Two clients of the own group (one updated), an unlinked account of the group, and a
    /// client of the other tenant.
    struct Setting {
        let world: AccessWorld
        let mine: String
        let theirs: String
        let foreign: String
    }

    static func setting() async throws -> Setting {
        let world = try await AccessWorld.make()
        func client(_ name: String, in group: String) async throws -> String {
            let principal = Principal(
                kind: .user(id: "usr_setup"),
                grants: [Grant(role: .owner, scope: .group(group), groupID: group, source: .assignment("s"))])
            var fields = ClientFieldsInput()
            fields.accountName = name
            return try await world.clients.create(
                groupID: group, fields: fields, contacts: [], owner: nil, by: principal, ClientsWorld.write(principal)
            ).client.id
        }
        let mine = try await client("Mine", in: world.ownGroup)
        let theirs = try await client("Theirs", in: world.ownGroup)
        let foreign = try await client("Foreign", in: world.otherGroup)
        var update = Clientele_V1_UpdateClientRequest()
        update.clientID = mine
        update.fields.companyName = "Mine GmbH"
        update.updateMask.paths = ["company_name"]
        _ = try await world.call(ClientsMethods.updateClient, update.serializedData(), token: world.ownOwnerToken).get()
        var account = Clientele_V1_CreateAccountRequest()
        account.groupID = world.ownGroup
        account.product = "hosting"
        account.name = "unlinked.example"
        _ = try await world.call(PeopleMethods.createAccount, account.serializedData(), token: world.ownOwnerToken)
            .get()
        return Setting(world: world, mine: mine, theirs: theirs, foreign: foreign)
    }

    static func follow(
        _ world: AccessWorld, group: String, token: String?, cursor: String = ""
    ) async throws -> Result<Clientele_V1_FollowChangesResponse, RPCError> {
        var request = Clientele_V1_FollowChangesRequest()
        request.groupID = group
        request.afterCursor = cursor
        switch await world.call(ChangesMethods.follow, try request.serializedData(), token: token) {
        case .success(let bytes): return .success(try Clientele_V1_FollowChangesResponse(serializedBytes: bytes))
        case .failure(let error): return .failure(error)
        }
    }

    static func code(_ result: Result<Clientele_V1_FollowChangesResponse, RPCError>) -> RPCError.Code? {
        if case .failure(let error) = result { return error.code }
        return nil
    }

    static func lines(_ response: Clientele_V1_FollowChangesResponse) -> [String] {
        response.changes.map { "\($0.kind) \($0.objectID)" }
    }

    @Test("the group's owner and a follower key see the whole group; the follower key reads nothing else")
    func groupFollowers() async throws {
        let setting = try await Self.setting()
        let world = setting.world
        let owned = try await Self.follow(world, group: world.ownGroup, token: world.ownOwnerToken).get()
        #expect(owned.changes.count == 4)
        #expect(
            Array(Self.lines(owned).prefix(3)) == [
                "clientCreated \(setting.mine)", "clientCreated \(setting.theirs)", "clientUpdated \(setting.mine)",
            ])
        #expect(owned.changes[2].client.fields.companyName == "Mine GmbH" && owned.changes[2].version == 2)
        #expect(owned.changes[3].kind == .account && owned.changes[3].clientID.isEmpty)
        #expect(!owned.changes[3].hasClient)

        let (_, key) = try await world.identity.issueAPIKey(
            groupID: world.ownGroup, name: "sync", role: .follower, scope: .group(world.ownGroup),
            origin: .test(by: world.ownOwner))
        let followed = try await Self.follow(world, group: world.ownGroup, token: key).get()
        #expect(Self.lines(followed) == Self.lines(owned))
        // The feed only: reading a client, or the audit trail, is refused.
        var get = Clientele_V1_GetClientRequest()
        get.clientID = setting.mine
        #expect(
            AccessRPCMatrixTests.code(await world.call(ClientsMethods.getClient, try get.serializedData(), token: key))
                == .notFound)
        var audit = Clientele_V1_ListAuditRequest()
        audit.groupID = world.ownGroup
        #expect(
            AccessRPCMatrixTests.code(await world.call(AuditMethods.list, try audit.serializedData(), token: key))
                == .permissionDenied)
    }

    @Test("another tenant's group answers NOT_FOUND exactly as a group that does not exist")
    func otherTenant() async throws {
        let setting = try await Self.setting()
        let world = setting.world
        guard
            case .failure(let hidden) = try await Self.follow(
                world, group: world.otherGroup, token: world.ownOwnerToken),
            case .failure(let missing) = try await Self.follow(world, group: "grp_missing", token: world.ownOwnerToken)
        else {
            Issue.record("another tenant's group, or a missing one, was followed")
            return
        }
        #expect(hidden.code == .notFound && missing.code == .notFound)
        #expect(AccessRPCMatrixTests.masked(hidden.message) == AccessRPCMatrixTests.masked(missing.message))
        // And the other tenant's own owner sees only its own group's change.
        let theirs = try await Self.follow(world, group: world.otherGroup, token: world.otherOwnerToken).get()
        #expect(Self.lines(theirs) == ["clientCreated \(setting.foreign)"])
    }

    @Test("a client's owner sees only that client's changes")
    func clientScoped() async throws {
        let setting = try await Self.setting()
        let world = setting.world
        let token = try await world.user(.owner, scope: .client(setting.mine), in: world.ownGroup).token
        let page = try await Self.follow(world, group: world.ownGroup, token: token).get()
        #expect(Self.lines(page) == ["clientCreated \(setting.mine)", "clientUpdated \(setting.mine)"])
        #expect(page.changes.allSatisfy { $0.client.id == setting.mine })
    }

    static func assign(_ world: AccessWorld, _ clientID: String, to managerID: String) async throws {
        var update = Clientele_V1_UpdateClientRequest()
        update.clientID = clientID
        update.fields.managerUserID = managerID
        update.updateMask.paths = ["manager_user_id"]
        _ = try await world.call(ClientsMethods.updateClient, update.serializedData(), token: world.ownOwnerToken)
            .get()
    }

    @Test(
        "a manager follows only the clients assigned to it, as they are assigned when read; one with none, a member of another client and another tenant see nothing"
    )
    func managers() async throws {
        let setting = try await Self.setting()
        let world = setting.world
        let manager = try await world.user(.manager, scope: .group(world.ownGroup), in: world.ownGroup)
        let idle = try await world.user(.manager, scope: .group(world.ownGroup), in: world.ownGroup)
        // No client assigned yet: nothing to follow.
        #expect(
            Self.code(try await Self.follow(world, group: world.ownGroup, token: manager.token)) == .permissionDenied)

        try await Self.assign(world, setting.mine, to: manager.id)
        // A credit on each client: the ledger entry of the assigned one only.
        for client in [setting.theirs, setting.mine] {
            var credit = Clientele_V1_AddCreditRequest()
            credit.clientID = client
            credit.amountMinor = 500
            credit.payment.method = "cash"
            _ = try await world.call(BillingMethods.addCredit, credit.serializedData(), token: world.ownOwnerToken)
                .get()
        }
        let page = try await Self.follow(world, group: world.ownGroup, token: manager.token).get()
        #expect(
            Array(Self.lines(page).prefix(3)) == [
                "clientCreated \(setting.mine)", "clientUpdated \(setting.mine)", "clientUpdated \(setting.mine)",
            ])
        #expect(page.changes.count == 4 && page.changes[3].kind == .ledgerEntry)
        #expect(page.changes.allSatisfy { $0.clientID == setting.mine })
        // The cursor moved past the others' changes: the owner's feed ends at the same place.
        let owned = try await Self.follow(world, group: world.ownGroup, token: world.ownOwnerToken).get()
        #expect(owned.changes.count == 7 && page.nextCursor == owned.nextCursor)
        #expect(owned.changes[5].kind == .ledgerEntry && owned.changes[5].clientID == setting.theirs)

        // Another manager of the group, with no client of its own, is still refused.
        #expect(Self.code(try await Self.follow(world, group: world.ownGroup, token: idle.token)) == .permissionDenied)
        // A member of the other client, and staff granted it, may not follow: the group is not there for them.
        let member = try await world.user(.member, scope: .client(setting.theirs), in: world.ownGroup)
        #expect(Self.code(try await Self.follow(world, group: world.ownGroup, token: member.token)) == .notFound)
        // The other tenant's manager, following this group: NOT_FOUND, as a group that does not exist.
        let foreign = try await world.user(.manager, scope: .group(world.otherGroup), in: world.otherGroup)
        guard case .failure(let hidden) = try await Self.follow(world, group: world.ownGroup, token: foreign.token),
            case .failure(let missing) = try await Self.follow(world, group: "grp_missing", token: foreign.token)
        else {
            Issue.record("another tenant's manager followed this group")
            return
        }
        #expect(hidden.code == .notFound && missing.code == .notFound)
        #expect(AccessRPCMatrixTests.masked(hidden.message) == AccessRPCMatrixTests.masked(missing.message))

        // Reassigned to the other manager: from the next read on, the first sees none of it.
        try await Self.assign(world, setting.mine, to: idle.id)
        #expect(
            Self.code(try await Self.follow(world, group: world.ownGroup, token: manager.token)) == .permissionDenied)
        let now = try await Self.follow(world, group: world.ownGroup, token: idle.token).get()
        #expect(now.changes.allSatisfy { $0.clientID == setting.mine } && now.changes.count == 5)
    }

    @Test("an answer is the bytes SwiftProtobuf makes of it, changes with their clients, cursor and `more` alike")
    func encoding() async throws {
        let setting = try await Self.setting()
        let world = setting.world
        for pageSize: Int32 in [1, 0] {
            var request = Clientele_V1_FollowChangesRequest()
            request.groupID = world.ownGroup
            request.pageSize = pageSize
            let bytes = try await world.call(
                ChangesMethods.follow, try request.serializedData(), token: world.ownOwnerToken
            ).get()
            let answer = try Clientele_V1_FollowChangesResponse(serializedBytes: bytes)
            #expect(answer.more == (pageSize == 1) && answer.changes.first?.hasClient == true)
            #expect(try answer.serializedData(options: RPCRouter.encoding) == bytes)
        }
    }

    @Test(
        "a cursor that is no cursor, or another group's, is INVALID_ARGUMENT; one ahead of the feed FAILED_PRECONDITION"
    )
    func cursors() async throws {
        let setting = try await Self.setting()
        let world = setting.world
        let result = try await Self.follow(world, group: world.ownGroup, token: world.ownOwnerToken, cursor: "nope")
        guard case .failure(let invalid) = result else {
            Issue.record("a bad cursor was accepted")
            return
        }
        #expect(invalid.code == .invalidArgument && invalid.message.contains("after_cursor"))
        // A cursor of this feed's key far past its last change (a copy of the folder restored
        // from an older backup, say).
        let codec = ChangeCursorCodec(key: world.database.changeCursorSecret.key)
        let ahead = codec.encode(1_000_000, group: world.ownGroup)
        let answer = try await Self.follow(world, group: world.ownGroup, token: world.ownOwnerToken, cursor: ahead)
        #expect(Self.code(answer) == .failedPrecondition)
        // The same position of another group, and a legacy (JSON) cursor never issued (past the
        // feed's head at the upgrade): not cursors of this feed, as garbage is not.
        for other in [
            codec.encode(1, group: world.ownGroup + "x"),
            Data(#"{"c":1000000}"#.utf8).base64EncodedString().replacingOccurrences(of: "=", with: ""),
        ] {
            let refused = try await Self.follow(world, group: world.ownGroup, token: world.ownOwnerToken, cursor: other)
            guard case .failure(let error) = refused else {
                Issue.record("\(other) was accepted")
                continue
            }
            #expect(error.code == .invalidArgument && error.message == invalid.message)
        }
    }
}
