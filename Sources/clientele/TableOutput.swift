import Foundation
import SwiftProtobuf

/// An answer for people: a list as rows with the command's columns, one record as
/// FIELD/VALUE lines. Enum values are shown as they are typed (`active`, `owner`), times
/// (`…at_millis`) as RFC 3339 in UTC, amounts (`…_minor`) with their currency's decimals
/// and code (`12.50 EUR`); columns are aligned by display width (CJK characters take two).
enum TableOutput {
    static let maximumCellWidth = 60

    static func print(_ message: any Message, columns: [String]) throws {
        try Printer(format: .table).print(message, columns: columns)
    }

    /// `columns` are dotted paths into each row (e.g. "fields.account_name"); when given, the
    /// answer's first list of records is shown as rows. `picked`: the columns are the user's
    /// `--fields`, also for one record.
    static func render(_ json: JSONValue, columns: [String], picked: Bool = false) -> String {
        let money = Money(in: json)
        let records = self.records(in: json)
        guard !columns.isEmpty, !(picked && records == nil) else {
            var lines = self.flatten(json, prefix: "", money: money)
            if picked {
                lines = lines.filter { line in columns.contains { line.path == $0 || line.path.hasPrefix($0 + ".") } }
            }
            return self.render([["FIELD", "VALUE"]] + lines.map { [self.header($0.path), $0.value] })
        }
        let header = columns.map { self.header($0.hasPrefix("fields.") ? String($0.dropFirst(7)) : $0).uppercased() }
        let rows = (records ?? []).map { row in
            let money = Money(in: row, outer: money)
            return columns.map { self.cell(row.value(at: $0), path: $0, money: money) }
        }
        var text = self.render([header] + rows)
        if case .string(let token)? = json.value(at: "next_page_token"), !token.isEmpty {
            text += "(more: --page-token \(token), or --all)\n"
        }
        return text
    }

    static func isRecordList(_ value: JSONValue) -> Bool {
        if case .array(let items) = value, case .object? = items.first { return true }
        return false
    }

    /// The first member of the answer that is a list of records; nil when there is none.
    static func records(in json: JSONValue) -> [JSONValue]? {
        guard case .object(let members) = json else { return nil }
        for member in members {
            if case .array(let items) = member.value, case .object? = items.first { return items }
        }
        return nil
    }

    struct Line {
        let path: String
        let value: String
    }

    /// FIELD/VALUE lines for every scalar of a record, nested paths dotted.
    static func flatten(_ json: JSONValue, prefix: String, money: Money) -> [Line] {
        switch json {
        case .object(let members):
            let money = Money(in: json, outer: money)
            return members.flatMap {
                self.flatten($0.value, prefix: prefix.isEmpty ? $0.key : "\(prefix).\($0.key)", money: money)
            }
        case .array(let items) where items.contains(where: { if case .object = $0 { true } else { false } }):
            return items.enumerated().flatMap { self.flatten($1, prefix: "\(prefix)[\($0)]", money: money) }
        default:
            return [Line(path: prefix, value: self.cell(json, path: prefix, money: money))]
        }
    }

    /// A column or field name without the unit the value no longer shows: created_at_millis → created_at.
    static func header(_ path: String) -> String {
        if self.isTime(path) { return String(path.dropLast("_millis".count)) }
        if self.isMoney(path) { return String(path.dropLast("_minor".count)) }
        return path
    }

    static func isTime(_ path: String) -> Bool {
        let key = path.split(separator: ".").last.map(String.init) ?? path
        return ["at_millis", "start_millis", "end_millis", "since_millis", "until_millis"].contains {
            key.hasSuffix($0)
        }
    }

    static func isMoney(_ path: String) -> Bool { path.hasSuffix("_minor") }

    static func cell(_ value: JSONValue?, path: String, money: Money = Money()) -> String {
        let text: String
        switch value {
        case nil, .null?: text = ""
        case .bool(let flag)?: text = flag ? "true" : "false"
        case .number(let scalar)?, .string(let scalar)?:
            if self.isTime(path), let millis = Int64(scalar) {
                text = self.date(millis)
            } else if self.isMoney(path), let minor = Int64(scalar) {
                text = money.format(minor)
            } else {
                text = self.typedEnumValues[scalar] ?? scalar
            }
        case .array(let items)?: text = items.map { self.cell($0, path: path, money: money) }.joined(separator: ", ")
        case .object(let members)?:
            text = members.map { "\($0.key)=\(self.cell($0.value, path: $0.key, money: money))" }.joined(separator: " ")
        }
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return DisplayWidth.truncate(flat, to: self.maximumCellWidth)
    }

    /// The API's enum values as they are typed on the command line: CLIENT_STATUS_ACTIVE → active.
    static let typedEnumValues = ProtoCatalog.builtIn.typedEnumValues

    static func date(_ millis: Int64) -> String {
        guard millis != 0 else { return "" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    /// Columns padded to their widest cell (in display width), two spaces apart.
    static func render(_ lines: [[String]]) -> String {
        let count = lines.map(\.count).max() ?? 0
        let widths = (0..<count).map { column in
            lines.map { column < $0.count ? DisplayWidth.of($0[column]) : 0 }.max() ?? 0
        }
        return lines.map { line in
            let padded = line.enumerated().map { DisplayWidth.pad($1, to: widths[$0]) }
            return String(padded.joined(separator: "  ").reversed().drop { $0 == " " }.reversed())
        }.joined(separator: "\n") + "\n"
    }

    /// The currency an amount is in: the `currency` (and `currency_exponent`) of its record or an enclosing one.
    struct Money {
        var currency: String?
        var exponent: Int?

        init() {}

        init(in json: JSONValue, outer: Money = Money()) {
            self = outer
            if case .string(let code)? = json.value(at: "currency"), !code.isEmpty {
                self.currency = code
                self.exponent = nil
            } else if case .string(let code)? = json.value(at: "fields.currency"), !code.isEmpty {
                self.currency = code
                self.exponent = nil
            }
            switch json.value(at: "currency_exponent") {
            case .number(let text)?, .string(let text)?: self.exponent = Int(text) ?? self.exponent
            default: break
            }
        }

        /// 1250 → "12.50 EUR"; the number alone when the currency is not known.
        func format(_ minor: Int64) -> String {
            guard let currency else { return String(minor) }
            let exponent = self.exponent ?? CurrencyExponent.of(currency)
            return StatementTable.amount(minor, exponent: exponent) + " " + currency
        }
    }
}

/// ISO 4217 minor units: 2 unless listed.
enum CurrencyExponent {
    static let exceptions: [String: Int] = [
        "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0, "RWF": 0,
        "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
        "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3, "CLF": 4, "UYW": 4,
    ]

    static func of(_ currency: String) -> Int { self.exceptions[currency.uppercased()] ?? 2 }
}
