import Foundation

/// On PostgreSQL, in the place of SQLite's integrity_check: right after the kill, before the
/// restart, the journal's acknowledged writes are read from the database itself with psql (not
/// through a daemon): every acknowledged client at its version or later with the contacts it was
/// made with, every acknowledged ledger entry with its amount, every acknowledged idempotency key
/// stored, and every balance and entry count equal to its entries.
struct PostgresCheck {
    struct Outcome {
        var failures: [String] = []
        /// Acknowledged writes found in the database.
        var checked = 0
    }

    var settings: TortureSettings

    /// The store URL as psql (libpq) takes it: without the daemon's own `pool=N`.
    private var url: String {
        guard var components = URLComponents(string: self.settings.effectiveStore) else {
            return self.settings.effectiveStore
        }
        let items = (components.queryItems ?? []).filter { $0.name != "pool" }
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? self.settings.effectiveStore
    }

    /// Refuses a database that already holds clients (the check counts on the journal being all there is).
    func requireEmpty() throws {
        // A database the daemon has not migrated yet has no clients table.
        guard try self.query("SELECT to_regclass('clients') IS NOT NULL").first?.first == "t" else { return }
        guard try self.query("SELECT count(*) FROM clients").first?.first == "0" else {
            throw TortureError("the PostgreSQL database already holds clients; give an empty one to --store")
        }
    }

    func check(acked: [AckedWrite], groupID: String, ledgerClients: [String]) -> Outcome {
        var outcome = Outcome()
        do {
            let group = try Self.literal(groupID)
            var clients: [String: (version: Int64, contacts: Int)] = [:]
            for row in try self.query(
                """
                SELECT c.id, c.version, (SELECT count(*) FROM contacts t WHERE t.client_id = c.id)
                FROM clients c WHERE c.group_id = \(group)
                """)
            where row.count == 3 {
                clients[row[0]] = (Int64(row[1]) ?? -1, Int(row[2]) ?? -1)
            }
            var entries: [String: Int64] = [:]
            let ledgers = try ledgerClients.map(Self.literal).joined(separator: ", ")
            if !ledgers.isEmpty {
                for row in try self.query(
                    "SELECT id, amount_minor FROM ledger_entries WHERE client_id IN (\(ledgers))")
                where row.count == 2 {
                    entries[row[0]] = Int64(row[1]) ?? 0
                }
            }
            let keys = Set(try self.query("SELECT key FROM idempotency_keys").compactMap(\.first))

            for write in acked {
                var found = keys.contains(write.idempotencyKey)
                if !found {
                    outcome.failures.append(
                        "database: acknowledged \(write.method) \(write.idempotencyKey): its idempotency key is not stored"
                    )
                }
                switch write.kind {
                case .create, .update:
                    guard let client = clients[write.clientID] else {
                        outcome.failures.append(
                            "database: acknowledged \(write.method) \(write.idempotencyKey): client \(write.clientID) has no row"
                        )
                        continue
                    }
                    if client.version < write.version {
                        found = false
                        outcome.failures.append(
                            "database: \(write.clientID) is at version \(client.version), acknowledged \(write.version)"
                        )
                    }
                    if write.kind == .create && client.contacts != write.contacts {
                        found = false
                        outcome.failures.append(
                            "database: \(write.clientID) has \(client.contacts) contact rows, created with \(write.contacts)"
                        )
                    }
                case .credit, .charge:
                    guard let amount = entries[write.entryID] else {
                        outcome.failures.append(
                            "database: acknowledged \(write.method) \(write.idempotencyKey): entry \(write.entryID) has no row"
                        )
                        continue
                    }
                    if amount != write.amountMinor {
                        found = false
                        outcome.failures.append(
                            "database: entry \(write.entryID) holds \(amount), acknowledged \(write.amountMinor)")
                    }
                }
                if found { outcome.checked += 1 }
            }

            for row in try self.query(
                """
                SELECT b.client_id, b.balance_minor, b.entry_count,
                       coalesce(sum(e.amount_minor), 0), count(e.id)
                FROM billing_accounts b LEFT JOIN ledger_entries e ON e.client_id = b.client_id
                WHERE b.group_id = \(group)
                GROUP BY b.client_id, b.balance_minor, b.entry_count
                """)
            where row.count == 5 && (row[1] != row[3] || row[2] != row[4]) {
                outcome.failures.append(
                    "database: billing account \(row[0]) says balance \(row[1]) over \(row[2]) entries; its entries sum to \(row[3]) over \(row[4])"
                )
            }
        } catch {
            outcome.failures.append("database check: \(error)")
        }
        return outcome
    }

    /// A quoted SQL literal of an id (ids hold no quotes; one that does is refused, not escaped).
    private static func literal(_ text: String) throws -> String {
        guard !text.contains("'"), !text.contains("\\") else { throw TortureError("unexpected id \(text)") }
        return "'\(text)'"
    }

    /// Rows of a query, tab-separated fields; throws psql's message when it fails.
    private func query(_ sql: String) throws -> [[String]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            self.settings.psql, self.url, "-qAtX", "-v", "ON_ERROR_STOP=1", "-F", "\t", "-c", sql,
        ]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { throw TortureError("cannot run \(self.settings.psql): \(error)") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TortureError(
                "psql failed (\(process.terminationStatus)): \(String(decoding: message, as: UTF8.self).prefix(500))")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
