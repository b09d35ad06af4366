public import Foundation

/// A recorded contract case (Tests/Contract/cases/NNN-name/): the method, the metadata
/// sent and the request message's bytes. Seeds the corpus with requests a real client sent.
public struct ContractCase: Sendable {
    public let name: String
    public let service: String
    public let method: String
    public let metadata: [(key: String, value: String)]
    public let request: [UInt8]

    /// Every case under `folder`, in order; the folder named by `CLIENTELE_FUZZ_CONTRACT_CASES` when nil.
    public static func all(
        in folder: String? = ProcessInfo.processInfo.environment["CLIENTELE_FUZZ_CONTRACT_CASES"]
    )
        throws -> [ContractCase]
    {
        guard let folder else { return [] }
        let root = URL(fileURLWithPath: folder)
        return try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { name in
            let caseFolder = root.appendingPathComponent(name)
            let meta =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: caseFolder.appendingPathComponent("meta.json"))) as? [String: Any]
            guard let meta, let service = meta["service"] as? String, let method = meta["method"] as? String,
                let pairs = meta["metadata"] as? [[String]]
            else { throw CocoaError(.fileReadCorruptFile) }
            return ContractCase(
                name: name, service: service, method: method,
                metadata: pairs.filter { $0.count == 2 }.map { (key: $0[0], value: $0[1]) },
                request: Array(try Data(contentsOf: caseFolder.appendingPathComponent("request.bin"))))
        }
    }

    public func header(_ key: String) -> String? {
        self.metadata.first { $0.key == key }?.value
    }
}
