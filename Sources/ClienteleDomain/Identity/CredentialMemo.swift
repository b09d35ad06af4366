import ClienteleAccess
import Synchronization

/// One connection's memo of the last `authorization` header it sent and the principal
/// the `Authenticator` found for it, so that a caller repeating the same header is
/// neither hashed nor looked up in the shared cache again.
///
/// An entry is only as good as the shared cache entry it was copied from: it expires
/// when that one does (`principalCacheMillis` after the store was read, never later)
/// and as soon as the authenticator's generation moves (`invalidate()`, `forget(token:)`).
/// The header is compared in constant time and held only in memory, for the
/// connection's life; its bytes are zeroed when replaced or dropped.
public final class CredentialMemo: Sendable {
    struct Entry {
        var header: [UInt8]
        var principal: Principal
        /// When the store was read for this principal (the shared cache entry's time).
        var cachedAt: Int64
        var generation: UInt64
        var authenticator: ObjectIdentifier
    }

    private let entry = Mutex<Entry?>(nil)

    public init() {}

    deinit {
        self.entry.withLock { entry in
            entry?.header.zero()
        }
    }

    /// The principal remembered for exactly these header bytes, if still valid.
    func principal(
        for header: UnsafeRawBufferPointer, authenticator: ObjectIdentifier, generation: UInt64, now: Int64,
        lifetime: Int64
    ) -> Principal? {
        self.entry.withLock { entry -> Principal? in
            guard let entry, entry.authenticator == authenticator, entry.generation == generation,
                now - entry.cachedAt < lifetime, now >= entry.cachedAt,
                Self.constantTimeEquals(entry.header, header)
            else { return nil }
            return entry.principal
        }
    }

    /// Remembers the principal for these header bytes, replacing (and zeroing) what was there.
    func remember(
        _ principal: Principal, for header: UnsafeRawBufferPointer, authenticator: ObjectIdentifier,
        generation: UInt64, cachedAt: Int64
    ) {
        let new = Entry(
            header: Array(header), principal: principal, cachedAt: cachedAt, generation: generation,
            authenticator: authenticator)
        self.entry.withLock { entry in
            entry?.header.zero()
            entry = new
        }
    }

    /// Equal bytes, in time that depends only on the lengths.
    private static func constantTimeEquals(_ stored: [UInt8], _ given: UnsafeRawBufferPointer) -> Bool {
        guard stored.count == given.count else { return false }
        return stored.withUnsafeBufferPointer { stored in
            var difference: UInt8 = 0
            for index in 0..<stored.count { difference |= stored[index] ^ given[index] }
            return difference == 0
        }
    }
}

extension [UInt8] {
    fileprivate mutating func zero() {
        self.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
}
