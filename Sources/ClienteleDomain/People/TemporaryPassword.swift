/// Temporary passwords for portal invitations: 16 characters from an alphabet
/// without look-alikes (about 80 bits).
enum TemporaryPassword {
    private static let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789")

    /// Each character from one random byte, rejecting bytes past the largest multiple of the alphabet's size (no bias).
    static func make(using random: any IDGenerator) -> String {
        let limit = 256 - 256 % self.alphabet.count
        var characters: [Character] = []
        while characters.count < 16 {
            for byte in random.randomBytes(16 - characters.count) where Int(byte) < limit {
                characters.append(self.alphabet[Int(byte) % self.alphabet.count])
            }
        }
        return String(characters)
    }
}
