import ArgumentParser
import Foundation

/// The TOML type a configuration key takes, read from its option's Swift type.
indirect enum ConfigKind: Equatable, Sendable {
    case string
    case integer
    case float
    case boolean
    case array(ConfigKind)

    /// "an integer", "an array of integers": what an error says was expected.
    var expected: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a number"
        case .boolean: "a boolean (true or false)"
        case .array(let element): "an array of \(element.plural)"
        }
    }

    private var plural: String {
        switch self {
        case .string: "strings"
        case .integer: "integers"
        case .float: "numbers"
        case .boolean: "booleans"
        case .array(let element): "arrays of \(element.plural)"
        }
    }
}

/// One key of the configuration: an option of `clienteled`, named as its long flag without "--".
struct ConfigKey: Equatable, Sendable {
    /// `max-connections` for `--max-connections`.
    var name: String
    var kind: ConfigKind
    /// A `@Flag` (on when given) rather than an `@Option` (followed by a value).
    var isFlag: Bool
    /// The default as `--help` shows it; nil when the option has none (then it is unset).
    var defaultValue: String?
    /// The accepted values of an enumerated option (`--log-level`), else nil.
    var allValues: [String]?
    var abstract: String

    /// `CLIENTELED_MAX_CONNECTIONS` for `max-connections`.
    var environmentName: String {
        "CLIENTELED_" + self.name.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// What a value must be, for errors: "a string (one of trace, debug, info)".
    var expected: String {
        if let allValues = self.allValues, !allValues.isEmpty {
            return self.kind.expected + " (one of " + allValues.joined(separator: ", ") + ")"
        }
        return self.kind.expected
    }

    /// The default written as TOML, or nil when the key is unset by default.
    var defaultTOML: String? {
        if self.isFlag { return "false" }
        if case .array = self.kind { return self.defaultValue.map { "[\($0)]" } ?? "[]" }
        guard let text = self.defaultValue else { return nil }
        return Self.toml(text, kind: self.kind)
    }

    /// A value as given on the command line or in the environment, written as TOML.
    static func toml(_ text: String, kind: ConfigKind) -> String {
        switch kind {
        case .string: ConfigValue.quoted(text)
        case .integer, .float, .boolean: text
        case .array(let element):
            "[" + text.split(separator: ",").map { toml(String($0), kind: element) }.joined(separator: ", ") + "]"
        }
    }
}

// MARK: - Deriving the keys from the argument parser

/// The Swift type behind a property wrapper of the argument parser, for reflection.
private protocol ReflectedArgument {
    static var reflectedValueType: Any.Type { get }
    static var reflectedIsFlag: Bool { get }
}

extension Option: ReflectedArgument {
    fileprivate static var reflectedValueType: Any.Type { Value.self }
    fileprivate static var reflectedIsFlag: Bool { false }
}

extension Flag: ReflectedArgument {
    fileprivate static var reflectedValueType: Any.Type { Value.self }
    fileprivate static var reflectedIsFlag: Bool { true }
}

private protocol ReflectedOptionGroup {
    static var reflectedGroupType: any ParsableArguments.Type { get }
}

extension OptionGroup: ReflectedOptionGroup {
    fileprivate static var reflectedGroupType: any ParsableArguments.Type { Value.self }
}

private protocol ReflectedOptional { static var reflectedWrapped: Any.Type { get } }
extension Optional: ReflectedOptional { fileprivate static var reflectedWrapped: Any.Type { Wrapped.self } }

private protocol ReflectedArray { static var reflectedElement: Any.Type { get } }
extension Array: ReflectedArray { fileprivate static var reflectedElement: Any.Type { Element.self } }

/// What `--experimental-dump-help` says of an argument (the fields used here).
private struct DumpedArgument: Decodable {
    struct Name: Decodable {
        var kind: String
        var name: String
    }
    var kind: String
    var shouldDisplay: Bool
    var names: [Name]?
    var defaultValue: String?
    var allValues: [String]?
    var abstract: String?
}

private struct DumpedTool: Decodable {
    struct Command: Decodable { var arguments: [DumpedArgument]? }
    var command: Command
}

/// The configuration keys of a command: every option and flag that `--help` shows, except those
/// in `excluded` (the ones about the configuration itself, --help and --version). Hidden options
/// (`--test-deterministic`) have no key: a file or a variable left behind must not turn on a test mode.
struct ConfigKeys: Sendable {
    var keys: [ConfigKey]
    /// Options whose key could not be derived (their Swift type was not found by reflection); a
    /// test requires this to be empty. Such an option still gets a string key.
    var problems: [String]
    /// Long names of the options, keys or not, that take a value (to skip it when reading argv).
    var optionsWithValue: Set<String>

