import Foundation
import SwiftProtobuf

/// Prints protobuf messages as JSON with proto field names, one document per call.
enum JSONOutput {
    static func print(_ message: any Message) throws {
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        options.alwaysPrintEnumsAsInts = false
        let json = try message.jsonString(options: options)
        FileHandle.standardOutput.write(Data((json + "\n").utf8))
    }
}
