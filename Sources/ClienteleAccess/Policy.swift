/// The authorization policy: a table of rules and one pure function over it.
/// Anything not in the table is denied.
public enum Policy {
    /// Who may do what, as in the roles table of docs/domain.md.
    public static let rules: [Rule] = {
        var rules: [Rule] = []
        // A group's owner: everything in the group.
        rules += Action.allCases.map { Rule(.owner, $0, .sameGroup) }
        // A client's owner: everything on that client except what belongs to the group
        // (people and keys of the tenant, staff grants, charges by services).
        let groupOnly: Set<Action> = [
            .peopleList, .userCreate, .userUpdate, .userDisable, .roleAssign, .roleRevoke,
            .apiKeyIssue, .apiKeyList, .apiKeyRevoke, .staffGrant, .clientCreate, .billingCharge,
            .billingCredit, .billingWithdraw, .billingConfigure, .statementIssue, .groupRead, .outboxDeliver,
        ]
        rules += Action.allCases.filter { !groupOnly.contains($0) }.map { Rule(.owner, $0, .sameClient) }
        // A manager: reads the group's clients, creates clients, writes its own clients.
        rules += [.groupRead, .clientRead, .clientCreate, .peopleList, .accountRead].map {
            Rule(.manager, $0, .sameGroup)
        }
        rules += [
            .clientUpdate, .clientBlock, .clientLifecycle, .clientImpersonate, .noteWrite, .contactManage,
            .memberManage, .invitationManage, .accountLink, .billingRead, .billingCredit, .statementIssue, .auditRead,
            .changesFollow,
        ].map { Rule(.manager, $0, .assignedClient) }
        // Partner staff: only the clients granted to them.
        rules += [.clientRead, .noteWrite, .clientImpersonate, .accountRead].map {
            Rule(.partnerStaff, $0, .sameClient)
        }
        // ... or only the linked accounts granted to them.
        rules += [Rule(.partnerStaff, .accountRead, .sameAccount)]
        // A client's admin member: reads it, manages its members and contacts, reads its money.
        rules += [.clientRead, .memberManage, .contactManage, .invitationManage, .billingRead, .accountRead]
            .map { Rule(.memberAdmin, $0, .sameClient) }
        // A plain member: reads its own client.
        rules += [.clientRead, .accountRead].map { Rule(.member, $0, .sameClient) }
        // A billing service: posts charges, reads ledgers and issues statements.
        rules += [.billingCharge, .billingRead, .statementIssue].flatMap {
            [Rule(.billing, $0, .sameGroup), Rule(.billing, $0, .sameClient)]
        }
        // A mail service: delivers the group's outbox.
        rules += [Rule(.mailer, .outboxDeliver, .sameGroup)]
        // A follower service: reads the group's change feed. (A group's owner follows the whole
        // group, a client's owner that client and a manager the clients assigned to it, through
        // their rows above.)
        rules += [Rule(.follower, .changesFollow, .sameGroup)]
        return rules
    }()

    private static let byRoleAndAction: [Role: [Action: [Relation]]] = {
        var table: [Role: [Action: [Relation]]] = [:]
        for rule in rules { table[rule.role, default: [:]][rule.action, default: []].append(rule.relation) }
        return table
    }()

    /// Whether `principal` may do `action` on `resource` at `now` (unix ms), and through which grant.
    /// The local operator is not decided here: it may only bootstrap, which the RPC layer checks.
    public static func decide(_ principal: Principal, _ action: Action, on resource: Resource, now: Int64) -> Decision {
        if principal.impersonator != nil && Self.refusedWhenSignedInAs.contains(action) {
            return .deny("denied: \(action.rawValue) is not allowed while signed in as a client")
        }
        for grant in principal.grants where grant.isLive(at: now) && grant.groupID == resource.groupID {
            for relation in self.byRoleAndAction[grant.role]?[action] ?? []
            where self.holds(relation, grant: grant, principal: principal, resource: resource) {
                return .allow(grant, Rule(grant.role, action, relation))
            }
        }
        return .deny("denied: no grant allows \(action.rawValue) on this resource")
    }

    /// What a "sign in as" session may never do, whatever its grants: money out, the
    /// client's end or owner, and every identity and credential change (accounts, roles,
    /// members, invitations, staff grants, keys), so that a session borrowed to see what a
    /// client sees can never mint a lasting right of its own. The gate refuses these with
    /// PERMISSION_DENIED before it reads anything the request names.
    public static let refusedWhenSignedInAs: Set<Action> = [
        .billingWithdraw, .clientTransferOwnership, .clientClose, .clientImpersonate,
        .userCreate, .userUpdate, .userDisable, .roleAssign, .roleRevoke,
        .apiKeyIssue, .apiKeyRevoke, .memberManage, .invitationManage, .staffGrant,
    ]

    /// Every action `role` may take, with the relations under which it may.
    public static func actions(of role: Role) -> [Action: [Relation]] {
        self.byRoleAndAction[role] ?? [:]
    }

    private static func holds(_ relation: Relation, grant: Grant, principal: Principal, resource: Resource) -> Bool {
        switch relation {
        case .sameGroup:
            return grant.scope == .group(resource.groupID)
        case .sameClient:
            guard let clientID = resource.clientID else { return false }
            return grant.scope == .client(clientID)
        case .assignedClient:
            guard resource.clientID != nil, let manager = resource.managerUserID else { return false }
            return grant.scope == .group(resource.groupID) && principal.userID == manager
        case .sameAccount:
            guard let accountID = resource.accountID else { return false }
            return grant.scope == .account(accountID)
        }
    }
}