    static let excluded: Set<String> = [
        "config", "print-config", "print-default-config", "help", "version", "experimental-dump-help",
    ]

    func key(named name: String) -> ConfigKey? { self.keys.first { $0.name == name } }

    /// Reads the options from the command's `--experimental-dump-help` description (names,
    /// defaults, help) and their types by reflecting on the command's property wrappers.
    init(command: any ParsableCommand.Type) {
        let dump = command._dumpHelp()
        let arguments = (try? JSONDecoder().decode(DumpedTool.self, from: Data(dump.utf8)))?.command.arguments ?? []
        var types: [String: (type: Any.Type, isFlag: Bool)] = [:]
        Self.reflect(command.init(), into: &types)
        var keys: [ConfigKey] = []
        var problems: [String] = []
        var optionsWithValue: Set<String> = []
        if arguments.isEmpty { problems.append("--experimental-dump-help listed no options") }
        for argument in arguments where argument.kind == "option" || argument.kind == "flag" {
            let longNames = (argument.names ?? []).filter { $0.kind == "long" }.map(\.name)
            if argument.kind == "option" { optionsWithValue.formUnion(longNames) }
            guard argument.shouldDisplay, let name = longNames.first, !Self.excluded.contains(name) else { continue }
            var kind = ConfigKind.string
            var isFlag = argument.kind == "flag"
            if let reflected = types[name] {
                kind = Self.kind(of: reflected.type)
                isFlag = reflected.isFlag
                if isFlag && kind != .boolean { problems.append("--\(name): a flag of a type other than Bool") }
            } else {
                problems.append("--\(name): no property of that name found by reflection; its key is read as a string")
            }
            keys.append(
                ConfigKey(
                    name: name, kind: kind, isFlag: isFlag, defaultValue: argument.defaultValue,
                    allValues: argument.allValues, abstract: argument.abstract ?? ""))
        }
        self.keys = keys
        self.problems = problems
        self.optionsWithValue = optionsWithValue
    }

    private static func reflect(_ value: Any, into types: inout [String: (type: Any.Type, isFlag: Bool)]) {
        for child in Mirror(reflecting: value).children {
            let wrapper = type(of: child.value)
            if let group = wrapper as? any ReflectedOptionGroup.Type {
                Self.reflect(group.reflectedGroupType.init(), into: &types)
            } else if let argument = wrapper as? any ReflectedArgument.Type, let label = child.label,
                label.hasPrefix("_")
            {
                types[Self.flagName(String(label.dropFirst()))] = (
                    argument.reflectedValueType, argument.reflectedIsFlag
                )
            }
        }
    }

    private static func kind(of type: Any.Type) -> ConfigKind {
        if let optional = type as? any ReflectedOptional.Type { return Self.kind(of: optional.reflectedWrapped) }
        if let array = type as? any ReflectedArray.Type { return .array(Self.kind(of: array.reflectedElement)) }
        switch type {
        case is Bool.Type: return .boolean
        case is Double.Type, is Float.Type: return .float
        case is Int.Type, is Int8.Type, is Int16.Type, is Int32.Type, is Int64.Type, is UInt.Type, is UInt8.Type,
            is UInt16.Type, is UInt32.Type, is UInt64.Type:
            return .integer
        default: return .string  // String, and enumerations given by name (--log-level)
        }
    }

    /// The argument parser's long name of a property: `maxConnectionsPerUid` → `max-connections-per-uid`,
    /// `operatorUID` → `operator-uid` (the same rule as its convertedToSnakeCase(separator: "-")).
    static func flagName(_ property: String) -> String {
        let characters = Array(property)
        var result = ""
        var separateOnUppercase = true
        for (index, character) in characters.enumerated() {
            if character.isUppercase {
                if separateOnUppercase && !result.isEmpty { result += "-" }
                separateOnUppercase =
                    index + 2 < characters.count && characters[index + 1].isUppercase
                    && characters[index + 2].isLowercase
            } else {
                separateOnUppercase = character != "-"
            }
            result += character.lowercased()
        }
        return result
    }
}
