import ClientelePostgres
import ClienteleStore
import Foundation
import Testing

/// The record stores on PostgreSQL answer as on SQLite: the same operations on both engines,
/// the same rows in the same order, the same errors. Notes, invitations and the outbox here;
/// client imports, the audit trail and idempotency keys in the extensions beside this file.
@Suite("Record stores (notes, invitations, outbox, imports, audit, idempotency): PostgreSQL answers as SQLite does")
struct RecordStoreParityTests {
    typealias R = RecordBuilders

    @Test(
        "notes: insert, duplicate id, missing client, fetch, newest-first pages with ties on the time, limits, delete")
    func notes() async throws {
        let engines = try await R.engines()
        // Three notes at the same time: ids break the tie byte by byte ("nte_B" < "nte_a" < "nte_b").
        let notes = [
            R.note("nte_a", at: 2_000), R.note("nte_B", at: 2_000), R.note("nte_b", at: 2_000), R.note("nte_c"),
            R.note("nte_d", at: 3_000, text: "ünïcode ✓"), R.note("nte_e", client: "cli_2", at: 4_000),
        ]
        for note in notes {
            await engines.perform(
                "insert \(note.id)", sqlite: { try $0.notes.insert(note) },
                postgres: { try PostgresNoteStore(session: $0).insert(note) })
        }
        let again = R.note("nte_a", client: "cli_2")
        let duplicate = await engines.perform(
            "duplicate id", sqlite: { try $0.notes.insert(again) },
            postgres: { try PostgresNoteStore(session: $0).insert(again) })
        #expect(duplicate == .storeError(.duplicate(field: "id")))
        let orphan = R.note("nte_x", client: "cli_9")
        let missing = await engines.perform(
            "missing client", sqlite: { try $0.notes.insert(orphan) },
            postgres: { try PostgresNoteStore(session: $0).insert(orphan) })
        #expect(missing == .storeError(.notFound("client cli_9")))

        for id in ["nte_d", "nte_x"] {
            await engines.read(
                "fetch \(id)", sqlite: { try $0.notes.fetch(id: id) },
                postgres: { try PostgresNoteStore(session: $0).fetch(id: id) })
        }

        var before: (createdAt: Int64, id: String)?
        var seen: [String] = []
        while true {
            let cursor = before
            let page =
                await engines.read(
                    "page before \(String(describing: cursor))",
                    sqlite: { try $0.notes.list(clientID: "cli_1", before: cursor, limit: 2) },
                    postgres: { try PostgresNoteStore(session: $0).list(clientID: "cli_1", before: cursor, limit: 2) }
                ).value ?? []
            seen += page.map(\.id)
            guard page.count == 2, let last = page.last else { break }
            before = (last.createdAt, last.id)
        }
        #expect(seen == ["nte_d", "nte_b", "nte_a", "nte_B", "nte_c"])
        for limit in [0, 1, 100, -1] {
            await engines.read(
                "limit \(limit)", sqlite: { try $0.notes.list(clientID: "cli_1", before: nil, limit: limit) },
                postgres: { try PostgresNoteStore(session: $0).list(clientID: "cli_1", before: nil, limit: limit) })
        }

        for id in ["nte_a", "nte_a", "nte_x"] {
            await engines.write(
                "delete \(id)", sqlite: { try $0.notes.delete(id: id) },
                postgres: { try PostgresNoteStore(session: $0).delete(id: id) })
        }
        let rest = await engines.read(
            "after the delete", sqlite: { try $0.notes.list(clientID: "cli_1", before: nil, limit: 10) },
            postgres: { try PostgresNoteStore(session: $0).list(clientID: "cli_1", before: nil, limit: 10) })
        #expect(rest.value?.map(\.id) == ["nte_d", "nte_b", "nte_B", "nte_c"])
        await engines.close()
    }

