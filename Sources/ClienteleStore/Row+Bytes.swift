import Foundation
import GRDB

extension Row {
    /// A BLOB column as bytes.
    func bytes(_ column: String) throws -> [UInt8] {
        try Array(self.decode(Data.self, forColumn: column))
    }

    /// A nullable BLOB column as bytes.
    func optionalBytes(_ column: String) throws -> [UInt8]? {
        try self.decode(Data?.self, forColumn: column).map { Array($0) }
    }
}
