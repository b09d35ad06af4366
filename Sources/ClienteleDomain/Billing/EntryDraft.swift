/// An entry as requested: its kind, its positive amount and details.
public struct EntryDraft: Sendable {
    public var kind: EntryKind
    /// Positive minor units; the kind decides the sign.
    public var amountMinor: Int64
    public var comment = ""
    public var paymentMethod = ""
    public var paymentReference = ""
    public var paymentPayer = ""
    /// For a payment correction: the credit entry it corrects.
    public var correctsEntryID = ""
    /// For a credit note from a negative package.
    public var packageName = ""

    public init(kind: EntryKind, amountMinor: Int64) {
        self.kind = kind
        self.amountMinor = amountMinor
    }
}
