public import PostgresNIO

/// Reading a row by column name, as the stores do.
extension PostgresRandomAccessRow {
    /// The column's value; throws when it is NULL or of another type.
    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self, context: .default)
    }

    /// The column's value, `nil` for NULL.
    public func optional<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        let cell = self[column]
        return cell.bytes == nil ? nil : try cell.decode(T.self, context: .default)
    }

    /// A BYTEA column as bytes.
    public func bytes(_ column: String) throws -> [UInt8] {
        var buffer = try self[column].decode(ByteBuffer.self, context: .default)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    /// A BYTEA column as bytes, `nil` for NULL.
    public func optionalBytes(_ column: String) throws -> [UInt8]? {
        guard var buffer = try self[column].decode(ByteBuffer?.self, context: .default) else { return nil }
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}
