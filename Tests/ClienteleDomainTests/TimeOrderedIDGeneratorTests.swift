import ClienteleDomain
import Testing

@Suite("Time-ordered ids")
struct TimeOrderedIDGeneratorTests {
    @Test("ids sort by the time they were made, and differ within one millisecond")
    func sortByTime() {
        let clock = TestClock()
        let ids = TimeOrderedIDGenerator(clock: clock)
        var made: [String] = []
        for step in 0..<200 {
            made.append(ids.make("cli"))
            // Steps of 1 ms and of about a day, so that every time character moves.
            clock.advance(millis: step.isMultiple(of: 2) ? 1 : 86_400_000 + Int64(step))
        }
        #expect(made == made.sorted())
        #expect(Set(made).count == made.count)
        let sameMillisecond = (0..<1000).map { _ in ids.make("cli") }
        #expect(Set(sameMillisecond).count == 1000)
        #expect(made.allSatisfy { $0.hasPrefix("cli_") && $0.count == 4 + 26 })
    }
}
