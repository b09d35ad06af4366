import ClienteleDomain
import ClienteleProto
import ClienteleStore

/// proto ⇄ domain for the People service.
enum PeopleConversions {
    static func member(_ view: MemberView) -> Clientele_V1_Member {
        var member = Clientele_V1_Member()
        member.clientID = view.member.clientID
        member.userID = view.user.id
        member.email = view.user.email
        member.name = view.user.name
        member.role = view.member.role == "member_admin" ? .admin : .member
        member.portalAccess = view.member.portalAccess
        member.activated = view.user.passwordHash != nil && !view.user.mustChangePassword
        return member
    }

    static func invitation(_ record: InvitationRecord, now: Int64) -> Clientele_V1_PortalInvitation {
        var invitation = Clientele_V1_PortalInvitation()
        invitation.id = record.id
        invitation.clientID = record.clientID
        invitation.userID = record.userID
        invitation.email = record.email
        invitation.method = record.kind == "portal_password" ? .temporaryPassword : .link
        invitation.createdAtMillis = record.createdAt
        invitation.expiresAtMillis = record.expiresAt
        invitation.state =
            record.acceptedAt != nil
            ? "accepted" : record.revokedAt != nil ? "revoked" : record.expiresAt <= now ? "expired" : "pending"
        return invitation
    }

    static func staffGrant(_ record: StaffGrantRecord) -> Clientele_V1_StaffGrant {
        var grant = Clientele_V1_StaffGrant()
        grant.id = record.id
        grant.clientID = record.clientID
        grant.accountID = record.accountID ?? ""
        grant.userID = record.userID
        grant.expiresAtMillis = record.expiresAt ?? 0
        grant.grantedBy = record.grantedBy
        grant.createdAtMillis = record.createdAt
        return grant
    }

    static func account(_ record: AccountRecord) -> Clientele_V1_Account {
        var account = Clientele_V1_Account()
        account.id = record.id
        account.groupID = record.groupID
        account.clientID = record.clientID ?? ""
        account.product = record.product
        account.name = record.name
        account.externalID = record.externalID ?? ""
        account.createdAtMillis = record.createdAt
        return account
    }

    static func accessEntry(_ view: AccessEntryView) -> Clientele_V1_AccessEntry {
        var entry = Clientele_V1_AccessEntry()
        entry.userID = view.userID
        entry.email = view.email
        entry.name = view.name
        entry.role = view.role
        entry.through = view.through
        entry.expiresAtMillis = view.expiresAt ?? 0
        return entry
    }

    static func session(_ record: SessionRecord) -> Clientele_V1_SignInAsSession {
        var session = Clientele_V1_SignInAsSession()
        session.id = record.id
        session.actorUserID = record.actorUserID ?? ""
        session.actingAsUserID = record.userID
        session.createdAtMillis = record.createdAt
        session.expiresAtMillis = record.expiresAt
        session.revoked = record.revokedAt != nil
        return session
    }
}
