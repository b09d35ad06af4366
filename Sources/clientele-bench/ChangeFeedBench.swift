import ClienteleAPI
import ClienteleProto
import ClienteleRPC
import Foundation
import SwiftProtobuf
import Synchronization

/// `clientele-bench --change-feed`: how long after a write's acknowledgement a waiting
/// follower (a `Changes/Follow` long poll) has it, and what waiting followers cost the writers.
///
/// As the local operator it bootstraps a group with one client per writer and a follower key.
/// Then, alternating `rounds` times: writers alone (each updating its own client, one write at
/// a time) and the same writers with `followers` following the group; then one writer paced at
/// one write per `pacedMillis` with the followers (the delay on a quiet daemon). A delay is a
/// follower's answer holding a change minus that write's acknowledgement, both taken in this
/// process; it can be negative, as the daemon wakes followers before it answers the writer.
struct ChangeFeedBench {
    var socketPath: String
    var writers: Int
    var followers: Int
    var duration: Duration
    var warmup: Duration
    var rounds: Int
    var pacedMillis: Int

    struct Delays: Encodable {
        var samples: Int
        var p50Millis: Double
        var p99Millis: Double
        var maxMillis: Double

        enum CodingKeys: String, CodingKey {
            case samples
            case p50Millis = "p50_ms"
            case p99Millis = "p99_ms"
            case maxMillis = "max_ms"
        }

