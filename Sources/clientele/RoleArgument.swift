import ArgumentParser
import ClienteleProto

/// A role as typed on the command line.
enum RoleArgument: String, ExpressibleByArgument, CaseIterable {
    case owner, manager
    case partnerStaff = "partner_staff"
    case memberAdmin = "member_admin"
    case member, billing, mailer, follower

    var proto: Clientele_V1_Role {
        switch self {
        case .owner: .owner
        case .manager: .manager
        case .partnerStaff: .partnerStaff
        case .memberAdmin: .memberAdmin
        case .member: .member
        case .billing: .billing
        case .mailer: .mailer
        case .follower: .follower
        }
    }
}
