/// A client's lifecycle: pending (owner not activated) → active ⇄ inactive; closed instead of deleted.
/// The raw values are the contract's `ClientStatus` numbers and the stored ones.
public enum ClientStatus: Int, Sendable, CaseIterable {
    case pending = 1
    case active = 2
    case inactive = 3
    case closed = 4

    public var name: String {
        switch self {
        case .pending: "pending"
        case .active: "active"
        case .inactive: "inactive"
        case .closed: "closed"
        }
    }
}
