import ClienteleAPI
public import ClienteleProto
public import ClienteleRPC

/// `clientele.v1.Health`: answers without credentials (credentials that are sent must be valid); says whether the daemon
/// serves, its version and commit, its store and its uptime.
public final class HealthService: Sendable {
    private let startedAt: ContinuousClock.Instant
    private let storeStatus: StoreStatusProvider

    public init(startedAt: ContinuousClock.Instant = .now, storeStatus: @escaping StoreStatusProvider) {
        self.startedAt = startedAt
        self.storeStatus = storeStatus
    }

    public func check(
        _ request: Clientele_V1_HealthCheckRequest, context: CallContext
    ) -> Clientele_V1_HealthCheckResponse {
        var response = Clientele_V1_HealthCheckResponse()
        let store = self.storeStatus()
        let serving = store.state != .unavailable
        response.status = serving ? .serving : .notServing
        response.serverVersion = ClienteleVersion.current
        response.serverCommit = ClienteleVersion.commit
        response.store = store
        let uptime = (ContinuousClock.now - self.startedAt).components
        response.uptimeMillis = uptime.seconds * 1000 + uptime.attoseconds / 1_000_000_000_000_000
        return response
    }

    public func register(in router: inout SecuredRouter) {
        router.register(HealthMethods.check, requires: .openVerifyingCredentials) {
            [self] (request: Clientele_V1_HealthCheckRequest, context, _) in
            self.check(request, context: context)
        }
    }
}
