import Foundation

/// A follower's position in the feed: the sequence of the last change it has, as an opaque
/// token (base64url JSON, like page tokens). A token that does not decode is INVALID_ARGUMENT.
enum ChangeCursor {
    private struct Position: Codable {
        var c: Int64
    }

    /// The bytes `PageToken.encode(Position(c: sequence))` makes, without a JSONEncoder per
    /// change (an answer holds up to 500 cursors).
    static func encode(_ sequence: Int64) -> String {
        Data(#"{"c":\#(sequence)}"#.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// `nil` for an empty cursor.
    static func decode(_ cursor: String, field: String = "after_cursor") throws(DomainError) -> Int64? {
        if cursor.isEmpty { return nil }
        let position: Position?
        do {
            position = try PageToken.decode(cursor, as: Position.self, field: field)
        } catch {
            throw .invalidArgument(field: field, reason: "is not a cursor of this change feed")
        }
        guard let sequence = position?.c, sequence >= 0 else {
            throw .invalidArgument(field: field, reason: "is not a cursor of this change feed")
        }
        return sequence
    }
}
