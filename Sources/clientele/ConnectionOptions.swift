import ArgumentParser
import ClienteleClient
import ClienteleRPC
import Foundation

/// Options shared by every subcommand that calls the daemon.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "The daemon's socket (default: $CLIENTELE_SOCKET, else var/run/clienteled.sock).")
    var socket: String?

    @Option(help: "Seconds to wait for the answer.")
    var timeout = 10.0

    var socketPath: String {
        self.socket ?? ProcessInfo.processInfo.environment["CLIENTELE_SOCKET"] ?? ClienteleClient.defaultSocketPath
    }

    var callOptions: CallOptions {
        CallOptions(timeout: .milliseconds(Int64(self.timeout * 1000)))
    }

    func validate() throws {
        guard self.timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
    }
}
