import ClientelePostgres
import ClienteleStore
import Foundation
import Testing

extension RecordStoreParityTests {
    @Test(
        "client imports: insert, refusals, staged rows, lookups by legal id and login (ASCII case only), commit, expiry"
    )
    func clientImports() async throws {
        let engines = try await R.engines()
        for record in [R.clientImport("imp_1"), R.clientImport("imp_2", mode: 1, dryRun: true, expiresAt: 3_000)] {
            await engines.perform(
                "insert \(record.id)", sqlite: { try $0.clientImports.insert(record) },
                postgres: { try PostgresClientImportStore(session: $0).insert(record) })
        }
        let wrong: [(ClientImportRecord, StoreError)] = [
            (R.clientImport("imp_1", group: "grp_2"), .duplicate(field: "id")),
            (R.clientImport("imp_9", group: "grp_9"), .notFound("group grp_9")),
            // A CHECK the domain never breaks: a bug on both engines, reported alike.
            (R.clientImport("imp_9", mode: 3), .unavailable("the database failed; see the daemon's log")),
        ]
        for (record, error) in wrong {
            let outcome = await engines.perform(
                "refused \(record.id)", sqlite: { try $0.clientImports.insert(record) },
                postgres: { try PostgresClientImportStore(session: $0).insert(record) })
            #expect(outcome == .storeError(error))
        }
        for id in ["imp_1", "imp_2", "imp_9"] {
            await engines.read(
                "fetch \(id)", sqlite: { try $0.clientImports.fetch(id: id) },
                postgres: { try PostgresClientImportStore(session: $0).fetch(id: id) })
        }

        let problem = ClientImportRowRecord.Problem(column: "login", message: "is already used by row 4 of this file")
        let rows = [
            R.importRow("imp_1", 5, legalID: "DE-1", login: "acme"),
            R.importRow("imp_1", 2, legalID: "DE-1", login: "ACME", problems: [problem]),
            R.importRow("imp_1", 4, legalID: "DE-2", login: "Émile"),
            R.importRow("imp_1", 3, problems: [problem, .init(column: "", message: "row ✗")]),
            R.importRow("imp_2", 1, legalID: "DE-1", login: "acme"),
        ]
        for row in rows {
            await engines.perform(
                "insert row \(row.importID)/\(row.rowNumber)", sqlite: { try $0.clientImports.insertRow(row) },
                postgres: { try PostgresClientImportStore(session: $0).insertRow(row) })
        }
        let wrongRows: [(ClientImportRowRecord, StoreError)] = [
            (R.importRow("imp_1", 5, legalID: "DE-9"), .duplicate(field: "import_id, row_number")),
            (R.importRow("imp_9", 1), .notFound("a record this one refers to")),
        ]
        for (row, error) in wrongRows {
            let outcome = await engines.perform(
                "refused row \(row.importID)/\(row.rowNumber)", sqlite: { try $0.clientImports.insertRow(row) },
                postgres: { try PostgresClientImportStore(session: $0).insertRow(row) })
            #expect(outcome == .storeError(error))
        }

        // Several rows claim DE-1 and "acme": the first row number answers on both.
        for legalID in ["DE-1", "DE-2", "de-1", "DE-9"] {
            await engines.read(
                "legal id \(legalID)", sqlite: { try $0.clientImports.row(importID: "imp_1", legalID: legalID) },
                postgres: { try PostgresClientImportStore(session: $0).row(importID: "imp_1", legalID: legalID) })
        }
        // NOCASE folds A–Z only: "émile" is not "Émile".
        let logins: [(String, Int?)] = [
            ("Acme", 2), ("acme", 2), ("Émile", 4), ("ÉMILE", 4), ("émile", nil), ("ac", nil),
        ]
        for (login, expected) in logins {
            let found = await engines.read(
                "login \(login)", sqlite: { try $0.clientImports.row(importID: "imp_1", login: login) },
                postgres: { try PostgresClientImportStore(session: $0).row(importID: "imp_1", login: login) })
            #expect(found == .value(expected), "login \(login)")
        }
        for id in ["imp_1", "imp_2", "imp_9"] {
            await engines.read(
                "\(id)'s row count", sqlite: { try $0.clientImports.rowCount(importID: id) },
                postgres: { try PostgresClientImportStore(session: $0).rowCount(importID: id) })
        }
        let staged = await engines.read(
            "imp_1's rows", sqlite: { try $0.clientImports.rows(importID: "imp_1") },
            postgres: { try PostgresClientImportStore(session: $0).rows(importID: "imp_1") })
        #expect(staged.value?.map(\.rowNumber) == [2, 3, 4, 5])

        await engines.perform(
            "commit imp_1", sqlite: { try $0.clientImports.markCommitted(id: "imp_1", at: 2_500) },
            postgres: { try PostgresClientImportStore(session: $0).markCommitted(id: "imp_1", at: 2_500) })
        await engines.perform(
            "commit an unknown import", sqlite: { try $0.clientImports.markCommitted(id: "imp_9", at: 2_500) },
            postgres: { try PostgresClientImportStore(session: $0).markCommitted(id: "imp_9", at: 2_500) })
        for id in ["imp_1", "imp_2"] {
            await engines.read(
                "\(id) after the commit", sqlite: { try $0.clientImports.fetch(id: id) },
                postgres: { try PostgresClientImportStore(session: $0).fetch(id: id) })
            await engines.read(
                "\(id)'s rows after the commit", sqlite: { try $0.clientImports.rows(importID: id) },
                postgres: { try PostgresClientImportStore(session: $0).rows(importID: id) })
        }

        // imp_2 expires at 3000 (its row goes with it); imp_1 at 5000.
        for (now, expected) in [(Int64(3_000), 0), (3_001, 1), (3_001, 0), (6_000, 1)] {
            let dropped = await engines.write(
                "expired before \(now)", sqlite: { try $0.clientImports.deleteExpired(before: now) },
                postgres: { try PostgresClientImportStore(session: $0).deleteExpired(before: now) })
            #expect(dropped == .value(expected))
            await engines.read(
                "imp_2's rows after expiry at \(now)", sqlite: { try $0.clientImports.rowCount(importID: "imp_2") },
                postgres: { try PostgresClientImportStore(session: $0).rowCount(importID: "imp_2") })
        }
        await engines.close()
    }
}
