import Foundation
import SwiftProtobuf

/// Names the field of a JSON request that its message cannot take (a wrong type, a number
/// out of range, an unknown enum name), by decoding the top-level fields one at a time.
enum JSONFieldBlame {
    static func field(of json: Data, as type: any Message.Type, options: JSONDecodingOptions) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else { return nil }
        for key in object.keys.sorted() {
            guard let value = object[key],
                let alone = try? JSONSerialization.data(withJSONObject: [key: value])
            else { continue }
            if (try? type.init(jsonUTF8Data: alone, options: options)) == nil { return key }
        }
        return nil
    }
}
