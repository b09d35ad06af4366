import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The folder holding the database and the lock file.
enum DataDirectory {
    /// Creates the folder (0700, with its parents) unless it exists.
    static func create(_ path: String) throws(StoreError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .unavailable("the data folder \(path) is not a folder") }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: path,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw .unavailable("cannot create the data folder \(path): \(error.localizedDescription)")
        }
    }

    /// Takes the group and other bits off the folder and off every regular file in it, whatever
    /// made them (`mkdir -p`, a umask of 022, a copy), logging a warning naming each path and its
    /// old mode: 0755 becomes 0700, 0644 becomes 0600. The owner's bits are kept, so a folder or
    /// file made read-only stays so. Throws when a mode cannot be changed (another user owns the
    /// file, a read-only mount): the daemon does not start on a folder others can read.
    static func makePrivate(_ path: String, logger: Logger) throws(StoreError) {
        try Self.makePrivate(path, isFolder: true, logger: logger)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw .unavailable("cannot list the data folder \(path): \(error.localizedDescription)")
        }
        for name in names.sorted() {
            try Self.makePrivate(path + "/" + name, isFolder: false, logger: logger)
        }
    }

    /// Creates the empty database file 0600 unless it exists: SQLite makes its WAL and
    /// shared-memory files with the database file's mode, so they are private too.
    static func createPrivateFile(_ path: String) throws(StoreError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd >= 0 {
            close(fd)
        } else if errno != EEXIST {
            throw .unavailable("cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Takes the group and other bits off `path`: the data folder (followed if a link) or,
    /// inside it, a regular file (a link there is not followed, nor anything else changed).
    private static func makePrivate(_ path: String, isFolder: Bool, logger: Logger) throws(StoreError) {
        let kind = isFolder ? "data folder" : "file"
        var info = stat()
        guard (isFolder ? stat(path, &info) : lstat(path, &info)) == 0 else {
            // Removed since it was listed (SQLite's -wal or -shm at a close): nothing to change.
            if errno == ENOENT, !isFolder { return }
            throw .unavailable("cannot read the mode of the \(kind) \(path): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == (isFolder ? S_IFDIR : S_IFREG) else { return }
        let old = info.st_mode & 0o7777
        let tightened = old & 0o700
        guard old != tightened else { return }
        guard chmod(path, tightened) == 0 else {
            throw .unavailable(
                "the \(kind) \(path) is open to other users (mode \(Self.octal(old))) and cannot be made "
                    + "\(Self.octal(tightened)): \(String(cString: strerror(errno))); fix its owner or mode")
        }
        logger.warning(
            "the \(kind) \(path) was mode \(Self.octal(old)), open to other users; made it \(Self.octal(tightened))",
            metadata: ["path": "\(path)", "old_mode": "\(Self.octal(old))", "mode": "\(Self.octal(tightened))"]
        )
    }

    private static func octal(_ mode: mode_t) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
