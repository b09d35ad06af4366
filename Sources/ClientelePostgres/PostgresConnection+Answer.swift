import ClienteleStore
import Dispatch
import NIOCore
import PostgresNIO
import Synchronization

extension PostgresConnection {
    /// Waits (on a worker thread, never an event loop) for `future`, an answer this connection
    /// owes. postgres-nio never completes a statement written to a channel that has just closed
    /// (it writes it with no promise), and a wait for it would hold its worker thread and its
    /// pool permit forever: once every permit is held, the daemon serves nothing. So once the
    /// connection has been closed for `grace`, the wait fails as UNAVAILABLE, as a lost
    /// connection does, and the pool drops the connection.
    func waitForAnswer<T>(_ future: EventLoopFuture<T>, grace: DispatchTimeInterval = .seconds(1)) throws -> T {
        let answered = DispatchSemaphore(value: 0)
        future.whenComplete { _ in answered.signal() }
        var closedSince: DispatchTime?
        while answered.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            guard self.isClosed else { continue }
            let since = closedSince ?? .now()
            closedSince = since
            if DispatchTime.now() >= since + grace {
                throw Self.closedBeforeAnswering
            }
        }
        return try future.wait()
    }

    /// `waitForAnswer` for a task: suspends instead of blocking, with the same bound on a
    /// connection that closed before it answered.
    func answer<T: Sendable>(_ future: EventLoopFuture<T>, grace: TimeAmount = .seconds(1)) async throws -> T {
        let settled = self.eventLoop.makePromise(of: T.self)
        let done = Mutex(false)
        @Sendable func settle(_ result: Result<T, any Error>) {
            let first = done.withLock { done in
                defer { done = true }
                return !done
            }
            if first { settled.completeWith(result) }
        }
        future.whenComplete(settle)
        let closedSince = Mutex<NIODeadline?>(nil)
        let watch = self.eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(100), delay: .milliseconds(100)) {
            _ in
            guard self.isClosed else { return }
            let since = closedSince.withLock { since in
                if since == nil { since = .now() }
                return since!
            }
            if NIODeadline.now() >= since + grace { settle(.failure(Self.closedBeforeAnswering)) }
        }
        defer { watch.cancel() }
        return try await settled.futureResult.get()
    }

    private static var closedBeforeAnswering: StoreError {
        .unavailable("the database connection closed before it answered; the daemon reconnects by itself")
    }
}
