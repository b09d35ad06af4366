import ClienteleAPI
import ClienteleProto
import ClienteleRPC
import Foundation
import SwiftProtobuf

/// Checks a restarted daemon against the journal.
struct Verifier {
    struct Outcome {
        var failures: [String] = []
        var checked = 0
        var replays = 0
        var clients = 0
        var changes = 0
    }

    var socketPath: String
    var token: String
    var groupID: String

    private var options: CallOptions {
        var options = CallOptions(timeout: .seconds(30))
        options.metadata.append("authorization", "Bearer \(self.token)")
        return options
    }

    func verify(acked: [AckedWrite], cycle: Int, ledgerClients: [String]) async -> Outcome {
        let client = RPCClient(socketPath: self.socketPath)
        defer { Task { await client.close() } }
        var outcome = Outcome()
        do {
            try await self.verifyClients(client, acked: acked, into: &outcome)
            for ledger in ledgerClients {
                try await self.verifyLedger(
                    client, ledger, acked: acked.filter { $0.clientID == ledger }, into: &outcome)
            }
            try await self.verifyReplays(client, acked.filter { $0.cycle == cycle }, into: &outcome)
            try await self.verifyFeed(client, acked: acked, into: &outcome)
        } catch {
            outcome.failures.append("verification call failed: \(error)")
        }
        return outcome
    }

    /// Every acknowledged create and update is there with at least its version; every client is whole.
    private func verifyClients(_ client: RPCClient, acked: [AckedWrite], into outcome: inout Outcome) async throws {
        var clients: [String: Clientele_V1_Client] = [:]
        var request = Clientele_V1_ListClientsRequest()
        request.groupID = self.groupID
        request.includeClosed = true
        request.pageSize = 500
        repeat {
            let page: Clientele_V1_ListClientsResponse = try await client.unary(
                ClientsMethods.listClients, request: request, options: self.options)
            for found in page.clients { clients[found.id] = found }
            request.pageToken = page.nextPageToken
        } while !request.pageToken.isEmpty

        for write in acked where write.kind == .create || write.kind == .update {
            outcome.checked += 1
            guard let found = clients[write.clientID] else {
                outcome.failures.append(
                    "acknowledged \(write.method) \(write.idempotencyKey): client \(write.clientID) is missing")
                continue
            }
            if found.version < write.version {
                outcome.failures.append(
                    "acknowledged \(write.method) \(write.idempotencyKey): \(write.clientID) is at version \(found.version), acknowledged \(write.version)"
                )
            }
            if write.kind == .create && found.contacts.count != write.contacts {
                outcome.failures.append(
                    "acknowledged CreateClient \(write.idempotencyKey): \(found.contacts.count) of \(write.contacts) contacts"
                )
            }
        }
        // Acknowledged or not, a client is all there or not at all: its name says how many contacts it was made with.
        for found in clients.values {
            guard let suffix = found.fields.accountName.split(separator: "-").last, suffix.hasPrefix("k"),
                let expected = Int(suffix.dropFirst())
            else { continue }
            outcome.clients += 1
            if found.contacts.count != expected {
                outcome.failures.append(
                    "client \(found.id) (\(found.fields.accountName)) has \(found.contacts.count) contacts")
            }
        }
    }

    /// Every acknowledged entry is in the ledger with its amount; the balance is the sum; sequences have no gaps.
    private func verifyLedger(
        _ client: RPCClient, _ clientID: String, acked: [AckedWrite], into outcome: inout Outcome
    )
        async throws
    {
        var entries: [Clientele_V1_LedgerEntry] = []
        var request = Clientele_V1_ListEntriesRequest()
        request.clientID = clientID
        request.pageSize = 500
        repeat {
            let page: Clientele_V1_ListEntriesResponse = try await client.unary(
                BillingMethods.listEntries, request: request, options: self.options)
            entries += page.entries
            request.pageToken = page.nextPageToken
        } while !request.pageToken.isEmpty
        var balanceRequest = Clientele_V1_GetBalanceRequest()
        balanceRequest.clientID = clientID
        let balance: Clientele_V1_Balance = try await client.unary(
            BillingMethods.getBalance, request: balanceRequest, options: self.options)

        let byID = Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        if byID.count != entries.count { outcome.failures.append("ledger \(clientID): an entry is listed twice") }
        for write in acked {
            outcome.checked += 1
            guard let entry = byID[write.entryID] else {
                outcome.failures.append(
                    "acknowledged \(write.method) \(write.idempotencyKey): entry \(write.entryID) is missing")
                continue
            }
            if entry.amountMinor != write.amountMinor {
                outcome.failures.append(
                    "entry \(entry.id): amount \(entry.amountMinor), acknowledged \(write.amountMinor)")
            }
        }
        let sum = entries.reduce(Int64(0)) { $0 + $1.amountMinor }
        if sum != balance.balanceMinor {
            outcome.failures.append("ledger \(clientID): balance \(balance.balanceMinor) but entries sum to \(sum)")
        }
        if balance.entryCount != Int64(entries.count) {
            outcome.failures.append("ledger \(clientID): entry_count \(balance.entryCount) but \(entries.count) listed")
        }
        let ordered = entries.sorted { $0.sequence < $1.sequence }
        if !ordered.enumerated().allSatisfy({ $0.element.sequence == Int64($0.offset + 1) }) {
            outcome.failures.append("ledger \(clientID): sequences are not 1…\(ordered.count)")
        }
        var running: Int64 = 0
        for entry in ordered {
            running += entry.amountMinor
            if entry.balanceAfterMinor != running {
                outcome.failures.append(
                    "ledger \(clientID): entry \(entry.sequence) says balance \(entry.balanceAfterMinor), sum is \(running)"
                )
                break
            }
        }
    }

