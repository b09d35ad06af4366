/// What a friendly command needs to make its call: the connection, the output
/// format and, for writes, the idempotency key.
protocol CallSettings {
    var connection: ConnectionOptions { get }
    var output: OutputFormat { get }
    var printer: Printer { get }
    var idempotencyKey: String? { get }
}
