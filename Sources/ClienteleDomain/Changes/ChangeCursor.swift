import Crypto
import Foundation
import _CryptoExtras

/// A follower's position in the feed, as an opaque token bound to the group followed.
///
/// The position is the daemon-wide sequence of the last change the follower has, shared by
/// every group: shown as is, the gaps between a follower's cursors would tell how much every
/// other tenant writes, and anyone could write a cursor. So a cursor is one 16-byte block,
/// the sequence (8 bytes, big-endian) then the first 8 bytes of SHA-256 of the group's id,
/// permuted by AES under the daemon's secret key (`server_secrets`, made at migration "v11
/// change cursor key"), in base64url without padding (22 characters). AES is a permutation:
/// the same position of the same group is always the same cursor (the encoded answers shared
/// by the followers of a group stay valid), and without the key consecutive cursors look
/// unrelated. A cursor whose group tag is not the followed group's, another group's or another
/// data folder's, is refused as garbage is, with the same message: it tells nothing.
///
/// Legacy cursors: before the key, cursors were base64url JSON `{"c":<sequence>}`, and
/// followers saved such cursors before the upgrade. They are still accepted, for any group,
/// up to the feed's head at the upgrade (`legacyLimit`: no legacy cursor past it was ever
/// issued, and refusing later ones stops a crafted one from probing the head); every answer
/// carries cursors of the new form.
public struct ChangeCursorCodec: Sendable {
    /// The key, immutable once made (`SymmetricKey` is not marked `Sendable` here).
    final class Key: @unchecked Sendable {
        let key: SymmetricKey

        init(_ bytes: [UInt8]) { self.key = SymmetricKey(data: bytes) }
    }

    private let key: Key
    private let legacyLimit: Int64

    static let invalidReason = "is not a cursor of this change feed"

    /// `key`: 32 bytes (AES-256). `legacyLimit`: the last sequence a legacy cursor may name.
    public init(key: [UInt8], legacyLimit: Int64 = 0) {
        precondition(key.count == 32, "a change cursor key is 32 bytes")
        self.key = Key(key)
        self.legacyLimit = legacyLimit
    }

    /// The cursors of one group: its tag hashed once for the many cursors of an answer.
    public struct Group: Sendable {
        let key: Key
        let tag: [UInt8]

        public func encode(_ sequence: Int64) -> String {
            var block = [UInt8](repeating: 0, count: 16)
            let value = UInt64(bitPattern: sequence)
            for index in 0..<8 { block[index] = UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64(index))) }
            block.replaceSubrange(8..<16, with: self.tag)
            // Cannot fail: the block is 16 bytes and the key 32 (checked at init).
            try! AES.permute(&block, key: self.key.key)
            return Base64URL.encode(block)
        }
    }

    /// The sequence a token of this group stands for (the bound form only: no legacy form);
    /// `nil` for an empty token, INVALID_ARGUMENT naming `field` with `reason` for anything
    /// else. The audit trail's page tokens use it under their own tag (`AuditLog`).
    public func decodeBound(
        _ token: String, group: Group, field: String, reason: String
    ) throws(DomainError) -> Int64? {
        if token.isEmpty { return nil }
        guard token.utf8.count <= 64, var block = Base64URL.decode(token), block.count == 16 else {
            throw .invalidArgument(field: field, reason: reason)
        }
        try! AES.inversePermute(&block, key: self.key.key)
        let value = block[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard block[8..<16].elementsEqual(group.tag), Int64(bitPattern: value) >= 0 else {
            throw .invalidArgument(field: field, reason: reason)
        }
        return Int64(bitPattern: value)
    }

    public func group(_ groupID: String) -> Group {
        Group(key: self.key, tag: Array(SHA256.hash(data: Data(groupID.utf8)).prefix(8)))
    }

    public func encode(_ sequence: Int64, group groupID: String) -> String {
        self.group(groupID).encode(sequence)
    }

    /// The sequence a cursor of `groupID` stands for; `nil` for an empty cursor.
    /// INVALID_ARGUMENT naming `field` for anything else than a cursor of this group.
    public func decode(
        _ cursor: String, group groupID: String, field: String = "after_cursor"
    ) throws(DomainError)
        -> Int64?
    {
        if cursor.isEmpty { return nil }
        guard cursor.utf8.count <= 64, let bytes = Base64URL.decode(cursor) else {
            throw .invalidArgument(field: field, reason: Self.invalidReason)
        }
        if bytes.count == 16 {
            var block = bytes
            try! AES.inversePermute(&block, key: self.key.key)
            if block[8..<16].elementsEqual(self.group(groupID).tag) {
                let value = block[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                let sequence = Int64(bitPattern: value)
                guard sequence >= 0 else { throw .invalidArgument(field: field, reason: Self.invalidReason) }
                return sequence
            }
            // Not this group's: perhaps a legacy cursor of 16 bytes (a 10-digit sequence).
        }
        return try self.decodeLegacy(Data(bytes), field: field)
    }

    /// A cursor of the legacy form `{"c":<sequence>}` (before cursors were bound to their group),
    /// at or before the head at the upgrade.
    private func decodeLegacy(_ data: Data, field: String) throws(DomainError) -> Int64 {
        struct Position: Decodable { var c: Int64 }
        guard let position = try? JSONDecoder().decode(Position.self, from: data), position.c >= 0,
            position.c <= self.legacyLimit
        else {
            throw .invalidArgument(field: field, reason: Self.invalidReason)
        }
        return position.c
    }
}
