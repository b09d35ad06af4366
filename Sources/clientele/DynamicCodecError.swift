/// What the dynamic codec could not encode or decode, and where: "field fields.address: …".
struct DynamicCodecError: Error, CustomStringConvertible {
    /// The field's dotted path (`items[2].name`); empty for the message itself.
    let path: String
    let reason: String

    var description: String { self.path.isEmpty ? self.reason : "field \(self.path): \(self.reason)" }
}
