import ClienteleStore

extension DomainError {
    /// A store or domain failure as the caller should see it.
    static func from(_ error: any Error) -> DomainError {
        switch error {
        case let error as DomainError: error
        case StoreError.duplicate(let field): .alreadyExists(field: field)
        case StoreError.notFound(let what): .notFound(what)
        case StoreError.unavailable(let why), StoreError.locked(let why): .unavailable(why)
        default: .unavailable("the store failed; see the daemon's log")
        }
    }
}

extension StoreDatabase {
    /// `write`, with every failure turned into a `DomainError`.
    func change<T: Sendable>(_ body: @escaping @Sendable (StoreContext) throws -> T) async throws(DomainError) -> T {
        do { return try await self.write(body) } catch { throw DomainError.from(error) }
    }

    /// `readByKey` (a short read of rows found by key, inline when it can be), with every
    /// failure turned into a `DomainError`.
    func lookByKey<T: Sendable>(
        _ body: @escaping @Sendable (StoreContext) throws -> T
    ) async throws(DomainError) -> T {
        do { return try await self.readByKey(body) } catch { throw DomainError.from(error) }
    }

    /// `read`, with every failure turned into a `DomainError`.
    func look<T: Sendable>(_ body: @escaping @Sendable (StoreContext) throws -> T) async throws(DomainError) -> T {
        do { return try await self.read(body) } catch { throw DomainError.from(error) }
    }
}