    @Test("invitations: insert, duplicate token or id, missing client, user or group, lookups, revoke and accept")
    func invitations() async throws {
        let engines = try await R.engines()
        let invitations = [
            R.invitation("inv_1", token: [1, 0, 255]), R.invitation("inv_2", token: [2], at: 500),
            R.invitation("inv_0", token: [3]), R.invitation("inv_4", token: [4], user: "usr_2", at: 1_500),
            R.invitation("inv_5", token: [5], client: "cli_2"),
        ]
        for invitation in invitations {
            await engines.perform(
                "insert \(invitation.id)", sqlite: { try $0.invitations.insert(invitation) },
                postgres: { try PostgresInvitationStore(session: $0).insert(invitation) })
        }
        let wrong: [(InvitationRecord, StoreError)] = [
            (R.invitation("inv_9", token: [1, 0, 255]), .duplicate(field: "token_hash")),
            (R.invitation("inv_1", token: [9]), .duplicate(field: "id")),
            (R.invitation("inv_9", token: [9], client: "cli_9"), .notFound("client cli_9 or user usr_1")),
            (R.invitation("inv_9", token: [9], user: "usr_9"), .notFound("client cli_1 or user usr_9")),
            (R.invitation("inv_9", token: [9], group: "grp_9"), .notFound("client cli_1 or user usr_1")),
        ]
        for (invitation, error) in wrong {
            let outcome = await engines.perform(
                "refused \(invitation.id)", sqlite: { try $0.invitations.insert(invitation) },
                postgres: { try PostgresInvitationStore(session: $0).insert(invitation) })
            #expect(outcome == .storeError(error))
        }

        for token: [UInt8] in [[1, 0, 255], [2], [1, 0], []] {
            await engines.read(
                "fetch token \(token)", sqlite: { try $0.invitations.fetch(tokenHash: token) },
                postgres: { try PostgresInvitationStore(session: $0).fetch(tokenHash: token) })
        }
        for id in ["inv_4", "inv_9"] {
            await engines.read(
                "fetch \(id)", sqlite: { try $0.invitations.fetch(id: id) },
                postgres: { try PostgresInvitationStore(session: $0).fetch(id: id) })
        }
        let listed = await engines.read(
            "cli_1's", sqlite: { try $0.invitations.forClient("cli_1") },
            postgres: { try PostgresInvitationStore(session: $0).forClient("cli_1") })
        #expect(listed.value?.map(\.id) == ["inv_2", "inv_0", "inv_1", "inv_4"])

        await engines.perform(
            "revoke", sqlite: { try $0.invitations.revoke(id: "inv_1", at: 2_000) },
            postgres: { try PostgresInvitationStore(session: $0).revoke(id: "inv_1", at: 2_000) })
        await engines.perform(
            "revoke again keeps the first time", sqlite: { try $0.invitations.revoke(id: "inv_1", at: 3_000) },
            postgres: { try PostgresInvitationStore(session: $0).revoke(id: "inv_1", at: 3_000) })
        await engines.perform(
            "revoke an unknown id", sqlite: { try $0.invitations.revoke(id: "inv_9", at: 3_000) },
            postgres: { try PostgresInvitationStore(session: $0).revoke(id: "inv_9", at: 3_000) })
        await engines.perform(
            "accept", sqlite: { try $0.invitations.markAccepted(id: "inv_2", at: 2_500) },
            postgres: { try PostgresInvitationStore(session: $0).markAccepted(id: "inv_2", at: 2_500) })
        for round in 0..<2 {
            let revoked = await engines.write(
                "revoke the open ones, round \(round)",
                sqlite: { try $0.invitations.revokeOpen(clientID: "cli_1", userID: "usr_1", at: 4_000) },
                postgres: {
                    try PostgresInvitationStore(session: $0).revokeOpen(clientID: "cli_1", userID: "usr_1", at: 4_000)
                })
            #expect(revoked == .value(round == 0 ? 1 : 0))
        }
        for client in ["cli_1", "cli_2", "cli_9"] {
            await engines.read(
                "\(client)'s after", sqlite: { try $0.invitations.forClient(client) },
                postgres: { try PostgresInvitationStore(session: $0).forClient(client) })
        }
        await engines.close()
    }

