/// One-time invitation tokens: `clt_i_` and 256 random bits. Only their SHA-256
/// is stored; the token itself travels in the outbox message to the invitee.
/// They are not bearer credentials: the authenticator refuses them.
enum InvitationToken {
    static let prefix = "clt_i_"

    static func make(using random: any IDGenerator) -> String {
        self.prefix + Base32.encode(random.randomBytes(32))
    }
}
