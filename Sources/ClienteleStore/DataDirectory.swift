import Foundation

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
}
