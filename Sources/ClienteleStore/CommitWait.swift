/// What a writer does around waiting for its group commit, which needs none of the
/// cores: the daemon lends the call's running slot back meanwhile (`CallSlot`).
public struct CommitWait: Sendable {
    public var willWait: @Sendable () -> Void
    public var didWait: @Sendable () async -> Void

    public init(willWait: @escaping @Sendable () -> Void, didWait: @escaping @Sendable () async -> Void) {
        self.willWait = willWait
        self.didWait = didWait
    }
}

extension Optional where Wrapped == CommitWait {
    /// Runs `body`, a wait that needs no core, between `willWait` and `didWait` (when there is a
    /// commit wait); `didWait` runs whether `body` returns or throws.
    public func around<T, Failure: Error>(_ body: () async throws(Failure) -> T) async throws(Failure) -> T {
        guard let wait = self else { return try await body() }
        wait.willWait()
        let outcome: Result<T, Failure>
        do throws(Failure) { outcome = .success(try await body()) } catch { outcome = .failure(error) }
        await wait.didWait()
        return try outcome.get()
    }
}
