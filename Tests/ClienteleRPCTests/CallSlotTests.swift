import Testing

@testable import ClienteleRPC

@Suite("Call slots lent while waiting")
struct CallSlotTests {
    @Test("a call that lends its slot lets another run, then takes a slot back; outside a call nothing happens")
    func lendAndTakeBack() async throws {
        let scheduler = FairCallScheduler(limit: 1)
        let slot = CallSlot(scheduler: scheduler, connection: 1)
        #expect(await slot.acquire())
        #expect(scheduler.running == 1)
        await CallSlot.$current.withValue(slot) {
            CallSlot.lendCurrent()
            #expect(scheduler.running == 0)
            // Meanwhile another connection's call gets the only slot at once.
            let other = CallSlot(scheduler: scheduler, connection: 2)
            #expect(await other.acquire())
            let back = Task { await CallSlot.$current.withValue(slot) { await CallSlot.takeBackCurrent() } }
            for _ in 0..<500 where scheduler.waiting < 1 { try? await Task.sleep(for: .milliseconds(10)) }
            #expect(scheduler.waiting == 1)
            other.releaseIfHeld()
            await back.value
            #expect(scheduler.running == 1)
        }
        slot.releaseIfHeld()
        // A second release of the same slot gives nothing back twice.
        slot.releaseIfHeld()
        #expect(scheduler.running == 0)
        // Outside a call there is no slot to lend.
        CallSlot.lendCurrent()
        await CallSlot.takeBackCurrent()
        #expect(scheduler.running == 0)
    }
}
