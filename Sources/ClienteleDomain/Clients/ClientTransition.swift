/// A change of a client's state flags or status.
public enum ClientTransition: String, Sendable, CaseIterable {
    case block, unblock, suspend, resume, activate, deactivate

    /// Whether the caller must give a reason.
    var needsReason: Bool { self == .block || self == .suspend }
}
