public import ClienteleStore

/// A member with the user behind it.
public struct MemberView: Sendable, Equatable {
    public var member: MemberRecord
    public var user: UserRecord
}
