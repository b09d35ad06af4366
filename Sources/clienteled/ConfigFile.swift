/// A value of the configuration file: the TOML types clienteled's keys use.
enum ConfigValue: Equatable, Sendable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    case array([ConfigValue])

    /// The TOML type's name, as error messages give it ("found a string").
    var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .array: "array"
        }
    }

    /// The value written as TOML (`"var/data"`, `1024`, `10.0`, `true`, `[1001, 1002]`).
    var toml: String {
        switch self {
        case .string(let s): ConfigValue.quoted(s)
        case .integer(let i): String(i)
        case .float(let d): d.isNaN ? "nan" : d.isInfinite ? (d < 0 ? "-inf" : "inf") : String(d)
        case .boolean(let b): b ? "true" : "false"
        case .array(let elements): "[" + elements.map(\.toml).joined(separator: ", ") + "]"
        }
    }

    /// A TOML basic string (`QuotedString`).
    static func quoted(_ text: String) -> String { QuotedString.of(text) }
}

/// One `key = value` of a configuration file, with the line it starts on.
struct ConfigEntry: Equatable, Sendable {
    var key: String
    var value: ConfigValue
    var line: Int
}

/// A configuration file that cannot be read: the file, the line (1-based; 0 when the whole file
/// is at fault) and what is wrong, printed as `file:line: message`.
struct ConfigError: Error, CustomStringConvertible, Equatable {
    var file: String
    var line: Int
    var message: String

    var description: String {
        if self.file.isEmpty { return self.message }
        return self.line > 0 ? "\(self.file):\(self.line): \(self.message)" : "\(self.file): \(self.message)"
    }
}

/// Reads the subset of TOML 1.0 that clienteled's configuration uses: top-level `key = value`
/// lines with bare keys, basic ("…") and literal ('…') one-line strings, integers (decimal,
/// 0x, 0o, 0b, with `_` between digits), floats (also inf and nan), booleans, and arrays of
/// these (over several lines too), with `#` comments. Anything else of TOML (tables, dotted or
/// quoted keys, inline tables, multi-line strings, dates) is an error naming its line, never
/// silently skipped; so is a key given twice.
struct ConfigFileParser {
    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1

    /// Parses `text`; `file` names it in errors.
    static func parse(_ text: String, file: String) throws(ConfigError) -> [ConfigEntry] {
        var parser = ConfigFileParser(bytes: Array(text.utf8), file: file)
        return try parser.document()
    }

    private init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    private func fail(_ message: String, line: Int? = nil) -> ConfigError {
        ConfigError(file: self.file, line: line ?? self.line, message: message)
    }

    private var current: UInt8? { self.index < self.bytes.count ? self.bytes[self.index] : nil }

    private func peek(_ offset: Int) -> UInt8? {
        self.index + offset < self.bytes.count ? self.bytes[self.index + offset] : nil
    }

    private mutating func document() throws(ConfigError) -> [ConfigEntry] {
        var entries: [ConfigEntry] = []
        var firstLine: [String: Int] = [:]
        if self.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { self.index = 3 }  // a UTF-8 byte order mark
        while self.current != nil {
            self.skipBlanks()
            guard let byte = self.current else { break }
            switch byte {
            case UInt8(ascii: "#"):
                try self.skipComment()
            case UInt8(ascii: "\n"):
                self.newline()
            case UInt8(ascii: "\r") where self.peek(1) == UInt8(ascii: "\n"):
                self.index += 1
                self.newline()
            case UInt8(ascii: "["):
                throw self.fail(
                    "tables ([section]) are not supported: every clienteled key is at the top level of the file")
            default:
                let entry = try self.keyValue()
                if let first = firstLine[entry.key] {
                    throw self.fail("key '\(entry.key)' is given twice (first on line \(first))", line: entry.line)
                }
                firstLine[entry.key] = entry.line
                entries.append(entry)
                try self.endOfLine()
            }
        }
        return entries
    }

    private mutating func newline() {
        self.index += 1
        self.line += 1
    }

    private mutating func skipBlanks() {
        while let byte = self.current, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { self.index += 1 }
    }

