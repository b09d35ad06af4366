import ArgumentParser
import ClienteleRPC
import Foundation

/// Prints a failed call as JSON on standard error and exits with its status code.
enum CallFailure {
    static func exit(_ error: RPCError) -> ExitCode {
        let escaped = error.message
            .replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        let line = "{\"code\":\"\(error.code)\",\"message\":\"\(escaped)\"}\n"
        FileHandle.standardError.write(Data(line.utf8))
        return ExitCode(error.code.rawValue)
    }
}
