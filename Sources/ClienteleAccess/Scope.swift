/// Where a role applies: a whole group (tenant) or one client of it.
public struct Scope: Hashable, Codable, Sendable, CustomStringConvertible {
    public enum Kind: String, Codable, Hashable, Sendable {
        case group
        case client
        /// One linked account of a client (partner staff grants).
        case account
    }

    public var kind: Kind
    public var id: String

    public init(kind: Kind, id: String) {
        self.kind = kind
        self.id = id
    }

    public static func group(_ id: String) -> Scope { Scope(kind: .group, id: id) }
    public static func client(_ id: String) -> Scope { Scope(kind: .client, id: id) }
    public static func account(_ id: String) -> Scope { Scope(kind: .account, id: id) }

    public var description: String { "\(self.kind.rawValue):\(self.id)" }
}
