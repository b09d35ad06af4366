/// Temporary passwords for portal invitations: 16 characters from an alphabet
/// without look-alikes (about 80 bits).
enum TemporaryPassword {
    private static let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789")

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in self.alphabet.randomElement(using: &generator)! })
    }
}
