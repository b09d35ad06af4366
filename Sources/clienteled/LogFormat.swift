import ArgumentParser
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// `--log-format`: how the daemon writes its log lines to standard error.
enum LogFormat: String, CaseIterable, ExpressibleByArgument {
    /// swift-log's text lines (`2026-… info clienteled : key=value message`).
    case text
    /// One JSON object per line (`JSONLogHandler`), for journald's or a collector's parsers.
    case json
    /// Text when standard error is a terminal, JSON otherwise.
    case auto

    /// The format once `auto` is decided.
    var resolved: LogFormat {
        guard self == .auto else { return self }
        return isatty(STDERR_FILENO) != 0 ? .text : .json
    }
}

/// Writes each log event as one JSON object on one line of standard error:
/// `time` (RFC 3339, UTC, microseconds), `level`, `message`, `label`, then the metadata,
/// its keys with "-" written "_" (`request_id`, `method`, `code`, `micros`,
/// `peer_uid`, `peer_pid`, …). Counts (micros, uids, pids) are JSON numbers.
/// What is logged is what the text format logs: neither format adds a payload or a secret.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.metadataProvider = metadataProvider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    /// Metadata keys whose values are written as JSON numbers when they are integers.
    static let numericKeys: Set<String> = ["micros", "peer_uid", "peer_pid", "pid", "uid", "connections", "fd"]

    func log(event: LogEvent) {
        var merged = self.metadata
        if let provided = self.metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let given = event.metadata { merged.merge(given) { _, new in new } }
        let line = Self.line(
            time: Self.now(), level: event.level, message: event.message.description, label: self.label,
            metadata: merged)
        Self.write(line)
    }

    /// One line, ending with "\n". Fixed keys first, then the metadata sorted by key.
    static func line(
        time: String, level: Logger.Level, message: String, label: String, metadata: Logger.Metadata
    ) -> String {
        var out = "{\"time\":\(quoted(time)),\"level\":\(quoted(level.rawValue)),\"message\":\(quoted(message))"
        out += ",\"label\":\(quoted(label))"
        let reserved: Set<String> = ["time", "level", "message", "label"]
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            var name = key.replacingOccurrences(of: "-", with: "_")
            if reserved.contains(name) { name = "meta_" + name }
            out += ",\(quoted(name)):\(Self.json(value, numeric: Self.numericKeys.contains(name)))"
        }
        return out + "}\n"
    }

    private static func json(_ value: Logger.Metadata.Value, numeric: Bool) -> String {
        switch value {
        case .string(let text):
            if numeric, let number = Int64(text) { return String(number) }
            return quoted(text)
        case .stringConvertible(let convertible):
            let text = convertible.description
            if numeric, let number = Int64(text) { return String(number) }
            return quoted(text)
        case .array(let values):
            return "[" + values.map { json($0, numeric: false) }.joined(separator: ",") + "]"
        case .dictionary(let entries):
            let body = entries.sorted(by: { $0.key < $1.key }).map {
                "\(quoted($0.key)):\(json($0.value, numeric: false))"
            }
            return "{" + body.joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal (`QuotedString`).
    static func quoted(_ text: String) -> String { QuotedString.of(text) }

    /// Now as RFC 3339 in UTC with microseconds: 2026-01-01T00:00:00.000000Z.
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let micros = Int(spec.tv_nsec / 1000)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let fraction = String(micros)
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))."
            + String(repeating: "0", count: 6 - fraction.count) + fraction + "Z"
    }

    /// One write(2) per line, under a lock, so lines from several threads never interleave.
    private static let lock = LockedStandardError()

    private static func write(_ line: String) {
        Self.lock.write(line)
    }
}

/// Standard error behind a lock.
private final class LockedStandardError: Sendable {
    private let lock = NSLock()

    func write(_ line: String) {
        let bytes = Array(line.utf8)
        self.lock.lock()
        defer { self.lock.unlock() }
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
