import SwiftProtobuf

/// A request that carries a password. Its idempotency fingerprint is taken with the
/// passwords cleared, so that no fast hash of a password is kept at rest; a replay
/// that differs only in a password answers the first answer.
protocol PasswordBearingRequest: Message {
    /// This request with every password field empty.
    var withoutPasswords: Self { get }
}
