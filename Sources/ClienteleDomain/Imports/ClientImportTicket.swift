/// A begun import: its id, until when it may be used, and its limits.
public struct ClientImportTicket: Sendable, Equatable {
    public var importID: String
    public var expiresAt: Int64
    public var maximumRowsPerChunk: Int
    public var maximumRows: Int
}