    /// The change feed holds exactly what committed: every version of every client once (1 up to
    /// the version it is at: nothing committed is missing, nothing rolled back is there, nothing
    /// twice), every acknowledged write and ledger entry, in increasing sequence.
    private func verifyFeed(_ client: RPCClient, acked: [AckedWrite], into outcome: inout Outcome) async throws {
        var changes: [Clientele_V1_Change] = []
        var request = Clientele_V1_FollowChangesRequest()
        request.groupID = self.groupID
        request.pageSize = 500
        while true {
            let page: Clientele_V1_FollowChangesResponse = try await client.unary(
                ChangesMethods.follow, request: request, options: self.options)
            changes += page.changes
            request.afterCursor = page.nextCursor
            if page.changes.isEmpty && !page.more { break }
        }
        outcome.changes = changes.count
        let clientKinds: Set<Clientele_V1_ChangeKind> = [
            .clientCreated, .clientUpdated, .clientStateChanged, .clientClosed, .contact,
        ]
        var versions: [String: [Int64]] = [:]
        var entries: Set<String> = []
        for change in changes {
            if clientKinds.contains(change.kind) { versions[change.clientID, default: []].append(change.version) }
            if change.kind == .ledgerEntry { entries.insert(change.objectID) }
        }
        var current: [String: Int64] = [:]
        var listing = Clientele_V1_ListClientsRequest()
        listing.groupID = self.groupID
        listing.includeClosed = true
        listing.pageSize = 500
        repeat {
            let page: Clientele_V1_ListClientsResponse = try await client.unary(
                ClientsMethods.listClients, request: listing, options: self.options)
            for found in page.clients { current[found.id] = found.version }
            listing.pageToken = page.nextPageToken
        } while !listing.pageToken.isEmpty
        for (id, version) in current where versions[id] != Array(1...max(version, 1)) {
            let seen = versions[id] ?? []
            outcome.failures.append(
                "feed: client \(id) is at version \(version) but its changes have versions \(seen.prefix(20))")
        }
        for id in versions.keys where current[id] == nil {
            outcome.failures.append("feed: client \(id) has changes but does not exist")
        }
        for write in acked {
            switch write.kind {
            case .create, .update:
                if !(versions[write.clientID] ?? []).contains(write.version) {
                    outcome.failures.append(
                        "feed: acknowledged \(write.method) \(write.idempotencyKey) (\(write.clientID) version \(write.version)) has no change"
                    )
                }
            case .credit, .charge:
                if !entries.contains(write.entryID) {
                    outcome.failures.append(
                        "feed: acknowledged \(write.method) \(write.idempotencyKey) (entry \(write.entryID)) has no change"
                    )
                }
            }
        }
        let cursors = changes.map(\.cursor)
        if Set(cursors).count != cursors.count { outcome.failures.append("feed: a change is listed twice") }
    }

    /// Replaying an acknowledged key with the same request answers the same bytes.
    private func verifyReplays(_ client: RPCClient, _ acked: [AckedWrite], into outcome: inout Outcome) async throws {
        for write in acked {
            var options = self.options
            options.metadata.append("idempotency-key", write.idempotencyKey)
            let method = MethodDescriptor(service: write.service, method: write.method)
            outcome.replays += 1
            do {
                let answer = try await client.call(method, payload: write.request, options: options)
                if answer != write.response {
                    outcome.failures.append("replay of \(write.method) \(write.idempotencyKey) answered other bytes")
                }
            } catch {
                outcome.failures.append("replay of \(write.method) \(write.idempotencyKey) failed: \(error)")
            }
        }
    }
}
