/// How a commit treats rows with errors. The raw values are the contract's `ClientImportMode`.
public enum ClientImportMode: Int, Sendable {
    /// No client is created when any row has an error.
    case allOrNothing = 1
    /// The good rows are created; the bad ones are reported.
    case rowByRow = 2
}
