/// How a grant's scope must relate to the resource for a rule to apply.
public enum Relation: String, Codable, Hashable, Sendable {
    /// The grant is on the resource's group.
    case sameGroup = "same_group"
    /// The grant is on the resource's client itself.
    case sameClient = "same_client"
    /// The grant is on the resource's group and the caller is the client's assigned manager.
    case assignedClient = "assigned_client"
    /// The grant is on the resource's linked account itself.
    case sameAccount = "same_account"
}
