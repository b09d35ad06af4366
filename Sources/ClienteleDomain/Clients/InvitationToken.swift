/// One-time invitation tokens: `clt_i_` and 256 random bits. Only their SHA-256
/// is stored; the token itself travels in the outbox message to the invitee.
/// They are not bearer credentials: the authenticator refuses them.
enum InvitationToken {
    static let prefix = "clt_i_"

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return self.prefix + Base32.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
