import ClienteleDomain
import Testing

/// The test-only generator of `clienteled --test-deterministic`: the same seed gives the same ids and
/// secrets in every run, in the same format as the random ones.
@Suite("Seeded ids and secrets")
struct SeededIDGeneratorTests {
    @Test("the same seed gives the same sequence; another seed another one")
    func sequence() {
        let first = SeededIDGenerator(seed: 42)
        let again = SeededIDGenerator(seed: 42)
        let other = SeededIDGenerator(seed: 43)
        let ids = (0..<5).map { _ in first.make("cli") }
        #expect(ids == (0..<5).map { _ in again.make("cli") })
        #expect(ids != (0..<5).map { _ in other.make("cli") })
        #expect(Set(ids).count == ids.count)
        #expect(SecretToken.make(.session, using: first) == SecretToken.make(.session, using: again))
    }

    @Test("ids and tokens look like the random ones")
    func format() {
        let seeded = SeededIDGenerator(seed: 7)
        let random = RandomIDGenerator()
        for generator in [seeded, random] as [any IDGenerator] {
            let id = generator.make("usr")
            #expect(id.hasPrefix("usr_") && id.count == 4 + 26, "\(id)")
            let token = SecretToken.make(.apiKey, using: generator)
            #expect(SecretToken.kind(of: token) == .apiKey)
            #expect(token.count == 6 + 52, "\(token)")
            #expect(generator.randomBytes(33).count == 33)
        }
    }
}