    /// Skips a comment up to (not including) its newline; control characters are not allowed in it.
    private mutating func skipComment() throws(ConfigError) {
        while let byte = self.current, byte != UInt8(ascii: "\n") {
            if byte == UInt8(ascii: "\r"), self.peek(1) == UInt8(ascii: "\n") { return }
            if (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F {
                throw self.fail("control character \(byte) in a comment")
            }
            self.index += 1
        }
    }

    /// After a value: blanks, an optional comment, then the end of the line or file.
    private mutating func endOfLine() throws(ConfigError) {
        self.skipBlanks()
        if self.current == UInt8(ascii: "#") { try self.skipComment() }
        switch self.current {
        case nil: return
        case UInt8(ascii: "\n"): self.newline()
        case UInt8(ascii: "\r") where self.peek(1) == UInt8(ascii: "\n"):
            self.index += 1
            self.newline()
        default:
            throw self.fail("unexpected \(self.describeCurrent()) after the value (one key = value per line)")
        }
    }

    private func describeCurrent() -> String {
        guard let byte = self.current else { return "end of file" }
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(UnicodeScalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    private static func isBareKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    private mutating func keyValue() throws(ConfigError) -> ConfigEntry {
        let keyLine = self.line
        if self.current == UInt8(ascii: "\"") || self.current == UInt8(ascii: "'") {
            throw self.fail("quoted keys are not supported: write the key bare, as in socket-mode = \"660\"")
        }
        let start = self.index
        while let byte = self.current, Self.isBareKeyByte(byte) { self.index += 1 }
        guard self.index > start else {
            throw self.fail("expected a key (letters, digits, - and _), found \(self.describeCurrent())")
        }
        let key = String(decoding: self.bytes[start..<self.index], as: UTF8.self)
        self.skipBlanks()
        if self.current == UInt8(ascii: ".") {
            throw self.fail("dotted keys are not supported: every clienteled key is at the top level ('\(key)')")
        }
        guard self.current == UInt8(ascii: "=") else {
            throw self.fail("expected '=' after the key '\(key)', found \(self.describeCurrent())")
        }
        self.index += 1
        self.skipBlanks()
        let value = try self.value(of: key)
        return ConfigEntry(key: key, value: value, line: keyLine)
    }

    private mutating func value(of key: String) throws(ConfigError) -> ConfigValue {
        guard let byte = self.current, byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "#"),
            !(byte == UInt8(ascii: "\r") && self.peek(1) == UInt8(ascii: "\n"))
        else {
            throw self.fail("key '\(key)' has no value (write key = value)")
        }
        switch byte {
        case UInt8(ascii: "\""):
            if self.peek(1) == UInt8(ascii: "\""), self.peek(2) == UInt8(ascii: "\"") {
                throw self.fail("multi-line strings (\"\"\") are not supported (key '\(key)')")
            }
            return .string(try self.basicString())
        case UInt8(ascii: "'"):
            if self.peek(1) == UInt8(ascii: "'"), self.peek(2) == UInt8(ascii: "'") {
                throw self.fail("multi-line strings (''') are not supported (key '\(key)')")
            }
            return .string(try self.literalString())
        case UInt8(ascii: "["):
            return try self.array(of: key)
        case UInt8(ascii: "{"):
            throw self.fail("inline tables ({ … }) are not supported (key '\(key)')")
        default:
            return try self.bareValue(of: key)
        }
    }

    private mutating func basicString() throws(ConfigError) -> String {
        self.index += 1  // the opening quote
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
            run.removeAll()
        }
        while true {
            guard let byte = self.current, byte != UInt8(ascii: "\n") else {
                throw self.fail("string not closed on its line (a \" is missing)")
            }
            self.index += 1
            switch byte {
            case UInt8(ascii: "\""):
                flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush()
                guard let escape = self.current else { throw self.fail("string not closed on its line") }
                self.index += 1
                switch escape {
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let count = escape == UInt8(ascii: "u") ? 4 : 8
                    guard self.index + count <= self.bytes.count,
                        let code = UInt32(
                            String(decoding: self.bytes[self.index..<self.index + count], as: UTF8.self), radix: 16),
                        let scalar = UnicodeScalar(code)
                    else {
                        throw self.fail("invalid \\\(Character(UnicodeScalar(escape))) escape in a string")
                    }
                    self.index += count
                    scalars.append(scalar)
                default:
                    throw self.fail("invalid escape \\\(Character(UnicodeScalar(escape))) in a string")
                }
            default:
                if (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F {
                    throw self.fail("control character \(byte) in a string (write it as an escape)")
                }
                run.append(byte)
            }
        }
    }

    private mutating func literalString() throws(ConfigError) -> String {
        self.index += 1
        let start = self.index
        while let byte = self.current, byte != UInt8(ascii: "'") {
            if byte == UInt8(ascii: "\n") { break }
            if (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F {
                throw self.fail("control character \(byte) in a string")
            }
            self.index += 1
        }
        guard self.current == UInt8(ascii: "'") else {
            throw self.fail("string not closed on its line (a ' is missing)")
        }
        let text = String(decoding: self.bytes[start..<self.index], as: UTF8.self)
        self.index += 1
        return text
    }

    /// Blanks, newlines and comments between the elements of an array.
    private mutating func skipArraySpace() throws(ConfigError) {
        while let byte = self.current {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"): self.index += 1
            case UInt8(ascii: "\n"): self.newline()
            case UInt8(ascii: "\r") where self.peek(1) == UInt8(ascii: "\n"):
                self.index += 1
                self.newline()
            case UInt8(ascii: "#"): try self.skipComment()
            default: return
            }
        }
    }

    private mutating func array(of key: String) throws(ConfigError) -> ConfigValue {
        let startLine = self.line
        self.index += 1
        var elements: [ConfigValue] = []
        while true {
            try self.skipArraySpace()
            guard let byte = self.current else {
                throw self.fail("array of key '\(key)' not closed (a ] is missing)", line: startLine)
            }
            if byte == UInt8(ascii: "]") {
                self.index += 1
                return .array(elements)
            }
            elements.append(try self.value(of: key))
            try self.skipArraySpace()
            switch self.current {
            case UInt8(ascii: ","): self.index += 1
            case UInt8(ascii: "]"): break
            case nil: throw self.fail("array of key '\(key)' not closed (a ] is missing)", line: startLine)
            default:
                throw self.fail("expected ',' or ']' in the array of key '\(key)', found \(self.describeCurrent())")
            }
        }
    }

    /// An integer, float or boolean: the characters up to a blank, comma, bracket, comment or end of line.
    private mutating func bareValue(of key: String) throws(ConfigError) -> ConfigValue {
        let start = self.index
        while let byte = self.current,
            !(byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]")
                || byte == UInt8(ascii: "#"))
        {
            self.index += 1
        }
        let text = String(decoding: self.bytes[start..<self.index], as: UTF8.self)
        if text == "true" { return .boolean(true) }
        if text == "false" { return .boolean(false) }
        if let integer = Self.integer(text) { return .integer(integer) }
        if let float = Self.float(text) { return .float(float) }
        if text.first?.isLetter == true || text.isEmpty {
            throw self.fail(
                "value '\(text)' of key '\(key)' is not a TOML value (strings are written in quotes: \"\(text)\")")
        }
        throw self.fail("value '\(text)' of key '\(key)' is not a number, boolean or quoted string this parser reads")
    }

    /// Digits with single underscores between them, in `radix`.
    private static func digits(_ text: Substring, radix: Int) -> String? {
        guard let first = text.first, let last = text.last, first != "_", last != "_", !text.contains("__") else {
            return nil
        }
        let plain = text.filter { $0 != "_" }
        guard plain.allSatisfy({ $0.isHexDigit && Int(String($0), radix: radix) != nil }) else { return nil }
        return plain
    }

    static func integer(_ text: String) -> Int64? {
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where text.hasPrefix(prefix) {
            guard let digits = Self.digits(text.dropFirst(2), radix: radix) else { return nil }
            return Int64(digits, radix: radix)
        }
        var body = Substring(text)
        var negative = false
        if body.first == "+" || body.first == "-" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        guard let digits = Self.digits(body, radix: 10) else { return nil }
        if digits.count > 1 && digits.first == "0" { return nil }  // leading zeros are not TOML
        return Int64((negative ? "-" : "") + digits)
    }

    static func float(_ text: String) -> Double? {
        var body = Substring(text)
        var sign = ""
        if body.first == "+" || body.first == "-" {
            sign = body.first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        if body == "inf" { return sign == "-" ? -.infinity : .infinity }
        if body == "nan" { return .nan }
        // integer part, then a fraction, an exponent or both
        let exponentSplit = body.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: "E", maxSplits: 1, omittingEmptySubsequences: false) }
        guard (1...2).contains(exponentSplit.count) else { return nil }
        let mantissa = exponentSplit[0]
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let integerDigits = Self.digits(parts[0], radix: 10) else { return nil }
        if integerDigits.count > 1 && integerDigits.first == "0" { return nil }
        var normalized = sign + integerDigits
        if parts.count == 2 {
            guard let fraction = Self.digits(parts[1], radix: 10) else { return nil }
            normalized += "." + fraction
        }
        if exponentSplit.count == 2 {
            var exponent = exponentSplit[1]
            var exponentSign = ""
            if exponent.first == "+" || exponent.first == "-" {
                exponentSign = exponent.first == "-" ? "-" : ""
                exponent = exponent.dropFirst()
            }
            guard let exponentDigits = Self.digits(exponent, radix: 10) else { return nil }
            normalized += "e" + exponentSign + exponentDigits
        } else if parts.count == 1 {
            return nil  // an integer, not a float
        }
        return Double(normalized)
    }
}
