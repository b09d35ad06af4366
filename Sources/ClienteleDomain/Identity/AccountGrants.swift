import ClienteleAccess
import ClienteleStore

/// Every grant an account holds, as the policy reads them: its role assignments and its
/// staff grants on single linked accounts, in the account's own group only. The
/// authenticator builds principals from it and `Access/Explain` explains with it.
enum AccountGrants {
    static func of(_ user: UserRecord, store: StoreContext) throws -> [Grant] {
        var grants = try store.roles.forUser(user.id).compactMap(\.grant).filter { $0.groupID == user.groupID }
        for staff in try store.staffGrants.accountGrants(userID: user.id) where staff.groupID == user.groupID {
            guard let accountID = staff.accountID else { continue }
            grants.append(
                Grant(
                    role: .partnerStaff, scope: .account(accountID), groupID: staff.groupID, expiresAt: staff.expiresAt,
                    source: .assignment(staff.id)))
        }
        return grants
    }
}
