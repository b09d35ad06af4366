/// A store failure a caller can act on. Never carries SQL; details go to the log.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was not found, e.g. "user usr_1".
    case notFound(String)
    /// A uniqueness rule was broken; `field` names the column (e.g. "email"),
    /// or the columns joined by ", " for a rule over several.
    case duplicate(field: String)
    /// The data folder is in use by another process.
    case locked(String)
    /// The database cannot be used right now: disk full, read-only, I/O error.
    case unavailable(String)

    public var description: String {
        switch self {
        case .notFound(let what): "\(what) not found"
        case .duplicate(let field): "a record with this \(field) already exists"
        case .locked(let message), .unavailable(let message): message
        }
    }
}
