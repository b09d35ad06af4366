/// TEST ONLY: a clock that always reads the same instant, so that contract
/// recordings carry the same timestamps in every run. Nothing expires under it.
public struct FixedClock: Clock {
    public let millis: Int64

    public init(millis: Int64) {
        self.millis = millis
    }

    public func nowMillis() -> Int64 { self.millis }
}
