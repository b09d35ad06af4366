/// Response and resolution targets for one priority, in minutes.
public struct ServiceLevelRecord: Sendable, Equatable {
    /// The contract's `Priority` number.
    public var priority: Int
    public var responseMinutes: Int
    public var resolutionMinutes: Int

    public init(priority: Int, responseMinutes: Int, resolutionMinutes: Int) {
        self.priority = priority
        self.responseMinutes = responseMinutes
        self.resolutionMinutes = resolutionMinutes
    }
}
