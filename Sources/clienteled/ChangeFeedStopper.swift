import ClienteleDomain
import ServiceLifecycle

/// On graceful shutdown, answers the change feed's waiting followers at once (and any follow
/// arriving later), before the server drains its calls: a 30 s long poll would otherwise
/// hold the shutdown for its grace period.
struct ChangeFeedStopper: Service {
    let feed: ChangeFeed

    func run() async throws {
        try? await gracefulShutdown()
        self.feed.stopWaiting()
    }
}
