import Foundation
import SwiftProtobuf

/// Prints an answer for people: a list as rows with the command's columns, one
/// record as FIELD/VALUE lines. Times (`…at_millis`) are shown as UTC dates.
enum TableOutput {
    static let maximumCellWidth = 60

    /// `columns` are dotted paths into each row (e.g. "fields.account_name"); when
    /// given, the answer's first list of records is shown as rows.
    static func print(_ message: any Message, columns: [String]) throws {
        let json = try JSONValue.parse(message.jsonString(options: JSONOutput.options))
        var text: String
        if columns.isEmpty {
            text = self.render([["FIELD", "VALUE"]] + self.flatten(json, prefix: ""))
        } else {
            let header = columns.map { $0.hasPrefix("fields.") ? String($0.dropFirst(7)) : $0 }
            let rows = self.records(in: json).map { row in columns.map { self.cell(row.value(at: $0), path: $0) } }
            text = self.render([header.map { $0.uppercased() }] + rows)
            if case .string(let token)? = json.value(at: "next_page_token"), !token.isEmpty {
                text += "(more: --page-token \(token), or --all)\n"
            }
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// The first member of the answer that is a list of records; none when the list is empty.
    static func records(in json: JSONValue) -> [JSONValue] {
        guard case .object(let members) = json else { return [] }
        for member in members {
            if case .array(let items) = member.value, case .object? = items.first { return items }
        }
        return []
    }

    /// FIELD/VALUE lines for every scalar of a record, nested paths dotted.
    static func flatten(_ json: JSONValue, prefix: String) -> [[String]] {
        switch json {
        case .object(let members):
            return members.flatMap { self.flatten($0.value, prefix: prefix.isEmpty ? $0.key : "\(prefix).\($0.key)") }
        case .array(let items) where items.contains(where: { if case .object = $0 { true } else { false } }):
            return items.enumerated().flatMap { self.flatten($1, prefix: "\(prefix)[\($0)]") }
        default:
            return [[prefix, self.cell(json, path: prefix)]]
        }
    }

    static func cell(_ value: JSONValue?, path: String) -> String {
        let text: String
        switch value {
        case nil, .null?: text = ""
        case .bool(let flag)?: text = flag ? "true" : "false"
        case .number(let scalar)?, .string(let scalar)?:
            text = path.hasSuffix("at_millis") ? Int64(scalar).map(self.date) ?? scalar : scalar
        case .array(let items)?: text = items.map { self.cell($0, path: path) }.joined(separator: ", ")
        case .object(let members)?:
            text = members.map { "\($0.key)=\(self.cell($0.value, path: $0.key))" }.joined(separator: " ")
        }
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > self.maximumCellWidth ? String(flat.prefix(self.maximumCellWidth - 1)) + "…" : flat
    }

    static func date(_ millis: Int64) -> String {
        guard millis != 0 else { return "" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    /// Columns padded to their widest cell, two spaces apart.
    static func render(_ lines: [[String]]) -> String {
        let widths = (0..<(lines.first?.count ?? 0)).map { column in lines.map { $0[column].count }.max() ?? 0 }
        return lines.map { line in
            let padded = zip(line, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
            return String(padded.joined(separator: "  ").reversed().drop { $0 == " " }.reversed())
        }.joined(separator: "\n") + "\n"
    }
}
