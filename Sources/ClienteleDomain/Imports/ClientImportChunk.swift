/// The answer to a chunk of rows: the import's row count so far and this chunk's errors.
public struct ClientImportChunk: Sendable, Equatable {
    public var stagedRows: Int
    /// At most `ClientService.maximumImportErrorsListed`, by row then column.
    public var errors: [ClientImportRowError]
    public var errorsOmitted: Int
}
