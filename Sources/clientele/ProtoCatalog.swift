import ClienteleProto
import Foundation
import SwiftProtobuf

/// The API as a FileDescriptorSet describes it: services, methods, messages and enums by
/// full name. Built from this binary's own set, or from the one a daemon sends (Reflection).
struct ProtoCatalog {
    struct Method {
        let service: String
        let descriptor: Google_Protobuf_MethodDescriptorProto
        var fullName: String { "\(self.service)/\(self.descriptor.name)" }
        var inputType: String { ProtoCatalog.bare(self.descriptor.inputType) }
        var outputType: String { ProtoCatalog.bare(self.descriptor.outputType) }
    }

    private(set) var services: [String: Google_Protobuf_ServiceDescriptorProto] = [:]
    private(set) var serviceOrder: [String] = []
    private(set) var messages: [String: Google_Protobuf_DescriptorProto] = [:]
    private(set) var enums: [String: Google_Protobuf_EnumDescriptorProto] = [:]
    /// Leading comments by element: "clientele.v1.Clients/ListClients", "clientele.v1.Client", …
    private(set) var comments: [String: String] = [:]

    init(set: Google_Protobuf_FileDescriptorSet) {
        for file in set.file {
            let prefix = file.package.isEmpty ? "" : file.package + "."
            var locations: [[Int32]: String] = [:]
            for location in file.sourceCodeInfo.location where !location.leadingComments.isEmpty {
                locations[location.path] = location.leadingComments.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            for (index, service) in file.service.enumerated() {
                let name = prefix + service.name
                self.services[name] = service
                self.serviceOrder.append(name)
                self.comments[name] = locations[[6, Int32(index)]]
                for (methodIndex, method) in service.method.enumerated() {
                    self.comments["\(name)/\(method.name)"] = locations[[6, Int32(index), 2, Int32(methodIndex)]]
                }
            }
            for (index, message) in file.messageType.enumerated() {
                self.add(message, prefix: prefix, path: [4, Int32(index)], locations: locations)
            }
            for (index, item) in file.enumType.enumerated() {
                self.enums[prefix + item.name] = item
                self.comments[prefix + item.name] = locations[[5, Int32(index)]]
            }
        }
    }

    private mutating func add(
        _ message: Google_Protobuf_DescriptorProto, prefix: String, path: [Int32], locations: [[Int32]: String]
    ) {
        let name = prefix + message.name
        self.messages[name] = message
        self.comments[name] = locations[path]
        for (index, field) in message.field.enumerated() {
            self.comments["\(name).\(field.name)"] = locations[path + [2, Int32(index)]]
        }
        for (index, nested) in message.nestedType.enumerated() {
            self.add(nested, prefix: name + ".", path: path + [3, Int32(index)], locations: locations)
        }
        for (index, item) in message.enumType.enumerated() {
            self.enums["\(name).\(item.name)"] = item
            self.comments["\(name).\(item.name)"] = locations[path + [4, Int32(index)]]
        }
    }

    /// This binary's own description of the API.
    static let builtIn: ProtoCatalog = {
        let set = (try? Google_Protobuf_FileDescriptorSet(serializedBytes: ClienteleDescriptorSet.bytes)) ?? .init()
        return ProtoCatalog(set: set)
    }()

    static func bare(_ typeName: String) -> String { typeName.hasPrefix(".") ? String(typeName.dropFirst()) : typeName }

    var methods: [Method] {
        self.serviceOrder.flatMap { name in
            (self.services[name]?.method ?? []).map { Method(service: name, descriptor: $0) }
        }
    }

    func method(_ fullName: String) -> Method? {
        let name = fullName.hasPrefix("/") ? String(fullName.dropFirst()) : fullName
        return self.methods.first { $0.fullName == name }
    }

    /// The names a user may type for an enum's values: ROLE_OWNER → owner (UNSPECIFIED left out).
    func typedNames(ofEnum name: String) -> [String] {
        guard let item = self.enums[name] else { return [] }
        return item.value.map { Self.typedName(of: $0.name, in: item.name) }.filter { $0 != "unspecified" }
    }

    /// An enum value as the CLI's flags take it: its name without the enum's prefix, in lower case.
    static func typedName(of value: String, in enumName: String) -> String {
        let prefix = Self.upperSnake(enumName) + "_"
        let short =
            value.hasPrefix(prefix) && value.count > prefix.count ? String(value.dropFirst(prefix.count)) : value
        return short.lowercased()
    }

    /// Every enum value name of the API and how it is typed: "CLIENT_STATUS_ACTIVE" → "active".
    var typedEnumValues: [String: String] {
        var names: [String: String] = [:]
        for item in self.enums.values {
            for value in item.value { names[value.name] = Self.typedName(of: value.name, in: item.name) }
        }
        return names
    }

    static func upperSnake(_ camel: String) -> String {
        var out = ""
        for (index, character) in camel.enumerated() {
            if character.isUppercase && index > 0 { out += "_" }
            out += character.uppercased()
        }
        return out
    }

    /// A field's type in words: "string", "int64", "a clientele.v1.Scope object", "a list of string", …
    static func describe(_ field: Google_Protobuf_FieldDescriptorProto) -> String {
        let base: String
        switch field.type {
        case .message: base = "\(bare(field.typeName)) object"
        case .enum: base = "enum \(bare(field.typeName))"
        default: base = String(describing: field.type)
        }
        return field.label == .repeated ? "list of \(base)" : base
    }
}
