/// The kind of a ttrpc frame: the byte after the stream id in the header.
public struct FrameType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// A call from the client; the payload is a `ttrpc.Request`.
    public static let request = FrameType(rawValue: 1)
    /// An answer from the server; the payload is a `ttrpc.Response`.
    public static let response = FrameType(rawValue: 2)
    /// A message of a stream (ttrpc 1.2 and later).
    public static let data = FrameType(rawValue: 3)

    public var description: String {
        switch self {
        case .request: "request"
        case .response: "response"
        case .data: "data"
        default: "unknown(\(self.rawValue))"
        }
    }
}
