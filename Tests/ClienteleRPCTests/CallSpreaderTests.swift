import NIOCore
import NIOEmbedded
import NIOPosix
import Testing

@testable import ClienteleRPC

@Suite("Where a connection's calls run")
struct CallSpreaderTests {
    @Test(
        "a call runs on its connection's loop unless that loop holds the backlog more queued than another, then on the least busy"
    )
    func spreadsPastTheBacklog() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 3)
        defer { try? group.syncShutdownGracefully() }
        let spreader = CallSpreader(group: group, backlog: 2)
        let loops = spreader.loops
        #expect(loops.count == 3)
        let home = spreader.home(loops[1].executor.eventLoop)
        #expect(home === loops[1])
        #expect(spreader.loop(from: home) === home)
        home.enqueued()
        // One more than the others: under the backlog.
        #expect(spreader.loop(from: home) === home)
        home.enqueued()
        loops[0].enqueued()
        // Two more than loops[2] (the backlog), one more than loops[0]: the least busy.
        #expect(spreader.loop(from: home) === loops[2])
        loops[2].enqueued()
        // Every other loop within the backlog of home: no hop.
        #expect(spreader.loop(from: home) === home)
        home.enqueued()
        home.enqueued()
        // The first of equals.
        #expect(spreader.loop(from: home) === loops[0])
        // Started calls no longer count.
        home.started()
        home.started()
        #expect(spreader.loop(from: home) === home)
    }

    @Test("a backlog of 0, one loop, or a loop outside the group never spreads")
    func staysHome() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        defer { try? group.syncShutdownGracefully() }
        let off = CallSpreader(group: group, backlog: 0)
        let home = off.home(off.loops[0].executor.eventLoop)
        for _ in 0..<10 { home.enqueued() }
        #expect(off.loop(from: home) === home)

        let single = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? single.syncShutdownGracefully() }
        let alone = CallSpreader(group: single, backlog: 1)
        let only = alone.loops[0]
        for _ in 0..<10 { only.enqueued() }
        #expect(alone.loop(from: only) === only)

        let spreader = CallSpreader(group: group, backlog: 1)
        let embedded = EmbeddedEventLoop()
        let outside = spreader.home(embedded)
        #expect(!spreader.loops.contains { $0 === outside })
        for _ in 0..<10 { outside.enqueued() }
        #expect(spreader.loop(from: outside) === outside)
    }
}
