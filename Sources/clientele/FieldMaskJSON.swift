/// google.protobuf.FieldMask's JSON form: its paths joined by commas, each in lowerCamelCase
/// ("companyName,address.city"), converted by SwiftProtobuf's rules so both paths agree.
enum FieldMaskJSON {
    static let typeName = "google.protobuf.FieldMask"

    /// "companyName,address.city" → ["company_name", "address.city"]; nil when a path is not
    /// lowerCamelCase (an underscore, a character other than letters, digits, `.`, `(`, `)`).
    static func paths(_ text: String) -> [String]? {
        guard !text.isEmpty else { return [] }
        var paths: [String] = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !name.isEmpty, self.isPrintableASCII(name) else { return nil }
            var path = ""
            for character in name {
                switch character {
                case "A"..."Z": path += "_" + character.lowercased()
                case "a"..."z", "0"..."9", ".", "(", ")": path.append(character)
                default: return nil
                }
            }
            paths.append(path)
        }
        return paths
    }

    /// ["company_name", "address.city"] → "companyName,address.city"; nil when a path cannot be
    /// written in lowerCamelCase (an upper-case letter, `_` not before a lower-case letter).
    static func text(_ paths: [String]) -> String? {
        var names: [String] = []
        for path in paths {
            guard self.isPrintableASCII(path[...]) else { return nil }
            var name = ""
            var characters = path.makeIterator()
            while let character = characters.next() {
                switch character {
                case "_":
                    guard let next = characters.next(), ("a"..."z").contains(next) else { return nil }
                    name += next.uppercased()
                case "a"..."z", "0"..."9", ".", "(", ")": name.append(character)
                default: return nil
                }
            }
            names.append(name)
        }
        return names.joined(separator: ",")
    }

    private static func isPrintableASCII(_ text: Substring) -> Bool {
        text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
