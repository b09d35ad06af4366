/// A small recursive-descent JSON parser that keeps members in order (Foundation's do not).
struct JSONParser {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    var atEnd: Bool { self.offset >= self.bytes.count }

    mutating func skipWhitespace() {
        while !self.atEnd, [0x20, 0x0A, 0x0D, 0x09].contains(self.bytes[self.offset]) { self.offset += 1 }
    }

    mutating func value() throws -> JSONValue {
        self.skipWhitespace()
        guard !self.atEnd else {
            throw JSONValue.SyntaxError(offset: self.offset, reason: "the text ends where a value was expected")
        }
        switch self.bytes[self.offset] {
        case UInt8(ascii: "{"): return try self.object()
        case UInt8(ascii: "["): return try self.array()
        case UInt8(ascii: "\""): return .string(try self.string())
        case UInt8(ascii: "t"): try self.literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try self.literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try self.literal("null"); return .null
        default: return try self.number()
        }
    }

    private mutating func object() throws -> JSONValue {
        self.offset += 1
        var members: [JSONValue.Member] = []
        while true {
            self.skipWhitespace()
            if self.next(is: "}") { return .object(members) }
            if !members.isEmpty {
                try self.expect(",", "expected ',' or '}' after an object member")
                self.skipWhitespace()
                if !self.atEnd, self.bytes[self.offset] == UInt8(ascii: "}") {
                    throw JSONValue.SyntaxError(
                        offset: self.offset, reason: "a comma before '}' (JSON allows no trailing comma)")
                }
            }
            self.skipWhitespace()
            guard !self.atEnd, self.bytes[self.offset] == UInt8(ascii: "\"") else {
                throw JSONValue.SyntaxError(
                    offset: self.offset, reason: self.unexpected("where a member name in double quotes was expected"))
            }
            let key = try self.string()
            self.skipWhitespace()
            try self.expect(":", "expected ':' after the member name")
            members.append(JSONValue.Member(key: key, value: try self.value()))
        }
    }

    private mutating func array() throws -> JSONValue {
        self.offset += 1
        var items: [JSONValue] = []
        while true {
            self.skipWhitespace()
            if self.next(is: "]") { return .array(items) }
            if !items.isEmpty {
                try self.expect(",", "expected ',' or ']' after a list item")
                self.skipWhitespace()
                if !self.atEnd, self.bytes[self.offset] == UInt8(ascii: "]") {
                    throw JSONValue.SyntaxError(
                        offset: self.offset, reason: "a comma before ']' (JSON allows no trailing comma)")
                }
            }
            items.append(try self.value())
        }
    }

    private mutating func string() throws -> String {
        let opening = self.offset
        try self.expect("\"", "expected a string")
        var scalars = String.UnicodeScalarView()
        var pendingHighSurrogate: UInt32?
        while true {
            guard !self.atEnd else { throw JSONValue.SyntaxError(offset: opening, reason: "this string is not closed") }
            let start = self.offset
            while !self.atEnd, self.bytes[self.offset] != UInt8(ascii: "\""),
                self.bytes[self.offset] != UInt8(ascii: "\\")
            {
                self.offset += 1
            }
            scalars.append(contentsOf: String(decoding: self.bytes[start..<self.offset], as: UTF8.self).unicodeScalars)
            if self.next(is: "\"") { return String(scalars) }
            self.offset += 1
            guard !self.atEnd else { throw JSONValue.SyntaxError(offset: opening, reason: "this string is not closed") }
            let escape = self.bytes[self.offset]
            self.offset += 1
            switch escape {
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "b"): scalars.append("\u{8}")
            case UInt8(ascii: "f"): scalars.append("\u{C}")
            case UInt8(ascii: "u"):
                let code = try self.hex4()
                if (0xD800..<0xDC00).contains(code) {
                    pendingHighSurrogate = code
                } else if let high = pendingHighSurrogate, (0xDC00..<0xE000).contains(code) {
                    pendingHighSurrogate = nil
                    scalars.append(Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)) ?? "\u{FFFD}")
                } else {
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                }
            default: scalars.append(Unicode.Scalar(escape))
            }
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard self.offset + 4 <= self.bytes.count,
            let code = UInt32(String(decoding: self.bytes[self.offset..<self.offset + 4], as: UTF8.self), radix: 16)
        else {
            throw JSONValue.SyntaxError(offset: self.offset, reason: "\\u must be followed by four hexadecimal digits")
        }
        self.offset += 4
        return code
    }

    private mutating func number() throws -> JSONValue {
        let start = self.offset
        while !self.atEnd, "+-.eE0123456789".utf8.contains(self.bytes[self.offset]) { self.offset += 1 }
        guard self.offset > start else {
            throw JSONValue.SyntaxError(offset: start, reason: self.unexpected("where a value was expected"))
        }
        return .number(String(decoding: self.bytes[start..<self.offset], as: UTF8.self))
    }

    private mutating func literal(_ word: String) throws {
        for byte in word.utf8 {
            guard !self.atEnd, self.bytes[self.offset] == byte else {
                throw JSONValue.SyntaxError(offset: self.offset, reason: self.unexpected("in \(word)"))
            }
            self.offset += 1
        }
    }

    private mutating func expect(_ character: Unicode.Scalar, _ reason: String) throws {
        guard self.next(is: character) else {
            throw JSONValue.SyntaxError(offset: self.offset, reason: reason + (self.atEnd ? " (the text ends)" : ""))
        }
    }

    /// "unexpected 'x' <context>", or that the text ends.
    func unexpected(_ context: String) -> String {
        guard !self.atEnd else { return "the text ends \(context)" }
        let rest = String(decoding: self.bytes[self.offset...].prefix(4), as: UTF8.self)
        let shown = rest.first.map(String.init) ?? "?"
        return "unexpected '\(shown)' \(context)"
    }

    /// Consumes `character` when it comes next.
    private mutating func next(is character: Unicode.Scalar) -> Bool {
        guard !self.atEnd, self.bytes[self.offset] == UInt8(ascii: character) else { return false }
        self.offset += 1
        return true
    }
}
