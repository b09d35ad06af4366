/// Everything the policy decides about. Each RPC declares the one action it needs.
public enum Action: String, CaseIterable, Codable, Hashable, Sendable {
    // Groups and people
    case groupRead = "group.read"
    case peopleList = "people.list"
    case userCreate = "user.create"
    case userUpdate = "user.update"
    case userDisable = "user.disable"
    case roleAssign = "role.assign"
    case roleRevoke = "role.revoke"
    case apiKeyIssue = "apikey.issue"
    case apiKeyList = "apikey.list"
    case apiKeyRevoke = "apikey.revoke"
    case accessExplain = "access.explain"
    case auditRead = "audit.read"
    // Clients
    case clientCreate = "client.create"
    case clientRead = "client.read"
    case clientUpdate = "client.update"
    case clientBlock = "client.block"
    case clientLifecycle = "client.lifecycle"
    case clientClose = "client.close"
    case clientImpersonate = "client.impersonate"
    case clientTransferOwnership = "client.transfer_ownership"
    case noteWrite = "note.write"
    case contactManage = "contact.manage"
    case memberManage = "member.manage"
    case invitationManage = "invitation.manage"
    case staffGrant = "staff.grant"
    case accountLink = "account.link"
    case accountRead = "account.read"
    // Outbox
    case outboxDeliver = "outbox.deliver"
    // Billing
    case billingRead = "billing.read"
    case billingCredit = "billing.credit"
    case billingCharge = "billing.charge"
    case billingWithdraw = "billing.withdraw"
    case billingConfigure = "billing.configure"
    case statementIssue = "statement.issue"
    // The change feed
    case changesFollow = "changes.follow"
}
