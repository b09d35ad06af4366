import ArgumentParser
import ClienteleRPC
import Foundation

/// Prints a failed call as JSON on standard error (`code`, `message`, and a `hint` when the CLI
/// knows what to do about it) and exits with its status code.
enum CallFailure {
    /// What the CLI knows about the call that failed.
    struct Context {
        var socketPath: String?
        var tokenSource: Credentials.Source?
        /// Calls that never send a token (health, login, bootstrap).
        var anonymous = false
    }

    static func exit(_ error: RPCError, context: Context = Context()) -> ExitCode {
        let (message, hint) = self.explain(error, context: context)
        FileHandle.standardError.write(Data(self.line(code: error.code, message: message, hint: hint).utf8))
        return ExitCode(error.code.rawValue)
    }

    static func line(code: RPCError.Code, message: String, hint: String?) -> String {
        var members = [
            JSONValue.Member(key: "code", value: .string("\(code)")),
            JSONValue.Member(key: "message", value: .string(message)),
        ]
        if let hint { members.append(JSONValue.Member(key: "hint", value: .string(hint))) }
        return JSONRendering.compact(.object(members)) + "\n"
    }

    static let login = "clientele login --group-id GROUP_ID --email EMAIL"

    /// The message to show and what to do.
    static func explain(_ error: RPCError, context: Context) -> (message: String, hint: String?) {
        if error.code == .unavailable, error.message.hasPrefix("no daemon is listening on ") {
            let path = context.socketPath ?? Self.path(in: error.message)
            if let path { return SocketDiagnosis.explain(path) }
        }
        if context.anonymous { return (error.message, nil) }
        switch (error.code, context.tokenSource) {
        case (.notFound, Credentials.Source.none?), (.permissionDenied, Credentials.Source.none?):
            return (
                error.message,
                "you are calling as the local operator without a token: run `\(Self.login)` "
                    + "(or pass --token); the local operator may only bootstrap groups and read health"
            )
        case (.unauthenticated, let source?):
            let what: String
            switch source {
            case .none:
                what = "no token was sent (no --token, no $CLIENTELE_TOKEN, no saved token in \(Credentials.file.path))"
            default: what = "the daemon refused \(source.description)"
            }
            var todo = "run `\(Self.login)` to sign in again"
            if source == .environment { todo += ", or unset CLIENTELE_TOKEN to use the saved token" }
            if source == .flag { todo += ", or leave out --token to use $CLIENTELE_TOKEN or the saved token" }
            return (error.message, "\(what): \(todo)")
        default:
            return (error.message, nil)
        }
    }

    /// The socket path in the RPC client's "no daemon is listening on PATH (is clienteled running?): …".
    private static func path(in message: String) -> String? {
        let rest = message.dropFirst("no daemon is listening on ".count)
        guard let end = rest.range(of: " (is clienteled running?)") else { return nil }
        return String(rest[..<end.lowerBound])
    }
}

/// Why a socket cannot be reached, from the file system and the caller's identity, in words.
enum SocketDiagnosis {
    static let elsewhere =
        "is clienteled running? Start it (e.g. `systemctl start clienteled`), or name its socket with "
        + "--socket, $CLIENTELE_SOCKET or `clientele config set socket PATH`"

    static func explain(_ path: String) -> (message: String, hint: String?) {
        var info = stat()
        if stat(path, &info) != 0 {
            let code = errno
            if code == EACCES, let folder = self.blockedFolder(of: path) {
                var folderInfo = stat()
                _ = stat(folder, &folderInfo)
                return (
                    "permission denied: cannot reach \(path): the folder \(folder) is \(self.describe(folderInfo))"
                        + "; you are \(self.caller())",
                    self.todo(group: folderInfo.st_gid, groupCan: folderInfo.st_mode & 0o010 != 0)
                )
            }
            if code == ENOENT || code == ENOTDIR {
                return ("no daemon listens on \(path): there is no such socket", self.elsewhere)
            }
            return ("cannot reach \(path): \(String(cString: strerror(code)))", self.elsewhere)
        }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            return ("\(path) is not a socket but a \(self.kind(info.st_mode))", self.elsewhere)
        }
        if access(path, W_OK) != 0, errno == EACCES {
            return (
                "permission denied on the socket \(path): it is \(self.describe(info)); you are \(self.caller())",
                self.todo(group: info.st_gid, groupCan: info.st_mode & 0o020 != 0)
            )
        }
        return (
            "no daemon listens on \(path): the socket file is there but nothing accepts on it (connection refused)",
            self.elsewhere
        )
    }

    /// "mode 0660, owner clientele (uid 998), group clientele (gid 998)".
    static func describe(_ info: stat) -> String {
        let mode = String(info.st_mode & 0o7777, radix: 8)
        return "mode \(String(repeating: "0", count: max(0, 4 - mode.count)))\(mode), "
            + "owner \(self.user(info.st_uid)), group \(self.group(info.st_gid))"
    }

    /// "uid 65534 (nobody) in groups 65534 (nogroup)".
    static func caller() -> String {
        "uid \(getuid()) (\(self.userName(getuid()) ?? "no name")) in groups "
            + self.callerGroups().map { "\($0) (\(self.groupName($0) ?? "no name"))" }.joined(separator: ", ")
    }

    static func todo(group: gid_t, groupCan: Bool) -> String {
        let name = self.groupName(group) ?? "\(group)"
        let me = self.userName(getuid()) ?? "$USER"
        guard groupCan else {
            return "the socket's group may not write to it: ask the daemon's operator to give you access"
        }
        return "join the group \(name) (`sudo usermod -aG \(name) \(me)`, then log in again) "
            + "or ask the daemon's operator to give you access"
    }

    /// The first folder on the way to `path` that the caller may not search.
    static func blockedFolder(of path: String) -> String? {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var folder = ""
        for part in absolute.split(separator: "/").dropLast() {
            folder += "/" + part
            if access(folder, X_OK) != 0 { return folder }
        }
        return nil
    }

    static func callerGroups() -> [gid_t] {
        var groups = [gid_t](repeating: 0, count: Int(getgroups(0, nil)) + 1)
        let count = getgroups(Int32(groups.count), &groups)
        var all = [getgid()]
        for group in groups.prefix(Int(max(count, 0))) where !all.contains(group) { all.append(group) }
        return all
    }

    static func user(_ uid: uid_t) -> String { self.userName(uid).map { "\($0) (uid \(uid))" } ?? "uid \(uid)" }
    static func group(_ gid: gid_t) -> String { self.groupName(gid).map { "\($0) (gid \(gid))" } ?? "gid \(gid)" }

    static func userName(_ uid: uid_t) -> String? {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }

    static func groupName(_ gid: gid_t) -> String? {
        guard let entry = getgrgid(gid), let name = entry.pointee.gr_name else { return nil }
        return String(cString: name)
    }

    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: "regular file"
        case S_IFDIR: "folder"
        case S_IFLNK: "symbolic link"
        case S_IFIFO: "named pipe"
        default: "special file"
        }
    }
}
