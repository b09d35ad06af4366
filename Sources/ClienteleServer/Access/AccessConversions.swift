import ClienteleAccess
import ClienteleDomain
import ClienteleProto
import ClienteleStore

/// proto ⇄ domain for the Access service.
enum AccessConversions {
    /// Each role with its wire value.
    private static let roles: [(Role, Clientele_V1_Role)] = [
        (.owner, .owner), (.manager, .manager), (.partnerStaff, .partnerStaff), (.memberAdmin, .memberAdmin),
        (.member, .member), (.billing, .billing), (.mailer, .mailer), (.follower, .follower),
    ]

    static func role(_ role: Clientele_V1_Role, field: String) throws(DomainError) -> Role {
        if case .UNRECOGNIZED(let value) = role {
            throw .invalidArgument(field: field, reason: "has no role numbered \(value)")
        }
        guard let match = self.roles.first(where: { $0.1 == role }) else {
            throw .invalidArgument(field: field, reason: "is required")
        }
        return match.0
    }

    static func role(_ name: String) -> Clientele_V1_Role {
        self.roles.first { $0.0.rawValue == name }?.1 ?? .unspecified
    }

    /// The scope named in a request; the group when none is given.
    static func scope(_ scope: Clientele_V1_Scope?, defaultGroup groupID: String) -> Scope {
        switch scope?.kind {
        case .groupID(let id)?: .group(id)
        case .clientID(let id)?: .client(id)
        case nil: .group(groupID)
        }
    }

    static func scope(kind: String, id: String) -> Clientele_V1_Scope {
        var scope = Clientele_V1_Scope()
        scope.kind = kind == Scope.Kind.client.rawValue ? .clientID(id) : .groupID(id)
        return scope
    }

    static func group(_ record: GroupRecord) -> Clientele_V1_Group {
        var group = Clientele_V1_Group()
        group.id = record.id
        group.name = record.name
        group.createdAtMillis = record.createdAt
        return group
    }

    static func user(_ record: UserRecord) -> Clientele_V1_User {
        var user = Clientele_V1_User()
        user.id = record.id
        user.email = record.email
        user.name = record.name
        user.disabled = record.disabled
        user.mustChangePassword = record.mustChangePassword
        user.createdAtMillis = record.createdAt
        user.groupID = record.groupID
        return user
    }

    static func assignment(_ record: RoleAssignmentRecord) -> Clientele_V1_RoleAssignment {
        var assignment = Clientele_V1_RoleAssignment()
        assignment.id = record.id
        assignment.userID = record.userID
        assignment.role = self.role(record.role)
        assignment.scope = self.scope(kind: record.scopeKind, id: record.scopeID)
        assignment.groupID = record.groupID
        assignment.expiresAtMillis = record.expiresAt ?? 0
        return assignment
    }

    static func grant(_ grant: Grant, userID: String) -> Clientele_V1_RoleAssignment {
        var assignment = Clientele_V1_RoleAssignment()
        switch grant.source {
        case .assignment(let id), .apiKey(let id): assignment.id = id
        }
        assignment.userID = userID
        assignment.role = self.role(grant.role.rawValue)
        assignment.scope = self.scope(kind: grant.scope.kind.rawValue, id: grant.scope.id)
        assignment.groupID = grant.groupID
        assignment.expiresAtMillis = grant.expiresAt ?? 0
        return assignment
    }

    static func apiKey(_ record: APIKeyRecord) -> Clientele_V1_APIKey {
        var key = Clientele_V1_APIKey()
        key.id = record.id
        key.name = record.name
        key.prefix = record.prefix
        key.role = self.role(record.role)
        key.scope = self.scope(kind: record.scopeKind, id: record.scopeID)
        key.groupID = record.groupID
        key.createdBy = record.createdBy
        key.createdAtMillis = record.createdAt
        key.lastUsedAtMillis = record.lastUsedAt ?? 0
        key.revoked = record.revokedAt != nil
        return key
    }
}
