import ArgumentParser

/// The options of a command that only reads: where to call and how to print.
struct ReadOptions: ParsableArguments, CallSettings {
    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Print the answer as json (protobuf JSON, the default) or as a table.")
    var output: OutputFormat = .json

    var idempotencyKey: String? { nil }
}
