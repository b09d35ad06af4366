import ClienteleAccess
import ClienteleStore

/// Every grant an account holds, as the policy reads them: its role assignments and its
/// staff grants on single linked accounts, in the account's own group only, less the
/// member roles of clients where its portal access is turned off. The authenticator
/// builds principals from it and `Access/Explain` explains with it.
enum AccountGrants {
    static func of(_ user: UserRecord, store: StoreContext) throws -> [Grant] {
        let portalOff = try store.members.clientsWithoutPortalAccess(userID: user.id)
        var grants = try store.roles.forUser(user.id).compactMap(\.grant).filter { grant in
            grant.groupID == user.groupID
                && !(portalOff.contains(grant.scope.id) && grant.scope.kind == .client
                    && (grant.role == .member || grant.role == .memberAdmin))
        }
        for staff in try store.staffGrants.accountGrants(userID: user.id) where staff.groupID == user.groupID {
            guard let accountID = staff.accountID else { continue }
            grants.append(
                Grant(
                    role: .partnerStaff, scope: .account(accountID), groupID: staff.groupID, expiresAt: staff.expiresAt,
                    source: .assignment(staff.id)))
        }
        return grants
    }

    /// A portal user shut out: no grant left (`grants`, from `of`) and a membership whose portal
    /// access is off. Its sessions end and it may not sign in.
    static func isPortalShut(_ user: UserRecord, grants: [Grant], store: StoreContext) throws -> Bool {
        try grants.isEmpty && !store.members.clientsWithoutPortalAccess(userID: user.id).isEmpty
    }
}
