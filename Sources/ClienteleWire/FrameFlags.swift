/// The flags byte of a ttrpc frame header.
public struct FrameFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public static let remoteClosed = FrameFlags(rawValue: 1)
    public static let remoteOpen = FrameFlags(rawValue: 2)
    public static let noData = FrameFlags(rawValue: 4)
}
