import ArgumentParser
import Foundation

/// `clientele clients template`: the import file's header and an example row.
struct ClientsTemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write the client import template (CSV: the header and one example row).",
        discussion: "Columns (* required; any subset in any order, unknown ones refused):\n"
            + ClientImportTemplate.help
    )

    @Option(help: "Write to this file instead of standard output (formerly --output, still accepted).")
    var file: String?

    func run() async throws {
        let data = Data(ClientImportTemplate.csv.utf8)
        if let output = self.file {
            guard FileManager.default.createFile(atPath: output, contents: data) else {
                throw ValidationError("cannot write \(output)")
            }
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}
