import ClienteleStore
import CoreMetrics
import Foundation
import Logging
import Prometheus

/// The daemon's Prometheus registry, bootstrapped as swift-metrics' factory once, at start,
/// when `--metrics-listen` is given (without it no metric is kept and every handle counts
/// nothing). The modules make their handles from that factory; the gauges read at each
/// scrape (store size, outbox depth) are set here, just before the text is rendered.
/// docs/operations.md ("Metrics") lists every metric.
final class DaemonMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let databaseBytes: CoreMetrics.Gauge
    private let walBytes: CoreMetrics.Gauge
    private let outboxPending: CoreMetrics.Gauge
    private let scrapeFailures: CoreMetrics.Counter

    /// Latency buckets of every duration histogram, in seconds: 50 µs to 10 s.
    static let durationBuckets: [Duration] = [
        .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
        .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]
    /// Buckets of the value histograms (writes per group commit): powers of two to the largest batch, 256.
    static let batchBuckets: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256]

    /// Bootstraps swift-metrics with a Prometheus factory on a new registry; call once, before
    /// the store, the services and the server make their handles.
    static func bootstrap() -> DaemonMetrics {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.durationBuckets
        factory.defaultValueHistogramBuckets = Self.batchBuckets
        MetricsSystem.bootstrap(factory)
        return DaemonMetrics(registry: registry)
    }

    private init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        self.databaseBytes = CoreMetrics.Gauge(label: "clientele_store_bytes", dimensions: [("file", "database")])
        self.walBytes = CoreMetrics.Gauge(label: "clientele_store_bytes", dimensions: [("file", "wal")])
        self.outboxPending = CoreMetrics.Gauge(label: "clientele_outbox_pending_messages")
        self.scrapeFailures = CoreMetrics.Counter(label: "clientele_metrics_sample_failures_total")
    }

    /// Samples the store's size and the outbox's depth, then renders every metric as
    /// Prometheus text (format 0.0.4).
    func render(dataDirectory: String, database: any StoreDatabase, logger: Logger) async -> [UInt8] {
        if database is AppDatabase {
            let path = dataDirectory + "/clientele.sqlite"
            self.databaseBytes.record(Self.size(of: path))
            self.walBytes.record(Self.size(of: path + "-wal"))
        }
        do {
            self.outboxPending.record(try await database.read { try $0.outbox.pendingTotal() })
        } catch {
            self.scrapeFailures.increment()
            logger.warning("metrics: cannot count the outbox", metadata: ["error": "\(error)"])
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(64 << 10)
        self.registry.emit(into: &buffer)
        return buffer
    }

    /// The file's size in bytes; 0 when it does not exist (no WAL after a checkpoint that truncated it).
    private static func size(of path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }
}
