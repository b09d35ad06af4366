import ClienteleAccess
import Testing

/// The whole matrix: every role × every action × scope situation, each cell
/// asserted against a table written out here from docs/domain.md (not derived
/// from `Policy.rules`), allow and deny alike.
@Suite("Authorization matrix")
struct PolicyMatrixTests {
    static let group = "g-own"
    static let otherGroup = "g-other"
    static let user = "u-caller"
    static let now: Int64 = 1_000_000

    /// Where the resource sits relative to the caller's grant.
    enum Situation: String, CaseIterable, Sendable {
        case assignedClient  // a client of the grant's group, managed by the caller
        case otherClient  // a client of the grant's group, managed by someone else (or unassigned)
        case groupItself  // the group, no client
        case otherTenant  // a client of another group, managed by the caller's namesake id
        case grantedAccount  // linked account a-own of c-second (someone else's client)
    }

    // Group-scoped grants: what each role may do on any client (or the group) and only on assigned clients.
    static let groupAnywhere: [Role: Set<Action>] = [
        .owner: Set(Action.allCases),
        .manager: [.groupRead, .clientRead, .clientCreate, .peopleList, .accountRead],
        .partnerStaff: [],
        .memberAdmin: [],
        .member: [],
        .billing: [.billingCharge, .billingRead, .statementIssue],
        .mailer: [.outboxDeliver],
        .follower: [.changesFollow],
    ]
    static let groupAssignedOnly: [Role: Set<Action>] = [
        .manager: [
            .clientUpdate, .clientBlock, .clientLifecycle, .clientImpersonate, .noteWrite, .contactManage,
            .memberManage, .invitationManage, .accountLink, .billingRead, .billingCredit, .statementIssue, .auditRead,
            .changesFollow,
        ]
    ]
    // Client-scoped grants: what each role may do on that one client.
    static let onOwnClient: [Role: Set<Action>] = [
        .owner: [
            .auditRead, .accessExplain, .clientRead, .clientUpdate, .clientBlock, .clientLifecycle, .clientClose,
            .clientImpersonate, .clientTransferOwnership, .noteWrite, .contactManage, .memberManage,
            .invitationManage, .accountLink, .billingRead, .accountRead, .changesFollow,
        ],
        .manager: [],
        .partnerStaff: [.clientRead, .noteWrite, .clientImpersonate, .accountRead],
        .memberAdmin: [.clientRead, .memberManage, .contactManage, .invitationManage, .billingRead, .accountRead],
        .member: [.clientRead, .accountRead],
        .billing: [.billingCharge, .billingRead, .statementIssue],
        .mailer: [],
        .follower: [],
    ]

    struct Cell: Sendable, CustomTestStringConvertible {
        var role: Role
        var scope: Scope.Kind
        var situation: Situation
        var testDescription: String { "\(role.rawValue)@\(scope.rawValue) \(situation.rawValue)" }
    }

    static let cells: [Cell] = Role.allCases.flatMap { role in
        [Scope.Kind.group, .client, .account].flatMap { scope in
            Situation.allCases.map { Cell(role: role, scope: scope, situation: $0) }
        }
    }

    static func resource(_ situation: Situation) -> Resource {
        switch situation {
        case .assignedClient: Resource(groupID: group, clientID: "c-own", managerUserID: user)
        case .otherClient: Resource(groupID: group, clientID: "c-second", managerUserID: "u-someone-else")
        case .groupItself: Resource(groupID: group)
        case .otherTenant: Resource(groupID: otherGroup, clientID: "c-own", managerUserID: user)
        case .grantedAccount:
            Resource(groupID: group, clientID: "c-second", managerUserID: "u-someone-else", accountID: "a-own")
        }
    }

    static func expected(_ cell: Cell, _ action: Action) -> Bool {
        switch (cell.scope, cell.situation) {
        case (_, .otherTenant):
            return false
        case (.group, .groupItself), (.group, .otherClient), (.group, .grantedAccount):
            return groupAnywhere[cell.role]!.contains(action)
        case (.group, .assignedClient):
            return groupAnywhere[cell.role]!.contains(action)
                || groupAssignedOnly[cell.role, default: []].contains(action)
        case (.client, .assignedClient):
            // The grant is on c-own itself.
            return onOwnClient[cell.role]!.contains(action)
        case (.client, .otherClient), (.client, .groupItself), (.client, .grantedAccount):
            return false
        case (.account, .grantedAccount):
            // A grant on one account lets partner staff read that account, and nothing else.
            return cell.role == .partnerStaff && action == .accountRead
        case (.account, _):
            return false
        }
    }

