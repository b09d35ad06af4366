/// The release of the daemon and its contract, and the commit the binaries were built from.
public enum ClienteleVersion {
    public static let current = "0.1.0"

    /// The git commit (12 hex digits) the binaries were built from, or "unknown" (a build with
    /// neither git history nor $CLIENTELE_COMMIT). `buildCommit` is written at build time by
    /// the ClienteleBuildInfo plugin (Plugins/ClienteleBuildInfo), outside the source tree.
    public static var commit: String { Self.buildCommit }

    /// What `--version` prints: "0.1.0 (commit 0123456789ab)".
    public static var description: String { "\(Self.current) (commit \(Self.commit))" }
}