    @Test("outbox: insert, duplicate id, missing group, oldest-first pages per group, counts, delivery erases")
    func outbox() async throws {
        let engines = try await R.engines()
        let messages = [
            R.message("msg_b", at: 2_000), R.message("msg_A", at: 2_000), R.message("msg_c"),
            R.message("msg_d", client: "cli_2", at: 3_000, data: [:]),
            R.message("msg_e", at: 4_000, data: ["url": "https://x.example/a?b=c&d=é", "quote": "\"'\\"]),
            R.message("msg_f", group: "grp_2", client: "cli_3"),
        ]
        for message in messages {
            await engines.perform(
                "insert \(message.id)", sqlite: { try $0.outbox.insert(message) },
                postgres: { try PostgresOutboxStore(session: $0).insert(message) })
        }
        let again = R.message("msg_b", group: "grp_2")
        #expect(
            await engines.perform(
                "duplicate id", sqlite: { try $0.outbox.insert(again) },
                postgres: { try PostgresOutboxStore(session: $0).insert(again) })
                == .storeError(.duplicate(field: "id")))
        let orphan = R.message("msg_x", group: "grp_9")
        #expect(
            await engines.perform(
                "missing group", sqlite: { try $0.outbox.insert(orphan) },
                postgres: { try PostgresOutboxStore(session: $0).insert(orphan) })
                == .storeError(.notFound("group grp_9")))

        var after: (createdAt: Int64, id: String)?
        var seen: [String] = []
        while true {
            let cursor = after
            let page =
                await engines.read(
                    "page after \(String(describing: cursor))",
                    sqlite: { try $0.outbox.pending(groupID: "grp_1", after: cursor, limit: 2) },
                    postgres: {
                        try PostgresOutboxStore(session: $0).pending(groupID: "grp_1", after: cursor, limit: 2)
                    }
                ).value ?? []
            seen += page.map(\.id)
            guard page.count == 2, let last = page.last else { break }
            after = (last.createdAt, last.id)
        }
        #expect(seen == ["msg_c", "msg_A", "msg_b", "msg_d", "msg_e"])
        for limit in [0, -1] {
            await engines.read(
                "limit \(limit)", sqlite: { try $0.outbox.pending(groupID: "grp_1", after: nil, limit: limit) },
                postgres: { try PostgresOutboxStore(session: $0).pending(groupID: "grp_1", after: nil, limit: limit) })
        }
        for client in ["cli_1", "cli_2", "cli_3", "cli_9"] {
            await engines.read(
                "\(client)'s pending", sqlite: { try $0.outbox.pendingCount(clientID: client) },
                postgres: { try PostgresOutboxStore(session: $0).pendingCount(clientID: client) })
        }
        #expect(
            await engines.read(
                "all pending", sqlite: { try $0.outbox.pendingTotal() },
                postgres: { try PostgresOutboxStore(session: $0).pendingTotal() }) == .value(6))

        // Repeated ids count once; another group's message and unknown ids are left alone.
        let ids = ["msg_A", "msg_A", "msg_f", "msg_zz", "msg_e"]
        for (round, expected) in [2, 0].enumerated() {
            let delivered = await engines.write(
                "deliver, round \(round)",
                sqlite: { try $0.outbox.markDelivered(groupID: "grp_1", ids: ids, at: 5_000) },
                postgres: { try PostgresOutboxStore(session: $0).markDelivered(groupID: "grp_1", ids: ids, at: 5_000) })
            #expect(delivered == .value(expected))
        }
        #expect(
            await engines.write(
                "deliver nothing", sqlite: { try $0.outbox.markDelivered(groupID: "grp_1", ids: [], at: 5_000) },
                postgres: { try PostgresOutboxStore(session: $0).markDelivered(groupID: "grp_1", ids: [], at: 5_000) })
                == .value(0))
        for group in ["grp_1", "grp_2"] {
            await engines.read(
                "\(group) after delivery", sqlite: { try $0.outbox.pending(groupID: group, after: nil, limit: 10) },
                postgres: { try PostgresOutboxStore(session: $0).pending(groupID: group, after: nil, limit: 10) })
        }
        await engines.read(
            "all pending after", sqlite: { try $0.outbox.pendingTotal() },
            postgres: { try PostgresOutboxStore(session: $0).pendingTotal() })
        // Delivered messages keep no body nor data (no store method reads them back).
        let erased = try await engines.postgres.read { session in
            try session.rows("SELECT body, data, delivered_at FROM outbox WHERE id IN ('msg_A', 'msg_e') ORDER BY id")
                .map {
                    "\(try $0.decode("body", as: String.self))|\(try $0.decode("data", as: String.self))|\(try $0.decode("delivered_at", as: Int64.self))"
                }
        }
        #expect(erased == ["|{}|5000", "|{}|5000"])
        await engines.close()
    }
}
