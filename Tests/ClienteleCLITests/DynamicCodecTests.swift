import ArgumentParser
import ClienteleAPI
import ClienteleProto
import Foundation
import SwiftProtobuf
import Testing

@testable import clientele

/// The dynamic codec (`clientele call` of a method known only by the daemon's description) against
/// SwiftProtobuf's generated messages, for every method of the contract: JSON → binary decodes to
/// an equal message, and binary → JSON prints exactly what the CLI prints for the typed message.
@Suite("Dynamic codec: every method of the contract, by its descriptors")
struct DynamicCodecTests {
    static let methods = ClienteleContract.methods.map(\.fullName)

    @Test("the contract's requests and responses round-trip by their descriptors", arguments: Self.methods)
    func contractMethod(_ name: String) throws {
        let entry = try #require(MethodCatalog.entry(name))
        #expect(ProtoCatalog.builtIn.method(name) != nil, "the built-in set describes \(name)")
        for type in [entry.requestType, entry.responseType] {
            for variant in DescriptorFiller.Variant.allCases {
                try self.check(type, variant: variant)
            }
        }
    }

    private func check(_ type: any Message.Type, variant: DescriptorFiller.Variant) throws {
        let catalog = ProtoCatalog.builtIn
        let name = type.protoMessageName
        let filled = JSONRendering.compact(DescriptorFiller(catalog: catalog, variant: variant).value(of: name))
        let message = try type.init(jsonString: filled)
        let context = "\(name) (\(variant)): \(filled)"

        // JSON → binary: SwiftProtobuf's JSON (lowerCamelCase names), the printer's (proto names), the filler's.
        for json in [try message.jsonString(), try message.jsonString(options: JSONOutput.options), filled] {
            let bytes = try DynamicMessageEncoder(catalog: catalog).encode(try JSONValue.parse(json), message: name)
            let decoded = try type.init(serializedBytes: bytes)
            #expect(decoded.isEqualTo(message: message), "\(context) from \(json)")
        }

        // binary → JSON: as the CLI's printer prints the typed message, in every format.
        let binary: [UInt8] = try message.serializedBytes()
        let value = try DynamicMessageDecoder(catalog: catalog).decode(binary[...], message: name)
        #expect(JSONRendering.compact(value) == (try message.jsonString(options: JSONOutput.options)), "\(context)")
        for format in OutputFormat.allCases {
            #expect(
                Printer(format: format).render(value) == (try Printer(format: format).render(message)), "\(context)")
        }
    }

    @Test("a filled request sets fields of every kind the contract uses")
    func fillerVariety() throws {
        let filled = DescriptorFiller(catalog: .builtIn, variant: .full)
        let update = try Clientele_V1_UpdateClientRequest(
            jsonString: JSONRendering.compact(filled.value(of: "clientele.v1.UpdateClientRequest")))
        #expect(update.updateMask.paths == ["company_name", "address.city"])
        #expect(update.fields.creditLimitMinor == -9_007_199_254_740_993)
        #expect(update.fields.serviceLevels.count == 3)
        let message = try Clientele_V1_OutboxMessage(
            jsonString: JSONRendering.compact(filled.value(of: "clientele.v1.OutboxMessage")))
        #expect(message.data.count == 6)
        let scope = try Clientele_V1_Scope(jsonString: JSONRendering.compact(filled.value(of: "clientele.v1.Scope")))
        #expect(scope.kind != nil)
    }

    // MARK: errors, through RequestJSON.encode as `clientele call` uses it

    private func encodeError(_ json: String, _ message: String) -> String? {
        do {
            _ = try RequestJSON.encode(Data(json.utf8), message: message, catalog: .builtIn)
            return nil
        } catch let error as ValidationError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test("an unknown field names its path and the message's fields")
    func unknownField() {
        let nested = self.encodeError(
            #"{"client_id": "c", "fields": {"compnay_name": "x"}}"#, "clientele.v1.UpdateClientRequest")
        #expect(
            nested?.contains("field fields.compnay_name: clientele.v1.ClientFields has no field compnay_name") == true)
        #expect(nested?.contains("(did you mean company_name?); its fields: account_name, company_name,") == true)
        let top = self.encodeError(#"{"nope": 1}"#, "clientele.v1.GetClientRequest")
        #expect(top?.contains("clientele.v1.GetClientRequest has no field nope; its fields: client_id") == true)
    }

    @Test("an unknown enum name lists the valid values; a number is taken")
    func enumValues() {
        let text = self.encodeError(#"{"block": "BLOCKED"}"#, "clientele.v1.ListClientsRequest")
        #expect(text?.contains("field block: BLOCKED is not a value of clientele.v1.BlockFilter") == true)
        #expect(text?.contains("valid: BLOCK_FILTER_ANY, BLOCK_FILTER_BLOCKED, BLOCK_FILTER_NOT_BLOCKED") == true)
        #expect(self.encodeError(#"{"block": 2}"#, "clientele.v1.ListClientsRequest") == nil)
        #expect(
            self.encodeError(#"{"statuses": ["CLIENT_STATUS_ACTIVE", 1]}"#, "clientele.v1.ListClientsRequest") == nil)
    }

    @Test("the codec's own checks: oneof, ranges, base64, field masks, map values")
    func codecErrors() {
        #expect(
            self.encodeError(#"{"group_id": "g", "client_id": "c"}"#, "clientele.v1.Scope")
                == "the request is not a valid clientele.v1.Scope: field client_id: group_id is given too; "
                + "only one field of the oneof kind may be")
        #expect(
            self.encodeError(
                #"{"client_id": "c", "amount_minor": "9223372036854775808"}"#, "clientele.v1.AddCreditRequest")?
                .hasSuffix("field amount_minor: 9223372036854775808 is out of int64's range") == true)
        #expect(
            self.encodeError(#"{"client_id": "c", "update_mask": "company_name"}"#, "clientele.v1.UpdateClientRequest")?
                .contains("field update_mask: a field mask is a string of lowerCamelCase paths") == true)
        #expect(
            self.encodeError(#"{"data": {"k": 5}}"#, "clientele.v1.OutboxMessage")?
                .hasSuffix(#"field data["k"]: takes a string, not the number 5"#) == true)
        #expect(
            self.encodeError(#"{"client_id": "c", "client_id": "d"}"#, "clientele.v1.GetClientRequest")?
                .hasSuffix("field client_id: given twice") == true)
    }
}
