public import ClienteleAccess
public import CoreMetrics
public import Foundation
import Synchronization

/// GetClient's encoded answers, each with the resource it authorizes against, kept
/// until the next write transaction ends anywhere in the store. A client read again
/// and again (a portal page, a billing run) then costs a dictionary lookup instead
/// of a read and an encoding; an answer is never served once any write has ended
/// after the read that made it began (`StoreDatabase.writeGeneration()`), so every
/// caller sees what was acknowledged before its call.
public final class ClientAnswerCache: Sendable {
    /// One client's encoded answer.
    public struct Answer: Sendable {
        public let resource: Resource
        public let encoded: Data
    }

    private struct State {
        /// The write generation every kept answer was read at.
        var generation: UInt64 = 0
        var answers: [String: Answer] = [:]
    }

    /// At most this many answers are kept; 0 keeps none.
    public let capacity: Int
    private let state = Mutex(State())
    /// Lookups answered from the cache, and those that were not (then the store is read).
    private let hits: Counter
    private let misses: Counter

    /// `factory`: where hits and misses are counted (`clientele_answer_cache_lookups_total`).
    public init(capacity: Int, factory: any MetricsFactory = MetricsSystem.factory) {
        self.capacity = max(0, capacity)
        self.hits = Counter(
            label: "clientele_answer_cache_lookups_total", dimensions: [("result", "hit")], factory: factory)
        self.misses = Counter(
            label: "clientele_answer_cache_lookups_total", dimensions: [("result", "miss")], factory: factory)
    }

    /// The answer kept for `clientID`, when it was read at `generation`, the current one.
    public func answer(for clientID: String, at generation: UInt64) -> Answer? {
        guard self.capacity > 0 else { return nil }
        let answer = self.state.withLock { state in
            state.generation == generation ? state.answers[clientID] : nil
        }
        (answer == nil ? self.misses : self.hits).increment()
        return answer
    }

    /// Keeps `answer`, read in a transaction that began after the write generation was
    /// `generation`. Answers of an older generation are dropped; a full cache starts over.
    public func remember(_ answer: Answer, for clientID: String, at generation: UInt64) {
        guard self.capacity > 0 else { return }
        self.state.withLock { state in
            if generation > state.generation {
                state.generation = generation
                state.answers.removeAll(keepingCapacity: true)
            }
            guard generation == state.generation else { return }
            if state.answers.count >= self.capacity && state.answers[clientID] == nil {
                state.answers.removeAll(keepingCapacity: true)
            }
            state.answers[clientID] = answer
        }
    }

    /// Answers kept now (for tests).
    var count: Int { self.state.withLock { $0.answers.count } }
}
