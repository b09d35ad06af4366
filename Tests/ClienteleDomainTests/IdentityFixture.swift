import ClienteleDomain
import ClienteleStore
import ClienteleTestSupport
import Logging

/// A fresh store (`TestStore`: SQLite in memory, or PostgreSQL) with the identity services over it.
struct IdentityFixture {
    static let ownerEmail = "Owner@Example.com"
    static let password = "correct horse battery"

    let clock = TestClock()
    let database: any StoreDatabase
    let identity: IdentityService
    let authenticator: Authenticator
    let settings: IdentitySettings

    init(
        cacheMillis: Int64 = 0, operatorUIDs: Set<UInt32> = [], passwordCost: PasswordHasher.Cost = .fastForTests
    ) async throws {
        var settings = IdentitySettings()
        settings.passwordCost = passwordCost
        settings.principalCacheMillis = cacheMillis
        settings.operatorUIDs = operatorUIDs
        self.settings = settings
        self.database = try await TestStore.fresh()
        self.identity = IdentityService(
            database: self.database, clock: self.clock, ids: RandomIDGenerator(), settings: settings,
            logger: Logger(label: "test")
        )
        self.authenticator = Authenticator(
            database: self.database, clock: self.clock, settings: settings, daemonUID: 4242)
    }

    /// Bootstraps a group; returns its id and its owner's id.
    func bootstrap(_ name: String = "Acme", email: String = ownerEmail) async throws -> (group: String, owner: String) {
        let (group, owner) = try await self.identity.bootstrapGroup(
            name: name, ownerEmail: email, ownerName: "Olga Owner", ownerPassword: Self.password, .test()
        )
        return (group.id, owner.id)
    }
}
