import Foundation

/// Where a setting's value came from, as `--print-config` names it.
enum ConfigSource: Equatable, Sendable, CustomStringConvertible {
    case defaultValue
    case file(path: String, line: Int)
    case environment(name: String)
    case commandLine(flag: String)

    var description: String {
        switch self {
        case .defaultValue: "default"
        case .file(let path, let line): "file \(path):\(line)"
        case .environment(let name): "env \(name)"
        case .commandLine(let flag): "flag \(flag)"
        }
    }
}

/// One key's effective value and its source.
struct ResolvedSetting: Equatable, Sendable {
    var key: ConfigKey
    var source: ConfigSource
    /// The value written as TOML; nil when the key is unset (an option without a default).
    var toml: String?
    /// The command-line arguments that give this value (empty for a default).
    var arguments: [String]
}

/// The configuration put together: defaults, then the file, then `CLIENTELED_<KEY>` variables,
/// then the command line, each overriding the ones before it for the keys it sets.
struct ConfigResolution: Sendable {
    var settings: [ResolvedSetting]
    /// The arguments to parse: the file's and the environment's values as options, then the
    /// command line as given (a key given there is not repeated from the file or environment).
    var arguments: [String]
    /// `CLIENTELED_…` variables that name no key (they are ignored; `--print-config` lists them).
    var ignoredEnvironment: [String]
    var configPath: String?
    /// Options whose key could not be derived (ConfigKeys.problems): `--print-config` prints them
    /// and scripts/test-config fails on them.
    var keyProblems: [String] = []

    /// Puts the configuration together. `commandLine` is argv without the program name, already
    /// accepted by the argument parser; `check` parses a key's arguments alone and returns the
    /// argument parser's complaint, if any (a log level it does not know, a negative uid), so that
    /// the error can name the file's line or the variable.
    static func resolve(
        keys: ConfigKeys, commandLine: [String], environment: [String: String], configPath: String?,
        readFile: (String) throws -> String, check: ([String]) -> String?
    ) throws(ConfigError) -> ConfigResolution {
        let given = Self.commandLineValues(commandLine, keys: keys)

        var fileEntries: [String: ConfigEntry] = [:]
        if let path = configPath {
            let text: String
            do {
                text = try readFile(path)
            } catch let error as ConfigError {
                throw error
            } catch {
                throw ConfigError(file: path, line: 0, message: "cannot read the configuration file: \(error)")
            }
            for entry in try ConfigFileParser.parse(text, file: path) {
                guard keys.key(named: entry.key) != nil else {
                    throw ConfigError(
                        file: path, line: entry.line,
                        message: "unknown key '\(entry.key)'" + Self.suggestion(entry.key, keys: keys))
                }
                fileEntries[entry.key] = entry
            }
        }

        let known = Set(keys.keys.map(\.environmentName))
        let ignored = environment.keys.filter { $0.hasPrefix("CLIENTELED_") && !known.contains($0) }.sorted()

        var settings: [ResolvedSetting] = []
        var arguments: [String] = []
        for key in keys.keys {
            let setting: ResolvedSetting
            if let values = given[key.name] {
                let toml: String
                if key.isFlag {
                    toml = "true"
                } else if case .array(let element) = key.kind {
                    toml = "[" + values.map { ConfigKey.toml($0, kind: element) }.joined(separator: ", ") + "]"
                } else {
                    toml = ConfigKey.toml(values.last ?? "", kind: key.kind)
                }
                setting = ResolvedSetting(
                    key: key, source: .commandLine(flag: "--\(key.name)"), toml: toml, arguments: [])
            } else if let text = environment[key.environmentName] {
                let source = ConfigSource.environment(name: key.environmentName)
                let value: ConfigValue
                do throws(ConfigError) {
                    value = try Self.environmentValue(text, key: key)
                } catch {
                    throw ConfigError(
                        file: "environment variable \(key.environmentName)", line: 0, message: error.message)
                }
                setting = try Self.setting(key: key, value: value, source: source, check: check)
            } else if let entry = fileEntries[key.name] {
                setting = try Self.setting(
                    key: key, value: entry.value, source: .file(path: configPath ?? "", line: entry.line), check: check)
            } else {
                setting = ResolvedSetting(key: key, source: .defaultValue, toml: key.defaultTOML, arguments: [])
            }
            arguments += setting.arguments
            settings.append(setting)
        }
        return ConfigResolution(
            settings: settings, arguments: arguments + commandLine, ignoredEnvironment: ignored, configPath: configPath,
            keyProblems: keys.problems)
    }

