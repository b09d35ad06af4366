import NIOCore
import Synchronization

/// Chooses the event loop a call's task runs on. A call runs on its connection's loop (no
/// thread hop: a call that does not suspend is answered in the same turn of the loop) unless
/// that loop has at least `backlog` more calls queued, not yet started, than another loop; it
/// then runs on the loop with the fewest queued, and its answer hops back to the connection's
/// loop. One busy connection thus uses every core, while a connection making a call at a time
/// never leaves its loop, and connections keeping every loop busy do not trade calls (each
/// hop costs a wake-up of the other loop and one back). Fairness between connections is the
/// `FairCallScheduler`'s, which is shared by every loop and not changed by where a call runs.
final class CallSpreader: Sendable {
    /// One event loop, its task executor, and the calls queued on it that have not started.
    final class Loop: Sendable {
        let executor: EventLoopTaskExecutor
        /// One of the loops of a spreader that spreads: its queued calls are counted, and its
        /// connections' calls may run on the others. Otherwise nothing is counted or read.
        let spreads: Bool
        private let queuedCalls = Atomic<Int>(0)

        init(_ eventLoop: any EventLoop, spreads: Bool = false) {
            self.executor = EventLoopTaskExecutor(eventLoop)
            self.spreads = spreads
        }

        var queued: Int { self.queuedCalls.load(ordering: .relaxed) }

        /// A call was given to this loop.
        func enqueued() {
            if self.spreads { self.queuedCalls.add(1, ordering: .relaxed) }
        }

        /// A call given to this loop started running.
        func started() {
            if self.spreads { self.queuedCalls.subtract(1, ordering: .relaxed) }
        }
    }

    let loops: [Loop]
    /// How many more calls a connection's loop must hold queued than another loop for the
    /// connection's next call to run there; 0 never spreads.
    let backlog: Int

    init(group: any EventLoopGroup, backlog: Int) {
        self.loops = group.makeIterator().map { Loop($0, spreads: backlog > 0) }
        self.backlog = backlog
    }

    /// The `Loop` of `eventLoop`: one of the group's, or a loop of its own (outside the group:
    /// tests on an embedded loop), which then never spreads.
    func home(_ eventLoop: any EventLoop) -> Loop {
        self.loops.first { $0.executor.eventLoop === eventLoop } ?? Loop(eventLoop)
    }

    /// Where a call of a connection at home on `home` runs.
    func loop(from home: Loop) -> Loop {
        let queued = home.queued
        guard home.spreads, queued >= self.backlog, self.loops.count > 1 else { return home }
        var chosen = home
        var fewest = queued - self.backlog + 1
        for loop in self.loops {
            let other = loop.queued
            if other < fewest {
                chosen = loop
                fewest = other
            }
        }
        return chosen
    }
}
