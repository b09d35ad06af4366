import Foundation
import GRDB
import Testing

@testable import ClienteleStore

@Suite("Search hit bitmap (client_hits, client_hit)")
struct SearchHitBitmapTests {
    func queue() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try SearchHitBitmap.install(in: db) }
        return try DatabaseQueue(configuration: configuration)
    }

    @Test("the bits of the aggregated rowids are set, and no other; the bitmap grows past its first 4 KiB")
    func bits() throws {
        let rowids: [Int64] = [0, 7, 8, 32_767, 32_768, 100_001]
        let probes: [Int64] = rowids + [1, 6, 9, 32_766, 32_769, 100_000, 100_002, 5_000_000, -1]
        try self.queue().read { db in
            let bitmap = try #require(
                try Data.fetchOne(
                    db, sql: "SELECT client_hits(value) FROM json_each(?)",
                    arguments: ["[" + rowids.map(String.init).joined(separator: ",") + "]"]))
            #expect(bitmap.count >= 100_001 / 8 + 1)
            #expect(bitmap.reduce(0) { $0 + $1.nonzeroBitCount } == rowids.count)
            for probe in probes {
                let hit = try Bool.fetchOne(db, sql: "SELECT client_hit(?, ?)", arguments: [bitmap, probe])
                #expect(hit == rowids.contains(probe), "rowid \(probe)")
            }
        }
    }

    @Test("no rows make an empty bitmap, in which nothing is set")
    func empty() throws {
        try self.queue().read { db in
            let bitmap = try Data.fetchOne(db, sql: "SELECT client_hits(value) FROM json_each('[]')")
            #expect(bitmap == Data())
            #expect(try Bool.fetchOne(db, sql: "SELECT client_hit(x'', 0)") == false)
        }
    }
}
