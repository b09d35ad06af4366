import Foundation
import Testing

@testable import ClienteleDomain

@Suite("Field validation")
struct ValidateTests {
    /// The ASCII fast path must trim and refuse exactly as the general (Foundation) path does.
    @Test(
        "text is trimmed as Foundation trims it, ASCII or not",
        arguments: [
            "", "a", "  Acme GmbH  ", "\tTabbed\n", "\r\nCRLF around\r\n", " \u{0B}\u{0C}vertical tab, form feed ",
            "inner  spaces kept", "Müller & Söhne ", " 株式会社 ", "\u{00A0}non-breaking\u{00A0}", "   ",
        ])
    func trimsLikeFoundation(value: String) throws {
        let expected = value.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try Validate.optional(value, "f") == expected)
    }

    @Test(
        "control characters inside the text are refused, naming the field",
        arguments: ["a\u{0}b", "a\u{7F}b", "line\nbreak", "bell\u{07}", "é\u{1B}"])
    func refusesControlCharacters(value: String) {
        #expect(throws: DomainError.invalidArgument(field: "name", reason: "contains control characters")) {
            try Validate.optional(value, "name")
        }
    }

    @Test("the length limit counts characters after trimming")
    func lengthLimit() throws {
        #expect(try Validate.optional("  " + String(repeating: "x", count: 5) + "  ", "f", maxLength: 5) == "xxxxx")
        #expect(try Validate.optional(String(repeating: "é", count: 5), "f", maxLength: 5) == "ééééé")
        #expect(throws: DomainError.invalidArgument(field: "f", reason: "is longer than 5 characters")) {
            try Validate.optional("xxxxxx", "f", maxLength: 5)
        }
        #expect(throws: DomainError.invalidArgument(field: "f", reason: "is longer than 5 characters")) {
            try Validate.optional("ééééé é", "f", maxLength: 5)
        }
        #expect(throws: DomainError.invalidArgument(field: "f", reason: "is required")) {
            try Validate.required("   ", "f")
        }
    }
}
