import Foundation

/// Opaque page tokens: a position (any Codable value) as base64url JSON. A token
/// that does not decode is an INVALID_ARGUMENT naming `page_token`.
enum PageToken {
    static func encode<Position: Encodable>(_ position: Position) -> String {
        let encoder = JSONEncoder()
        // Keys in a fixed order: the same position is the same token in every process.
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(position)) ?? Data()
        return Base64URL.encode(data)
    }

    /// `nil` for an empty token (the first page).
    static func decode<Position: Decodable>(
        _ token: String, as type: Position.Type, field: String = "page_token"
    )
        throws(DomainError) -> Position?
    {
        if token.isEmpty { return nil }
        guard token.utf8.count <= 2048, let bytes = Base64URL.decode(token),
            let position = try? JSONDecoder().decode(type, from: Data(bytes))
        else {
            throw .invalidArgument(field: field, reason: "is not a token from a previous page of this listing")
        }
        return position
    }

    /// Ends a page read with one row more than `limit` (to learn whether more follow):
    /// drops that extra row and returns the token of the last row kept, or "" on the last page.
    static func trim<Row, Position: Encodable>(_ rows: inout [Row], limit: Int, position: (Row) -> Position) -> String {
        guard rows.count > limit else { return "" }
        rows.removeLast(rows.count - limit)
        return rows.last.map { self.encode(position($0)) } ?? ""
    }
}
