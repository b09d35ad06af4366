import ClienteleStore

/// Grants already past their expiry, written straight into the store.
enum StaffGrantRecordFixture {
    static func expired(group: String, client: String, user: String) -> StaffGrantRecord {
        StaffGrantRecord(
            id: "sg_expired", groupID: group, clientID: client, accountID: nil, userID: user, grantedBy: "test",
            createdAt: 1, expiresAt: 2)
    }
}

enum RoleAssignmentRecordFixture {
    static func expiredStaff(group: String, client: String, user: String) -> RoleAssignmentRecord {
        RoleAssignmentRecord(
            id: "sg_expired", userID: user, role: "partner_staff", scopeKind: "client", scopeID: client, groupID: group,
            createdAt: 1, createdBy: "test", expiresAt: 2)
    }
}
