/// Minor units shown with their currency's decimals, for messages: 1250 EUR → "12.50 EUR".
enum Money {
    static func format(_ minor: Int64, _ currency: String) -> String {
        let exponent = Currency.exponent(of: currency) ?? 2
        let magnitude = minor.magnitude
        var scale: UInt64 = 1
        for _ in 0..<exponent { scale *= 10 }
        let whole = magnitude / scale
        let sign = minor < 0 ? "-" : ""
        guard exponent > 0 else { return "\(sign)\(whole) \(currency)" }
        let fraction = String(magnitude % scale)
        let padded = String(repeating: "0", count: exponent - fraction.count) + fraction
        return "\(sign)\(whole).\(padded) \(currency)"
    }
}
