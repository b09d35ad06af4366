public import ClienteleStore
import CoreMetrics
public import Logging

/// The one path every password check takes (Login, ChangePassword, AcceptInvitation):
/// failures are counted per sign-in name (group and email) and lock it for a time that
/// doubles with each further failure, and every check costs exactly one scrypt, so that
/// an unknown email, an account without a password, a locked name and a wrong password
/// answer alike and in the same time.
public struct CredentialCheck: Sendable {
    let database: any StoreDatabase
    let clock: any Clock
    let settings: IdentitySettings
    let hasher: PasswordHasher
    let logger: Logger

    static let wrong = DomainError.unauthenticated("wrong email or password")

    /// The account named by `groupID` and `email` when `password` is its password.
    /// Throws `.resourceExhausted` while the name is locked, `.unauthenticated` otherwise.
    public func verify(groupID: String, email: String, password: String) async throws(DomainError) -> UserRecord {
        let now = self.clock.nowMillis()
        let (account, throttle) = try await self.database.look { store in
            (
                try store.users.fetch(email: email, inGroup: groupID),
                try store.signInThrottle.state(groupID: groupID, email: email)
            )
        }
        return try await self.verify(
            account, groupID: groupID, email: email, password: password, throttle: throttle, now: now)
    }

    /// As `verify(groupID:email:password:)` for an account already read (an invitation's).
    func verify(_ account: UserRecord, password: String) async throws(DomainError) -> UserRecord {
        let now = self.clock.nowMillis()
        let throttle = try await self.database.look { store in
            try store.signInThrottle.state(groupID: account.groupID, email: account.email)
        }
        return try await self.verify(
            account, groupID: account.groupID, email: account.email, password: password, throttle: throttle,
            now: now)
    }

    private func verify(
        _ account: UserRecord?, groupID: String, email: String, password: String,
        throttle: (failures: Int, lockedUntil: Int64?)?, now: Int64
    ) async throws(DomainError) -> UserRecord {
        if let lockedUntil = throttle?.lockedUntil, lockedUntil > now {
            SignInMetrics.throttled.increment()
            self.hasher.burnVerification(password)
            throw .resourceExhausted(
                "too many failed sign-ins for this account; try again in \((lockedUntil - now + 999) / 1000) s")
        }
        let matches: Bool
        if let account, let hash = account.passwordHash, let salt = account.passwordSalt {
            matches = self.hasher.verify(password, hash: hash, salt: salt)
        } else {
            self.hasher.burnVerification(password)
            matches = false
        }
        guard matches, let account else {
            SignInMetrics.failures.increment()
            try await self.recordFailure(groupID: groupID, email: email, now: now)
            throw Self.wrong
        }
        if throttle != nil {
            try await self.database.change { store in try store.signInThrottle.clear(groupID: groupID, email: email) }
        }
        return account
    }

    private func recordFailure(groupID: String, email: String, now: Int64) async throws(DomainError) {
        let settings = self.settings
        let failures = try await self.database.change { store -> Int in
            try store.signInThrottle.prune(before: now - settings.maximumLockMillis - 24 * 3600 * 1000)
            return try store.signInThrottle.recordFailure(groupID: groupID, email: email, now: now) { failures in
                let over = failures - settings.freeFailedLogins
                guard over >= 0 else { return nil }
                return now + min(settings.firstLockMillis << Int64(min(over, 30)), settings.maximumLockMillis)
            }
        }
        if failures >= self.settings.freeFailedLogins {
            SignInMetrics.locks.increment()
            self.logger.warning(
                "sign-ins failing for a name", metadata: ["group": "\(groupID)", "failures": "\(failures)"])
        }
    }
}

/// Sign-in metrics (swift-metrics), made on first use from the bootstrapped factory.
public enum SignInMetrics {
    /// Makes the counters now, so that they are shown (at 0) before the first sign-in.
    public static func register() { _ = (Self.failures, Self.throttled, Self.locks) }

    /// Wrong passwords, unknown names and accounts without a password.
    static let failures = Counter(label: "clientele_signin_failures_total")
    /// Checks refused at once because the name was locked (RESOURCE_EXHAUSTED).
    static let throttled = Counter(label: "clientele_signin_throttled_total")
    /// Failures that locked the name (or lengthened its lock).
    static let locks = Counter(label: "clientele_signin_locks_total")
}
