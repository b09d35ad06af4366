import ArgumentParser
import ClienteleProto

/// A service level typed as PRIORITY:RESPONSE_MINUTES:RESOLUTION_MINUTES.
struct ServiceLevelArgument: ExpressibleByArgument {
    let proto: Clientele_V1_ServiceLevel

    init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let priority = Clientele_V1_Priority(argument: parts[0]),
            let response = Int32(parts[1]), let resolution = Int32(parts[2])
        else { return nil }
        var level = Clientele_V1_ServiceLevel()
        level.priority = priority
        level.responseMinutes = response
        level.resolutionMinutes = resolution
        self.proto = level
    }
}
