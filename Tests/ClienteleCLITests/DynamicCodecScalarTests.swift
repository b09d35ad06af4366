import Foundation
import SwiftProtobuf
import Testing

@testable import clientele

/// The dynamic codec on what a newer daemon may use and the contract does not yet: every scalar
/// type, proto3 `optional`, unpacked lists, maps with integer keys; wire bytes checked by hand.
@Suite("Dynamic codec: proto3 scalars beyond the contract")
struct DynamicCodecScalarTests {
    typealias Field = Google_Protobuf_FieldDescriptorProto

    /// `test.Scalars`, one field of each type (numbers 1…15), then `optional int32 opt = 16`,
    /// `repeated sint32 nums = 17`, `repeated int32 unpacked = 18 [packed = false]`,
    /// `Color color = 19`, `map<int32, string> names = 20`.
    static let catalog: ProtoCatalog = {
        func field(
            _ name: String, _ number: Int32, _ type: Field.TypeEnum, _ change: (inout Field) -> Void = { _ in }
        )
            -> Field
        {
            var field = Field()
            field.name = name
            field.jsonName = name
            field.number = number
            field.type = type
            field.label = .optional
            change(&field)
            return field
        }
        let types: [(String, Field.TypeEnum)] = [
            ("d", .double), ("f", .float), ("i32", .int32), ("i64", .int64), ("u32", .uint32), ("u64", .uint64),
            ("s32", .sint32), ("s64", .sint64), ("fx32", .fixed32), ("fx64", .fixed64), ("sfx32", .sfixed32),
            ("sfx64", .sfixed64), ("b", .bool), ("s", .string), ("by", .bytes),
        ]
        var entry = Google_Protobuf_DescriptorProto()
        entry.name = "NamesEntry"
        entry.options.mapEntry = true
        entry.field = [field("key", 1, .int32), field("value", 2, .string)]
        var message = Google_Protobuf_DescriptorProto()
        message.name = "Scalars"
        message.field = types.enumerated().map { field($1.0, Int32($0 + 1), $1.1) }
        message.field += [
            field("opt", 16, .int32) {
                $0.proto3Optional = true
                $0.oneofIndex = 0
            },
            field("nums", 17, .sint32) { $0.label = .repeated },
            field("unpacked", 18, .int32) {
                $0.label = .repeated
                $0.options.packed = false
            },
            field("color", 19, .enum) { $0.typeName = ".test.Color" },
            field("names", 20, .message) {
                $0.label = .repeated
                $0.typeName = ".test.Scalars.NamesEntry"
            },
        ]
        message.oneofDecl = [Google_Protobuf_OneofDescriptorProto.with { $0.name = "_opt" }]
        message.nestedType = [entry]
        var color = Google_Protobuf_EnumDescriptorProto()
        color.name = "Color"
        color.value = [("COLOR_UNSPECIFIED", 0), ("COLOR_RED", 1), ("COLOR_BLUE", 2)].map { name, number in
            Google_Protobuf_EnumValueDescriptorProto.with {
                $0.name = name
                $0.number = Int32(number)
            }
        }
        var file = Google_Protobuf_FileDescriptorProto()
        file.name = "test.proto"
        file.package = "test"
        file.syntax = "proto3"
        file.messageType = [message]
        file.enumType = [color]
        return ProtoCatalog(set: Google_Protobuf_FileDescriptorSet.with { $0.file = [file] })
    }()

    private func encode(_ json: String) throws -> [UInt8] {
        try DynamicMessageEncoder(catalog: Self.catalog).encode(try JSONValue.parse(json), message: "test.Scalars")
    }

    private func decode(_ bytes: [UInt8]) throws -> String {
        JSONRendering.compact(
            try DynamicMessageDecoder(catalog: Self.catalog).decode(bytes[...], message: "test.Scalars"))
    }

