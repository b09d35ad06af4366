import ArgumentParser
import ClienteleClient
import ClienteleProto
import ClienteleRPC

struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Check that the daemon serves; prints status, version, store state and uptime."
    )

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let client = ClienteleClient(socketPath: self.connection.socketPath)
        let answer: Clientele_V1_HealthCheckResponse
        do {
            answer = try await client.health.check(options: self.connection.callOptions(anonymous: true))
        } catch {
            throw self.connection.failure(error, anonymous: true)
        }
        try self.connection.printer.print(answer)
    }
}
