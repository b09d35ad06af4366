/// The answer of `Policy.decide`: allowed by which grant and rule, or denied and why.
public struct Decision: Hashable, Sendable {
    public var allowed: Bool
    /// The grant that allowed the action.
    public var grant: Grant?
    /// The policy row that allowed it.
    public var rule: Rule?
    /// One sentence for people (Explain) and logs.
    public var reason: String

    public static func allow(_ grant: Grant, _ rule: Rule) -> Decision {
        Decision(
            allowed: true, grant: grant, rule: rule,
            reason: "allowed: \(rule) through \(grant.role.rawValue) on \(grant.scope)")
    }

    public static func deny(_ reason: String) -> Decision {
        Decision(allowed: false, grant: nil, rule: nil, reason: reason)
    }
}
