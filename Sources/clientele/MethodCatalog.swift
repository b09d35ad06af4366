import ClienteleAPI

/// The RPCs `clientele call` knows: the contract's generated table (`ClienteleContract`).
enum MethodCatalog {
    static let entries = ClienteleContract.methods

    /// The method named `service/method` (a leading `/` is allowed).
    static func entry(_ fullName: String) -> MethodSignature? {
        let name = fullName.hasPrefix("/") ? String(fullName.dropFirst()) : fullName
        return self.entries.first { $0.fullName == name }
    }
}