    /// Reads a configuration file; the error names the system's reason (No such file or directory).
    static func readFile(_ path: String) throws(ConfigError) -> String {
        func fail(_ reason: String) -> ConfigError {
            ConfigError(file: path, line: 0, message: "cannot read the configuration file: \(reason)")
        }
        guard let file = fopen(path, "r") else { throw fail(String(cString: strerror(errno))) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            bytes += buffer[0..<count]
            if count < buffer.count {
                if ferror(file) != 0 { throw fail(String(cString: strerror(errno))) }
                break
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw fail("it is not UTF-8 text") }
        return text
    }

    /// The effective configuration, as TOML a configuration file could hold, each line saying where
    /// its value came from.
    func report() -> String {
        var lines = [
            "# clienteled: effective configuration (--print-config). Precedence: default < file < env < flag.",
            "# file: \(self.configPath ?? "none (no --config)")",
        ]
        for problem in self.keyProblems {
            lines.append("# key problem: \(problem)")
        }
        for name in self.ignoredEnvironment {
            lines.append("# ignored: environment variable \(name) names no key")
        }
        let rows = self.settings.map { setting -> (String, String) in
            if let toml = setting.toml {
                return ("\(setting.key.name) = \(toml)", setting.source.description)
            }
            return ("# \(setting.key.name) is unset", setting.source.description)
        }
        let width = min(rows.map(\.0.count).max() ?? 0, 56)
        for (assignment, source) in rows {
            lines.append(
                assignment.padding(toLength: max(width, assignment.count), withPad: " ", startingAt: 0) + "  # "
                    + source)
        }
        return lines.joined(separator: "\n")
    }

    // MARK: - Pieces

    /// The values of each key given on the command line (several for a repeated option).
    private static func commandLineValues(_ arguments: [String], keys: ConfigKeys) -> [String: [String]] {
        var values: [String: [String]] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" { break }
            guard argument.hasPrefix("--") else { continue }
            let body = argument.dropFirst(2)
            let name = String(body.prefix { $0 != "=" })
            let inlineValue = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
            var value: String? = inlineValue
            if inlineValue == nil, keys.optionsWithValue.contains(name), index < arguments.count {
                value = arguments[index]
                index += 1
            }
            if let key = keys.key(named: name) {
                values[key.name, default: []].append(key.isFlag ? "true" : value ?? "")
            }
        }
        return values
    }

    /// A `CLIENTELED_<KEY>` value read as the key's type: arrays as comma-separated lists.
    private static func environmentValue(_ text: String, key: ConfigKey) throws(ConfigError) -> ConfigValue {
        func scalar(_ text: String, kind: ConfigKind) throws(ConfigError) -> ConfigValue {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            switch kind {
            case .string: return .string(text)
            case .integer:
                if let value = Int64(trimmed) { return .integer(value) }
            case .float:
                if let value = Double(trimmed), value.isFinite { return .float(value) }
            case .boolean:
                switch trimmed.lowercased() {
                case "true", "1", "yes", "on": return .boolean(true)
                case "false", "0", "no", "off", "": return .boolean(false)
                default: break
                }
            case .array: break
            }
            throw ConfigError(
                file: "", line: 0, message: "key '\(key.name)' expects \(key.expected), found '\(text)'")
        }
        if case .array(let element) = key.kind {
            let parts =
                text.isEmpty ? [] : text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            var elements: [ConfigValue] = []
            for part in parts { elements.append(try scalar(part, kind: element)) }
            return .array(elements)
        }
        return try scalar(text, kind: key.kind)
    }

    /// Checks a value's type against its key and turns it into command-line arguments.
    private static func setting(
        key: ConfigKey, value: ConfigValue, source: ConfigSource, check: ([String]) -> String?
    ) throws(ConfigError) -> ResolvedSetting {
        func fail(_ message: String) -> ConfigError {
            switch source {
            case .file(let path, let line): ConfigError(file: path, line: line, message: message)
            case .environment(let name): ConfigError(file: "environment variable \(name)", line: 0, message: message)
            case .defaultValue, .commandLine: ConfigError(file: "", line: 0, message: message)
            }
        }
        func text(_ value: ConfigValue, kind: ConfigKind) -> String? {
            switch (kind, value) {
            case (.string, .string(let s)): s
            case (.integer, .integer(let i)): String(i)
            case (.float, .integer(let i)): String(i)
            case (.float, .float(let d)) where d.isFinite: String(d)
            default: nil
            }
        }
        func found(_ value: ConfigValue) -> String {
            "found \(value.typeName == "integer" ? "an" : "a") \(value.typeName) (\(value.toml))"
        }
        var arguments: [String] = []
        switch (key.kind, value) {
        case (.boolean, .boolean(let on)):
            guard key.isFlag else { throw fail("key '\(key.name)' is a boolean option this parser cannot pass") }
            if on { arguments = ["--\(key.name)"] }
        case (.array(let element), .array(let elements)):
            for element_ in elements {
                guard let text = text(element_, kind: element) else {
                    throw fail(
                        "key '\(key.name)' expects \(key.expected), but an element is \(found(element_).dropFirst(6))")
                }
                arguments.append("--\(key.name)=\(text)")  // "=": a value may start with "-"
            }
        default:
            guard let text = text(value, kind: key.kind) else {
                var message = "key '\(key.name)' expects \(key.expected), \(found(value))"
                if case .string = key.kind, case .integer(let i) = value {
                    message += "; write it in quotes: \(key.name) = \"\(i)\""
                }
                throw fail(message)
            }
            if let allValues = key.allValues, !allValues.isEmpty, !allValues.contains(text) {
                throw fail("key '\(key.name)' expects \(key.expected), found \(value.toml)")
            }
            arguments = ["--\(key.name)=\(text)"]
        }
        if !arguments.isEmpty, let complaint = check(arguments) {
            throw fail("key '\(key.name)': \(complaint)")
        }
        return ResolvedSetting(key: key, source: source, toml: value.toml, arguments: arguments)
    }

    /// " (did you mean 'max-connections'?)" when a key is a small edit away from a real one.
    private static func suggestion(_ name: String, keys: ConfigKeys) -> String {
        let normalized = name.lowercased().replacingOccurrences(of: "_", with: "-")
        let best = keys.keys.map { ($0.name, Self.distance(normalized, $0.name)) }.min { $0.1 < $1.1 }
        guard let (candidate, distance) = best, distance <= max(2, candidate.count / 4) else {
            return " (clienteled --print-config lists the keys)"
        }
        return " (did you mean '\(candidate)'?)"
    }

    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = row
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
