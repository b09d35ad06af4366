/// The answer to closing a client (or a dry run of it).
public struct ClosingReport: Sendable, Equatable {
    public var closable: Bool
    /// What prevents closing, one line each.
    public var blockers: [String]
    public var view: ClientView
}
