import Foundation
import SwiftProtobuf

/// Prints protobuf messages as JSON with proto field names, one document per call.
enum JSONOutput {
    static var options: JSONEncodingOptions {
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        options.alwaysPrintEnumsAsInts = false
        // maps sorted by key, so that an answer prints the same every time
        options.useDeterministicOrdering = true
        return options
    }

    static func print(_ message: any Message) throws {
        let json = try message.jsonString(options: self.options)
        FileHandle.standardOutput.write(Data((json + "\n").utf8))
    }
}