        init(_ nanos: [Int64]) {
            let sorted = nanos.sorted()
            func at(_ p: Double) -> Double {
                guard !sorted.isEmpty else { return 0 }
                let index = min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))
                return Double(sorted[index]) / 1e6
            }
            self.samples = sorted.count
            self.p50Millis = at(0.5)
            self.p99Millis = at(0.99)
            self.maxMillis = sorted.last.map { Double($0) / 1e6 } ?? 0
        }
    }

    struct Report: Encodable {
        var writers: Int
        var followers: Int
        var secondsPerPhase: Double
        var rounds: Int
        var writesPerSecondAlone: [Double]
        var writesPerSecondWithFollowers: [Double]
        var delayUnderLoad: Delays
        var pacedIntervalMillis: Int
        var delayPaced: Delays
        var errors: Int

        enum CodingKeys: String, CodingKey {
            case writers, followers, rounds, errors
            case secondsPerPhase = "seconds_per_phase"
            case writesPerSecondAlone = "writes_per_sec_alone"
            case writesPerSecondWithFollowers = "writes_per_sec_with_followers"
            case delayUnderLoad = "delay_ack_to_follower_under_load"
            case pacedIntervalMillis = "paced_interval_ms"
            case delayPaced = "delay_ack_to_follower_paced"
        }
    }

    /// When each write was acknowledged, by "client@version".
    final class Acknowledgements: Sendable {
        private let times = Mutex<[String: ContinuousClock.Instant]>([:])

        func record(_ key: String, _ at: ContinuousClock.Instant) { self.times.withLock { $0[key] = at } }
        func reset() { self.times.withLock { $0.removeAll(keepingCapacity: true) } }
        var all: [String: ContinuousClock.Instant] { self.times.withLock { $0 } }
    }

    final class StopFlag: Sendable {
        private let flag = Atomic<Bool>(false)

        var isSet: Bool { self.flag.load(ordering: .relaxed) }
        func set() { self.flag.store(true, ordering: .relaxed) }
    }

    private struct Setup {
        var group: String
        var ownerMetadata: Metadata
        var followerMetadata: Metadata
        var clients: [String]
    }

    func run() async throws -> Report {
        let setup = try await self.setUp()
        var alone: [Double] = []
        var withFollowers: [Double] = []
        var delays: [Int64] = []
        var errors = 0
        if self.warmup > .zero {
            _ = try await self.phase(setup, followers: 0, writers: self.writers, duration: self.warmup, paced: nil)
        }
        for _ in 0..<self.rounds {
            let a = try await self.phase(
                setup, followers: 0, writers: self.writers, duration: self.duration, paced: nil)
            alone.append(a.writesPerSecond)
            let b = try await self.phase(
                setup, followers: self.followers, writers: self.writers, duration: self.duration, paced: nil)
            withFollowers.append(b.writesPerSecond)
            delays += b.delays
            errors += a.errors + b.errors
        }
        let paced = try await self.phase(
            setup, followers: self.followers, writers: 1, duration: self.duration,
            paced: .milliseconds(self.pacedMillis))
        errors += paced.errors
        return Report(
            writers: self.writers, followers: self.followers, secondsPerPhase: Self.seconds(self.duration),
            rounds: self.rounds, writesPerSecondAlone: alone, writesPerSecondWithFollowers: withFollowers,
            delayUnderLoad: Delays(delays), pacedIntervalMillis: self.pacedMillis, delayPaced: Delays(paced.delays),
            errors: errors)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    // MARK: Setup

    private func setUp() async throws -> Setup {
        let client = RPCClient(socketPath: self.socketPath)
        defer { Task { await client.close() } }
        let tag = UUID().uuidString.prefix(8).lowercased()
        let password = "bench password \(tag)"
        var bootstrap = Clientele_V1_BootstrapGroupRequest()
        bootstrap.groupName = "bench-\(tag)"
        bootstrap.ownerEmail = "bench-\(tag)@example.com"
        bootstrap.ownerName = "Bench"
        bootstrap.ownerPassword = password
        let group = try await client.unary(
            AccessMethods.bootstrapGroup, request: bootstrap, response: Clientele_V1_BootstrapGroupResponse.self
        ).group.id
        var login = Clientele_V1_LoginRequest()
        login.groupID = group
        login.email = bootstrap.ownerEmail
        login.password = password
        let token = try await client.unary(
            AccessMethods.login, request: login, response: Clientele_V1_LoginResponse.self
        ).token
        var owner = Metadata()
        owner.append("authorization", "Bearer \(token)")
        var issue = Clientele_V1_IssueAPIKeyRequest()
        issue.groupID = group
        issue.name = "bench-follower"
        issue.role = .follower
        issue.scope.groupID = group
        let key = try await client.unary(
            AccessMethods.issueAPIKey, request: issue, response: Clientele_V1_IssueAPIKeyResponse.self,
            options: CallOptions(metadata: owner)
        ).secret
        var follower = Metadata()
        follower.append("authorization", "Bearer \(key)")
        var clients: [String] = []
        for index in 0..<max(self.writers, 1) {
            var create = Clientele_V1_CreateClientRequest()
            create.groupID = group
            create.fields.accountName = "bench-\(index)"
            clients.append(
                try await client.unary(
                    ClientsMethods.createClient, request: create, response: Clientele_V1_Client.self,
                    options: CallOptions(metadata: owner)
                ).id)
        }
        return Setup(group: group, ownerMetadata: owner, followerMetadata: follower, clients: clients)
    }

    // MARK: One phase

    private struct Outcome {
        var writesPerSecond: Double
        var delays: [Int64]
        var errors: Int
    }

    /// `writers` write for `duration` (each as fast as it is answered, or one write per `paced`)
    /// while `followers` follow the group from its end.
    private func phase(
        _ setup: Setup, followers: Int, writers: Int, duration: Duration, paced: Duration?
    ) async throws -> Outcome {
        let acknowledgements = Acknowledgements()
        let stop = StopFlag()
        // The followers start at the feed's end and are waiting before the first write.
        var cursors: [String] = []
        let connections = (0..<followers).map { _ in RPCClient(socketPath: self.socketPath) }
        for connection in connections {
            var request = Clientele_V1_FollowChangesRequest()
            request.groupID = setup.group
            request.fromNow = true
            cursors.append(
                try await connection.unary(
                    ChangesMethods.follow, request: request, response: Clientele_V1_FollowChangesResponse.self,
                    options: CallOptions(timeout: .seconds(10), metadata: setup.followerMetadata)
                ).nextCursor)
        }
        let group = setup.group
        let metadata = setup.followerMetadata
        let starts = cursors
        let following = (0..<followers).map { index in
            Task { () -> (seen: [(String, ContinuousClock.Instant)], errors: Int) in
                var seen: [(String, ContinuousClock.Instant)] = []
                var errors = 0
                var request = Clientele_V1_FollowChangesRequest()
                request.groupID = group
                request.afterCursor = starts[index]
                request.waitMillis = 1_000
                request.pageSize = 500
                while !stop.isSet {
                    do {
                        let answer = try await connections[index].unary(
                            ChangesMethods.follow, request: request, response: Clientele_V1_FollowChangesResponse.self,
                            options: CallOptions(timeout: .seconds(10), metadata: metadata))
                        let now = ContinuousClock.now
                        for change in answer.changes { seen.append(("\(change.objectID)@\(change.version)", now)) }
                        request.afterCursor = answer.nextCursor
                    } catch {
                        errors += 1
                    }
                }
                return (seen, errors)
            }
        }
        // Waiting: let every follower's first long poll reach the daemon.
        try await Task.sleep(for: .milliseconds(followers > 0 ? 200 : 0))
        let writerConnections = (0..<writers).map { _ in RPCClient(socketPath: self.socketPath) }
        let start = ContinuousClock.now
        let until = start + duration
        let owner = setup.ownerMetadata
        let (writes, writeErrors) = await withTaskGroup(of: (Int, Int).self) { tasks in
            for index in 0..<writers {
                let clientID = setup.clients[index]
                let connection = writerConnections[index]
                tasks.addTask {
                    var writes = 0
                    var errors = 0
                    var next = ContinuousClock.now
                    while ContinuousClock.now < until {
                        if let paced {
                            next += paced
                            try? await Task.sleep(until: next, clock: .continuous)
                        }
                        var update = Clientele_V1_UpdateClientRequest()
                        update.clientID = clientID
                        update.fields.companyName = "write \(writes) \(UUID().uuidString.prefix(6))"
                        update.updateMask.paths = ["company_name"]
                        do {
                            let answer = try await connection.unary(
                                ClientsMethods.updateClient, request: update, response: Clientele_V1_Client.self,
                                options: CallOptions(timeout: .seconds(30), metadata: owner))
                            acknowledgements.record("\(answer.id)@\(answer.version)", .now)
                            writes += 1
                        } catch {
                            errors += 1
                        }
                    }
                    return (writes, errors)
                }
            }
            return await tasks.reduce(into: (0, 0)) {
                $0.0 += $1.0; $0.1 += $1.1
            }
        }
        let elapsed = ContinuousClock.now - start
        // The followers take the last changes, then stop (each within its 1 s wait).
        try await Task.sleep(for: .milliseconds(300))
        stop.set()
        var delays: [Int64] = []
        var errors = writeErrors
        let acknowledged = acknowledgements.all
        for task in following {
            let (seen, failed) = await task.value
            errors += failed
            for (key, at) in seen {
                guard let ack = acknowledged[key] else { continue }
                let delay = at - ack
                delays.append(delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000)
            }
        }
        for connection in connections + writerConnections { await connection.close() }
        return Outcome(writesPerSecond: Double(writes) / Self.seconds(elapsed), delays: delays, errors: errors)
    }
}
