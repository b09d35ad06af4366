import Foundation

/// Opaque page tokens: a position (any Codable value) as base64url JSON. A token
/// that does not decode is an INVALID_ARGUMENT naming `page_token`.
enum PageToken {
    static func encode<Position: Encodable>(_ position: Position) -> String {
        let encoder = JSONEncoder()
        // Keys in a fixed order: the same position is the same token in every process.
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(position)) ?? Data()
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// `nil` for an empty token (the first page).
    static func decode<Position: Decodable>(
        _ token: String, as type: Position.Type, field: String = "page_token"
    )
        throws(DomainError) -> Position?
    {
        if token.isEmpty { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard token.count <= 2048, let data = Data(base64Encoded: base64),
            let position = try? JSONDecoder().decode(type, from: data)
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
