import ArgumentParser
import Foundation

/// Reads a password without putting it on the command line, where other users could see it.
enum SecretInput {
    static func read(prompt: String, fromStandardInput: Bool) throws -> String {
        if fromStandardInput {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("expected the password on standard input")
            }
            return line
        }
        guard isatty(STDIN_FILENO) == 1, let typed = getpass(prompt) else {
            throw ValidationError("no terminal to ask for the password; pass it with --password-stdin")
        }
        return String(cString: typed)
    }
}
