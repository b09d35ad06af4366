/// The kinds of ledger entries; raw values are the contract's `EntryKind` numbers.
public enum EntryKind: Int, Sendable, CaseIterable {
    case credit = 1
    case charge = 2
    case creditNote = 3
    case paymentCorrection = 4
    case withdrawal = 5
    case debtSettlement = 6

    /// Whether the entry lowers the balance.
    var isDebit: Bool { self == .charge || self == .paymentCorrection || self == .withdrawal }

    var name: String {
        switch self {
        case .credit: "credit"
        case .charge: "charge"
        case .creditNote: "credit note"
        case .paymentCorrection: "payment correction"
        case .withdrawal: "withdrawal"
        case .debtSettlement: "debt settlement"
        }
    }
}
