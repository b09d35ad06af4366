import ClienteleStore
import Dispatch
import NIOCore
import PostgresNIO

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
                throw StoreError.unavailable(
                    "the database connection closed before it answered; the daemon reconnects by itself")
            }
        }
        return try future.wait()
    }
}