    @Test(
        "each type's wire form",
        arguments: [
            (#"{"s32": -1}"#, [0x38, 0x01]),
            (#"{"s64": "-2"}"#, [0x40, 0x03]),
            (#"{"fx32": 1}"#, [0x4D, 0x01, 0x00, 0x00, 0x00]),
            (#"{"sfx32": -2}"#, [0x5D, 0xFE, 0xFF, 0xFF, 0xFF]),
            (#"{"sfx64": "-1"}"#, [0x61] + [UInt8](repeating: 0xFF, count: 8)),
            (#"{"i32": -1}"#, [0x18] + [UInt8](repeating: 0xFF, count: 9) + [0x01]),
            (#"{"u64": "18446744073709551615"}"#, [0x30] + [UInt8](repeating: 0xFF, count: 9) + [0x01]),
            (#"{"f": 1.5}"#, [0x15, 0x00, 0x00, 0xC0, 0x3F]),
            (#"{"by": "-_8"}"#, [0x7A, 0x02, 0xFB, 0xFF]),
            (#"{"i32": 0, "s": "", "b": false, "color": "COLOR_UNSPECIFIED"}"#, []),
            (#"{"opt": 0}"#, [0x80, 0x01, 0x00]),
            (#"{"nums": [1, -1]}"#, [0x8A, 0x01, 0x02, 0x02, 0x01]),
            (#"{"unpacked": [1, 2]}"#, [0x90, 0x01, 0x01, 0x90, 0x01, 0x02]),
            (#"{"color": 7}"#, [0x98, 0x01, 0x07]),
            (
                #"{"names": {"-1": ""}}"#,
                [0xA2, 0x01, 0x0D, 0x08] + [UInt8](repeating: 0xFF, count: 9) + [0x01, 0x12, 0x00]
            ),
        ] as [(String, [UInt8])])
    func wireForm(_ json: String, _ bytes: [UInt8]) throws {
        #expect(try self.encode(json) == bytes)
    }

    @Test("double is written as SwiftProtobuf writes it (field 1, as in google.protobuf.DoubleValue)")
    func doubleAgainstSwiftProtobuf() throws {
        for value in [1.5, -0.1, 1e300, .infinity, -.infinity] {
            let expected: [UInt8] = try Google_Protobuf_DoubleValue(value).serializedBytes()
            let json = value.isFinite ? "\(value)" : value > 0 ? #""Infinity""# : #""-Infinity""#
            #expect(try self.encode(#"{"d": \#(json)}"#) == expected)
        }
    }

    @Test("every type round-trips to the JSON the printer's rules give")
    func roundTrip() throws {
        let json =
            #"{"d":0.1,"f":0.1,"i32":-2147483648,"i64":"-9007199254740993","u32":4294967295,"#
            + #""u64":"18446744073709551615","s32":-5,"s64":"-6","fx32":7,"fx64":"8","sfx32":-9,"sfx64":"-10","#
            + #""b":true,"s":"Zoë\n\u0085","by":"AP8=","opt":0,"nums":[1,-1,0],"unpacked":[3,4],"#
            + #""color":"COLOR_BLUE","names":{"-3":"c","9":"a","10":"b"}}"#
        #expect(try self.decode(try self.encode(json)) == json)
        #expect(
            try self.decode(try self.encode(#"{"d":"NaN","f":"-Infinity","color":5}"#))
                == #"{"d":"NaN","f":"-Infinity","color":5}"#)
    }

    @Test("decoding takes packed and unpacked lists alike, merges repeated messages, and skips unknown fields")
    func decodeLeniency() throws {
        // nums (packed) sent unpacked; unpacked sent packed; field 99 unknown
        let bytes: [UInt8] = [0x88, 0x01, 0x02, 0x88, 0x01, 0x01, 0x92, 0x01, 0x02, 0x05, 0x06, 0x98, 0x06, 0x01]
        #expect(try self.decode(bytes) == #"{"nums":[1,-1],"unpacked":[5,6]}"#)
        // the last value of a singular field wins; a map key given twice keeps its last value
        #expect(try self.decode([0x18, 0x01, 0x18, 0x02]) == #"{"i32":2}"#)
        let entry: (UInt8, UInt8) -> [UInt8] = { key, value in
            [0xA2, 0x01, 0x06, 0x08, key, 0x12, 0x02, 0x30 + value, 0x30 + value]
        }
        #expect(try self.decode(entry(2, 1) + entry(1, 2) + entry(2, 3)) == #"{"names":{"1":"22","2":"33"}}"#)
    }

    @Test("range and type errors name the field")
    func errors() {
        func error(_ json: String) -> String {
            do {
                _ = try self.encode(json)
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        #expect(error(#"{"i32": 2147483648}"#) == "field i32: 2147483648 is out of int32's range")
        #expect(error(#"{"u32": -1}"#) == "field u32: -1 is out of uint32's range")
        #expect(error(#"{"f": 1e39}"#) == "field f: 1e39 is out of float's range")
        #expect(
            error(#"{"i64": 1.5}"#)
                == "field i64: takes an integer (int64, a number or a string of digits), not the number 1.5")
        #expect(error(#"{"by": "%%"}"#) == "field by: is not base64")
        #expect(
            error(#"{"color": "COLOR_GREEN"}"#).hasPrefix(
                "field color: COLOR_GREEN is not a value of test.Color; valid: COLOR_UNSPECIFIED, COLOR_RED, COLOR_BLUE"
            ))
        #expect(error(#"{"names": {"x": "a"}}"#).hasPrefix(#"field names["x"]: takes an integer"#))
        #expect(error(#"{"zzz": 1}"#).hasPrefix("test.Scalars has no field zzz; its fields: d, f, i32"))
    }
}
