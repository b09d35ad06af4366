import ArgumentParser
import ClienteleProto

/// The options of an `Address` (of a client or of a contact).
struct AddressOptions: ParsableArguments {
    @Option(help: "Country, ISO 3166-1 alpha-2 (e.g. DE).") var country: String?
    @Option(help: "Region or state.") var region: String?
    @Option(help: "City.") var city: String?
    @Option(help: "A street line of the address (repeatable, in order).") var lines: [String] = []
    @Option(help: "Postal code.") var postalCode: String?

    /// Sets the given parts; returns their mask paths ("address.city", …).
    func apply(to address: inout Clientele_V1_Address) -> [String] {
        var setter = FieldSetter(target: address)
        setter.set(self.country, "address.country", \.country)
        setter.set(self.region, "address.region", \.region)
        setter.set(self.city, "address.city", \.city)
        setter.set(self.lines.isEmpty ? nil : self.lines, "address.lines", \.lines)
        setter.set(self.postalCode, "address.postal_code", \.postalCode)
        address = setter.target
        return setter.paths
    }
}
