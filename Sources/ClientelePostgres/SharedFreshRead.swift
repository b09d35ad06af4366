import Synchronization

/// A read whose answer every caller needs fresh — begun after it asked — shared by the callers
/// that ask while one runs: they wait for the next read, which one of them runs for all.
///
/// The write generation (`PostgresStore.writeGeneration()`) is read that way: one caller's
/// call reads it, as before; 64 callers' calls read it once per round trip instead of
/// 64 times, each a statement the server runs and a pooled connection the others wait for.
/// A caller that finds a read running waits at most for its end and one more round trip; one
/// that asks while the leading caller yields, before its read is sent, shares that read.
final class SharedFreshRead<Value: Sendable>: Sendable {
    private typealias Waiter = CheckedContinuation<Turn, any Error>

    /// What a waiting caller is resumed with.
    private enum Turn {
        /// The value of a read begun after the caller asked.
        case value(Value)
        /// Run the next read, for the caller and for `others`, who asked while the last one ran.
        case lead(others: [Waiter])
    }

    private struct State {
        var reading = false
        /// Callers that asked while a read ran: the next read is theirs.
        var waiting: [Waiter] = []
    }

    private let state = Mutex(State())
    private let read: @Sendable () async throws -> Value

    init(_ read: @escaping @Sendable () async throws -> Value) {
        self.read = read
    }

    func value() async throws -> Value {
        let leads = self.state.withLock { state in
            defer { state.reading = true }
            return !state.reading
        }
        if leads { return try await self.lead(others: []) }
        let turn = try await withCheckedThrowingContinuation { (waiter: Waiter) in
            // The read may have ended between the two locks: then nobody runs one.
            let leadsNow = self.state.withLock { state in
                defer { state.reading = true }
                if state.reading { state.waiting.append(waiter) }
                return !state.reading
            }
            if leadsNow { waiter.resume(returning: .lead(others: [])) }
        }
        switch turn {
        case .value(let value): return value
        case .lead(let others): return try await self.lead(others: others)
        }
    }

    /// Reads for the caller, `others` and those who ask before the read is sent, then hands the
    /// next read to one of those who asked meanwhile.
    private func lead(others: [Waiter]) async throws -> Value {
        // Calls made ready with this one (frames read together) ask now; the read begins after.
        await Task.yield()
        let joined = self.state.withLock { state in
            defer { state.waiting = [] }
            return state.waiting
        }
        let others = others + joined
        let result: Result<Value, any Error>
        do { result = .success(try await self.read()) } catch { result = .failure(error) }
        let next = self.state.withLock { state -> [Waiter] in
            defer { state.waiting = [] }
            if state.waiting.isEmpty { state.reading = false }
            return state.waiting
        }
        if let leader = next.first { leader.resume(returning: .lead(others: Array(next.dropFirst()))) }
        for waiter in others { waiter.resume(with: result.map { .value($0) }) }
        return try result.get()
    }
}
