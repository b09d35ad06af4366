/// The contract's `MessageKind` numbers.
enum OutboxKind {
    static let activation = 1
    static let invitation = 2
    static let invoice = 3
}
