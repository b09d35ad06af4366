/// A role a user (or an API key) holds on a scope. See the roles table in README.md.
public enum Role: String, CaseIterable, Codable, Hashable, Sendable {
    /// Account owner: of a group (everything in it) or of one client.
    case owner
    /// Reads every client of its group; writes the clients assigned to it.
    case manager
    /// Partner staff: only the clients an owner granted (scope client).
    case partnerStaff = "partner_staff"
    /// A client's member with the `admin` member role.
    case memberAdmin = "member_admin"
    /// A client's plain member.
    case member
    /// A billing service: posts charges and reads ledgers.
    case billing
    /// A mail service: reads and acknowledges the group's outbox.
    case mailer
    /// A local service following the group's change feed (`Changes/Follow`), and nothing else.
    case follower
}
