import Foundation
import PackagePlugin

/// Embeds the git commit the binaries are built from: before every build of the target it
/// writes `ClienteleBuildCommit.swift` (`ClienteleVersion.buildCommit`) into the plugin's
/// work folder under .build/, never into the source tree. The commit is $CLIENTELE_COMMIT
/// when set (a build from a tarball), else `git rev-parse --short=12 HEAD` of the package,
/// else "unknown". The file is rewritten only when the commit changed, so an unchanged
/// commit recompiles nothing.
@main
struct ClienteleBuildInfo: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "generated")
        let script = #"""
            set -eu
            root="$1"; out="$2"; commit="$3"
            [ -n "$commit" ] || commit="$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || true)"
            commit="$(printf '%s' "$commit" | tr -cd 'A-Za-z0-9._-')"
            [ -n "$commit" ] || commit=unknown
            mkdir -p "$out"
            file="$out/ClienteleBuildCommit.swift"
            text="// Written by the ClienteleBuildInfo build plugin (Plugins/ClienteleBuildInfo); not committed.
            extension ClienteleVersion {
                static let buildCommit = \"$commit\"
            }"
            if [ ! -f "$file" ] || [ "$(cat "$file")" != "$text" ]; then printf '%s\n' "$text" > "$file"; fi
            """#
        return [
            .prebuildCommand(
                displayName: "Embedding the git commit in \(target.name)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: [
                    "-c", script, "clientele-build-info", context.package.directoryURL.path, output.path,
                    ProcessInfo.processInfo.environment["CLIENTELE_COMMIT"] ?? "",
                ],
                outputFilesDirectory: output
            )
        ]
    }
}
