import ArgumentParser
import ClienteleAPI
import ClienteleProto
import ClienteleRPC
import Foundation

/// `clientele changes follow`: the group's change feed, one JSON line per change, for as long as it runs.
struct ChangesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "The change feed: what changed in a group, in commit order.",
        discussion: """
            Example (a service following with a follower key, resuming where it stopped):
              clientele keys issue --group grp_… --name sync --role follower
              clientele changes follow --group-id grp_… --kinds client_updated contact --after "$(cat cursor)"
            """,
        subcommands: [Follow.self]
    )

    struct Follow: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print each change as one JSON line and keep following (Ctrl-C stops).",
            discussion: """
                Each line is a clientele.v1.Change; its "cursor" is where to resume (--after). \
                With nothing new, each call waits up to --wait seconds for the next commit (long poll), \
                so a change is printed milliseconds after it commits. A daemon that is away (restarting) \
                is called again every second from the same cursor. A cursor older than the daemon's \
                --changes-retention-hours exits with FAILED_PRECONDITION (9), naming the oldest cursor served.
                """)

        @OptionGroup var connection: ConnectionOptions
        @Option(help: .groupID) var groupId: String
        @Option(parsing: .upToNextOption, help: "Only these kinds (default: all).")
        var kinds: [Clientele_V1_ChangeKind] = []
        @Option(help: "Resume after this cursor (a change's \"cursor\"). Default: the oldest change kept.")
        var after: String?
        @Flag(help: "Without --after: only changes committed from now on.") var fromNow = false
        @Option(help: "Seconds each call waits for a change when there is none (at most 30).") var wait = 25.0
        @Option(help: "Changes per call, 1–500 (0: the daemon's default, 100).") var pageSize: Int32 = 0
        @Flag(help: "Stop once caught up (no change waiting) instead of following.") var once = false

        func validate() throws {
            guard self.wait >= 0, self.wait <= 30 else { throw ValidationError("--wait must be 0–30 seconds") }
            guard self.after == nil || !self.fromNow else { throw ValidationError("--from-now takes no --after") }
        }

        func run() async throws {
            let client = RPCClient(socketPath: self.connection.socketPath)
            defer { Task { await client.close() } }
            var options = self.connection.callOptions()
            // The answer comes when a change commits or the wait ends; --timeout is on top of it.
            options.timeout = .milliseconds(Int64((self.wait + self.connection.timeout) * 1000))
            var request = Clientele_V1_FollowChangesRequest()
            request.groupID = self.groupId
            request.kinds = self.kinds
            request.afterCursor = self.after ?? ""
            request.fromNow = self.fromNow
            request.pageSize = self.pageSize
            request.waitMillis = self.once ? 0 : Int32(self.wait * 1000)
            while true {
                let answer: Clientele_V1_FollowChangesResponse
                do {
                    answer = try await client.unary(ChangesMethods.follow, request: request, options: options)
                } catch let error where error.code == .unavailable && !self.once {
                    FileHandle.standardError.write(Data("changes follow: \(error.message); again in 1 s\n".utf8))
                    try await Task.sleep(for: .seconds(1))
                    continue
                } catch {
                    throw self.connection.failure(error)
                }
                for change in answer.changes { try self.connection.printer.print(change) }
                request.afterCursor = answer.nextCursor
                request.fromNow = false
                if self.once && !answer.more { return }
            }
        }
    }
}
