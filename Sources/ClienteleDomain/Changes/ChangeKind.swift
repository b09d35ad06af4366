/// What a change of the feed is about. The raw values are the contract's `ChangeKind`
/// numbers and the stored ones.
public enum ChangeKind: Int, Sendable, CaseIterable {
    case clientCreated = 1
    case clientUpdated = 2
    case clientStateChanged = 3
    case clientClosed = 4
    case contact = 5
    case member = 6
    case account = 7
    case grant = 8
    case ledgerEntry = 9
    case statement = 10

    /// Whether a change of this kind carries its client.
    public var carriesClient: Bool {
        switch self {
        case .clientCreated, .clientUpdated, .clientStateChanged, .clientClosed, .contact: true
        case .member, .account, .grant, .ledgerEntry, .statement: false
        }
    }

    /// The client's fields whose change is a change of state rather than an update.
    static let stateFields: Set<String> = ["status", "blocked", "suspended", "connection_status"]
}
