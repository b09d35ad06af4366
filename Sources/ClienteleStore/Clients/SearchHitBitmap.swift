import GRDB
import GRDBSQLite

/// The SQL functions a broad text search uses (see `ClientListSQL`):
///
/// - `client_hits(rowid)`, an aggregate: a bitmap (a blob) with bit `rowid` set for each row;
/// - `client_hit(bitmap, rowid)`: whether bit `rowid` of `bitmap` is set.
///
/// A page of a broad search walks the sort order's index and tests every entry it passes
/// against the search's hits. Tested with `rowid IN (SELECT … MATCH …)`, each test searched
/// the temporary B-tree SQLite builds of the hits; a bit test costs a fraction of that, and
/// the walk, not the test, is then most of the page. Written against SQLite's C interface
/// rather than GRDB's `DatabaseFunction`, which boxes every argument of every call.
enum SearchHitBitmap {
    /// Installs both functions on a connection; every connection of an `AppDatabase` gets them.
    static func install(in db: Database) throws {
        let connection = db.sqliteConnection
        let aggregate = sqlite3_create_function_v2(
            connection, "client_hits", 1, SQLITE_UTF8, nil, nil, Self.step, Self.final, nil)
        let scalar = sqlite3_create_function_v2(
            connection, "client_hit", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil, Self.test, nil, nil, nil)
        for code in [aggregate, scalar] where code != SQLITE_OK {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
        }
    }

    /// The aggregate's state, in memory SQLite zeroes and frees: no bitmap yet is (nil, 0).
    private struct Accumulator {
        var bits: UnsafeMutableRawPointer?
        var capacity: Int
    }

    private static let step: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = {
        context, _, arguments in
        guard
            let raw = sqlite3_aggregate_context(context, Int32(MemoryLayout<Accumulator>.size)),
            let arguments
        else {
            sqlite3_result_error_nomem(context)
            return
        }
        let accumulator = raw.assumingMemoryBound(to: Accumulator.self)
        let rowid = sqlite3_value_int64(arguments[0])
        guard rowid >= 0 else { return }
        let byte = Int(rowid >> 3)
        if byte >= accumulator.pointee.capacity {
            var capacity = max(accumulator.pointee.capacity, 4096)
            while capacity <= byte { capacity *= 2 }
            guard let grown = sqlite3_realloc64(accumulator.pointee.bits, UInt64(capacity)) else {
                sqlite3_result_error_nomem(context)
                return
            }
            let old = accumulator.pointee.capacity
            (grown + old).initializeMemory(as: UInt8.self, repeating: 0, count: capacity - old)
            accumulator.pointee = Accumulator(bits: grown, capacity: capacity)
        }
        let bits = accumulator.pointee.bits!.assumingMemoryBound(to: UInt8.self)
        bits[byte] |= UInt8(1) << UInt8(rowid & 7)
    }

    private static let final: @convention(c) (OpaquePointer?) -> Void = { context in
        // Zero size: only look for the state, do not make one (no row was aggregated).
        guard let raw = sqlite3_aggregate_context(context, 0) else {
            sqlite3_result_zeroblob(context, 0)
            return
        }
        let accumulator = raw.assumingMemoryBound(to: Accumulator.self).pointee
        guard let bits = accumulator.bits else {
            sqlite3_result_zeroblob(context, 0)
            return
        }
        // SQLite takes the buffer over and frees it.
        sqlite3_result_blob64(context, bits, UInt64(accumulator.capacity), sqlite3_free)
    }

    private static let test: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = {
        context, _, arguments in
        guard let arguments else { return }
        let bitmap = sqlite3_value_blob(arguments[0])
        let count = Int(sqlite3_value_bytes(arguments[0]))
        let rowid = sqlite3_value_int64(arguments[1])
        var set: Int32 = 0
        if let bitmap, rowid >= 0, Int(rowid >> 3) < count {
            set = Int32(bitmap.load(fromByteOffset: Int(rowid >> 3), as: UInt8.self) >> UInt8(rowid & 7) & 1)
        }
        sqlite3_result_int(context, set)
    }
}