    @Test("every role × action × situation", arguments: cells)
    func matrix(cell: Cell) {
        let scope: Scope =
            switch cell.scope {
            case .group: .group(Self.group)
            case .client: .client("c-own")
            case .account: .account("a-own")
            }
        let grant = Grant(role: cell.role, scope: scope, groupID: Self.group, source: .assignment("ra-1"))
        let principal = Principal(kind: .user(id: Self.user), grants: [grant])
        for action in Action.allCases {
            let decision = Policy.decide(principal, action, on: Self.resource(cell.situation), now: Self.now)
            #expect(
                decision.allowed == Self.expected(cell, action),
                "\(cell.testDescription) \(action.rawValue): got \(decision.allowed ? "allow" : "deny")"
            )
            if decision.allowed {
                #expect(decision.grant == grant)
                #expect(decision.rule?.action == action)
            }
        }
    }

    @Test(
        "signed in as a client, the owner's grant never withdraws, transfers, closes, signs in again or changes identities"
    )
    func signedInAs() {
        let grant = Grant(role: .owner, scope: .client("c-own"), groupID: Self.group, source: .assignment("ses"))
        let principal = Principal(kind: .user(id: "u-owner"), grants: [grant], impersonator: Self.user)
        let resource = Self.resource(.assignedClient)
        let refused: Set<Action> = [
            .billingWithdraw, .clientTransferOwnership, .clientClose, .apiKeyIssue, .clientImpersonate,
            .userCreate, .userUpdate, .userDisable, .roleAssign, .roleRevoke, .apiKeyRevoke, .memberManage,
            .invitationManage, .staffGrant,
        ]
        #expect(Policy.refusedWhenSignedInAs == refused)
        for action in Action.allCases {
            let allowed = Policy.decide(principal, action, on: resource, now: Self.now).allowed
            #expect(allowed == (Self.onOwnClient[.owner]!.contains(action) && !refused.contains(action)), "\(action)")
        }
    }

    @Test("an expired grant allows nothing; one not yet expired still does")
    func expiry() {
        let grant = Grant(
            role: .partnerStaff, scope: .client("c-own"), groupID: Self.group, expiresAt: Self.now,
            source: .assignment("g"))
        let principal = Principal(kind: .user(id: Self.user), grants: [grant])
        let resource = Self.resource(.assignedClient)
        #expect(!Policy.decide(principal, .clientRead, on: resource, now: Self.now).allowed)
        #expect(Policy.decide(principal, .clientRead, on: resource, now: Self.now - 1).allowed)
    }

    @Test("no grants, no access; the local operator gets nothing from the table")
    func denyByDefault() {
        let nobody = Principal(kind: .user(id: Self.user), grants: [])
        let operatorPrincipal = Principal(kind: .localOperator(uid: 0), grants: [])
        for action in Action.allCases {
            #expect(!Policy.decide(nobody, action, on: Self.resource(.assignedClient), now: Self.now).allowed)
            #expect(!Policy.decide(operatorPrincipal, action, on: Self.resource(.groupItself), now: Self.now).allowed)
        }
    }

    @Test("a denial names the action; an allowance names the grant's role and scope")
    func reasons() {
        let grant = Grant(role: .manager, scope: .group(Self.group), groupID: Self.group, source: .assignment("ra-9"))
        let principal = Principal(kind: .user(id: Self.user), grants: [grant])
        let allowed = Policy.decide(principal, .clientUpdate, on: Self.resource(.assignedClient), now: Self.now)
        #expect(allowed.reason == "allowed: manager may client.update (assigned_client) through manager on group:g-own")
        let denied = Policy.decide(principal, .clientUpdate, on: Self.resource(.otherClient), now: Self.now)
        #expect(denied.reason == "denied: no grant allows client.update on this resource")
    }
}
