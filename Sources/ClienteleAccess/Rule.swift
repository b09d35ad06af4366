/// One row of the policy: `role` may do `action` where `relation` holds.
public struct Rule: Hashable, Codable, Sendable, CustomStringConvertible {
    public var role: Role
    public var action: Action
    public var relation: Relation

    public init(_ role: Role, _ action: Action, _ relation: Relation) {
        self.role = role
        self.action = action
        self.relation = relation
    }

    public var description: String { "\(self.role.rawValue) may \(self.action.rawValue) (\(self.relation.rawValue))" }
}
