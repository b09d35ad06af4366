import ArgumentParser

/// The options of a command that only reads: where to call and how to print.
struct ReadOptions: ParsableArguments, CallSettings {
    @OptionGroup var connection: ConnectionOptions

    var output: OutputFormat { self.connection.output }
    var printer: Printer { self.connection.printer }
    var idempotencyKey: String? { nil }
}
