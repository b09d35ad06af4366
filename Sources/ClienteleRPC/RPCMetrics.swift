public import CoreMetrics
import Synchronization

/// The server's metrics (swift-metrics): calls by method and code, their latency, calls in
/// flight, connections open and refused. Every handle is made once, here; a call finds its
/// method's handles with one dictionary lookup on the names it already has (no string is
/// built) and counts its code by index. Methods not registered share the label "unknown",
/// so that a caller naming made-up methods cannot grow the number of series.
public final class RPCMetrics: Sendable {
    /// Metric names, as the Prometheus endpoint shows them (docs/operations.md, Metrics).
    public enum Name {
        public static let calls = "clientele_rpc_calls_total"
        public static let duration = "clientele_rpc_duration_seconds"
        public static let inFlight = "clientele_rpc_calls_in_flight"
        public static let connectionsOpen = "clientele_connections_open"
        public static let connectionsRefused = "clientele_connections_refused_total"
    }

    /// One method's handles, made at its first call (and a code's counter at the first call
    /// ending with that code): about 90 methods times 17 codes made at start would be 3,000
    /// series, mostly zeros, in every scrape.
    final class Method: Sendable {
        private struct Handles {
            var duration: Timer?
            /// Index 0 is OK, 1...16 the gRPC codes.
            var calls = [Counter?](repeating: nil, count: 17)
        }

        private let label: String
        private let factory: any MetricsFactory
        private let handles = Mutex(Handles())

        init(label: String, factory: any MetricsFactory) {
            self.label = label
            self.factory = factory
        }

        /// Counts one finished call and its time since `start`.
        func record(_ code: RPCError.Code?, since start: ContinuousClock.Instant) {
            let elapsed = (ContinuousClock.now - start).components
            let nanoseconds = elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000
            let index = Int(code?.rawValue ?? 0)
            let (duration, calls) = self.handles.withLock { handles in
                if handles.duration == nil || handles.calls[index] == nil { self.make(index, &handles) }
                return (handles.duration!, handles.calls[index]!)
            }
            duration.recordNanoseconds(nanoseconds)
            calls.increment()
        }

        private func make(_ index: Int, _ handles: inout Handles) {
            if handles.duration == nil {
                handles.duration = Timer(
                    label: Name.duration, dimensions: [("method", self.label)], factory: self.factory)
            }
            if handles.calls[index] == nil {
                let code = index == 0 ? "OK" : RPCError.Code(rawValue: Int32(index))!.description
                handles.calls[index] = Counter(
                    label: Name.calls, dimensions: [("method", self.label), ("code", code)], factory: self.factory)
            }
        }
    }

    private let methods: [String: [String: Method]]
    private let unknown: Method
    let inFlight: Meter
    let connectionsOpen: Meter
    private let refusedTotal: Counter
    private let refusedPerUID: Counter

    /// `methods`: the router's (`RPCRouter.methods`); `factory`: the bootstrapped one by default.
    public init(methods: [MethodDescriptor], factory: any MetricsFactory = MetricsSystem.factory) {
        var table: [String: [String: Method]] = [:]
        for method in methods {
            table[method.service, default: [:]][method.method] = Method(label: method.fullName, factory: factory)
        }
        self.methods = table
        self.unknown = Method(label: "unknown", factory: factory)
        self.inFlight = Meter(label: Name.inFlight, factory: factory)
        self.connectionsOpen = Meter(label: Name.connectionsOpen, factory: factory)
        self.refusedTotal = Counter(
            label: Name.connectionsRefused, dimensions: [("limit", "max_connections")], factory: factory)
        self.refusedPerUID = Counter(
            label: Name.connectionsRefused, dimensions: [("limit", "max_connections_per_uid")], factory: factory)
        // Series exist from the start at 0, not from the first event.
        self.inFlight.set(0)
        self.connectionsOpen.set(0)
    }

    func method(service: String, method: String) -> Method {
        self.methods[service]?[method] ?? self.unknown
    }

    func refused(_ refusal: ConnectionTable.Refusal) {
        switch refusal {
        case .total: self.refusedTotal.increment()
        case .perUID: self.refusedPerUID.increment()
        }
    }
}
