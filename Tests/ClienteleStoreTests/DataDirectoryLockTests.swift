import ClienteleStore
import Foundation
import Testing

@Suite("DataDirectoryLock")
struct DataDirectoryLockTests {
    @Test("a second acquire is refused, naming the holder's pid, until the first is released")
    func exclusive() async throws {
        try await withTemporaryDirectory { directory in
            let lock = try DataDirectoryLock.acquire(dataDirectory: directory)
            let pid = ProcessInfo.processInfo.processIdentifier
            #expect(throws: StoreError.locked("another clienteled (pid \(pid)) is using the data folder \(directory)"))
            {
                try DataDirectoryLock.acquire(dataDirectory: directory)
            }
            lock.release()
            lock.release()
            let again = try DataDirectoryLock.acquire(dataDirectory: directory)
            again.release()
        }
    }

    @Test("the lock file holds our pid and is private to its owner")
    func lockFile() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/clienteled.lock"
            try "123456789\n".write(toFile: path, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            // A file left by a killed process carries no lock: it never blocks a restart.
            let lock = try DataDirectoryLock.acquire(dataDirectory: directory)
            defer { lock.release() }
            #expect(
                try String(contentsOfFile: path, encoding: .utf8) == "\(ProcessInfo.processInfo.processIdentifier)\n")
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test("a missing data folder is created")
    func createsFolder() async throws {
        try await withTemporaryDirectory { directory in
            let folder = directory + "/a/b"
            let lock = try DataDirectoryLock.acquire(dataDirectory: folder)
            defer { lock.release() }
            #expect(FileManager.default.fileExists(atPath: folder + "/clienteled.lock"))
        }
    }
}
