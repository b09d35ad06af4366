import ClienteleDomain
import Testing

/// Trimming and the control-character check take a fast path for printable ASCII;
/// the other cases must still get Foundation's trimming and the Unicode check.
@Suite("Validation: trimming and control characters")
struct ValidationTrimmingTests {
    @Test(
        "white space at either end is trimmed, ASCII or not",
        arguments: [
            ("Acme", "Acme"), ("  Acme ", "Acme"), ("\u{00A0}Acme\u{3000}", "Acme"), ("\tAcme\n", "Acme"),
            ("Acme\u{2028}", "Acme"), ("Äcme Ö", "Äcme Ö"), ("A c m e", "A c m e"),
        ])
    func trimmed(input: String, expected: String) async throws {
        let fixture = try await ClientFixture()
        #expect(try await fixture.create(input).client.accountName == expected)
    }

    @Test(
        "a control character inside is refused, ASCII or not", arguments: ["A\tB", "A\u{7F}B", "Ä\u{0085}B", "A\u{1B}"])
    func control(input: String) async throws {
        let fixture = try await ClientFixture()
        await #expect(
            throws: DomainError.invalidArgument(field: "fields.account_name", reason: "contains control characters")
        ) {
            _ = try await fixture.create(input)
        }
    }
}
