import ClienteleDomain
import Synchronization

/// A clock the test moves by hand.
final class TestClock: Clock {
    private let now = Mutex<Int64>(1_700_000_000_000)

    func nowMillis() -> Int64 { self.now.withLock { $0 } }

    func advance(millis: Int64) {
        self.now.withLock { $0 += millis }
    }
}
