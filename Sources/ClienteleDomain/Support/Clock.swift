import Foundation

/// Wall-clock time in unix milliseconds; injectable so tests (and contract
/// recordings) can fix it.
public protocol Clock: Sendable {
    func nowMillis() -> Int64
}

/// The system's clock.
public struct SystemClock: Clock {
    public init() {}

    public func nowMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}
