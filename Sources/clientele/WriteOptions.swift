import ArgumentParser

/// The options of a command that writes: those of a read, plus the idempotency key.
struct WriteOptions: ParsableArguments, CallSettings {
    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Sent as the idempotency-key metadata: a replay within 24 hours returns the first answer.")
    var idempotencyKey: String?

    var output: OutputFormat { self.connection.output }
    var printer: Printer { self.connection.printer }
}
