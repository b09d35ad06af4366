package import CoreMetrics

/// The group committers' metrics (swift-metrics), made once per committer from the
/// bootstrapped factory; without one (tests) they count nothing.
package struct StoreMetrics: Sendable {
    /// Metric names, as the Prometheus endpoint shows them (docs/operations.md, Metrics).
    enum Name {
        static let batchWrites = "clientele_store_commit_batch_writes"
        static let commit = "clientele_store_commit_seconds"
        static let sync = "clientele_store_commit_sync_seconds"
        static let failed = "clientele_store_commit_failures_total"
    }

    /// Writes carried by each committed batch (a histogram).
    package let batchWrites: Recorder
    /// Each batch's transaction, from BEGIN IMMEDIATE to the end of its COMMIT.
    package let commit: Timer
    /// The COMMIT statement alone: SQLite appends the batch's pages to the WAL and fsyncs it
    /// (synchronous = FULL). The fsync cannot be timed apart from the write without a VFS shim.
    package let sync: Timer
    /// Batches whose transaction failed (every write in them failed).
    package let failed: Counter

    package init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.batchWrites = Recorder(label: Name.batchWrites, aggregate: true, factory: factory)
        self.commit = Timer(label: Name.commit, factory: factory)
        self.sync = Timer(label: Name.sync, factory: factory)
        self.failed = Counter(label: Name.failed, factory: factory)
    }
}

extension Timer {
    package func record(since start: ContinuousClock.Instant, until end: ContinuousClock.Instant = .now) {
        let elapsed = (end - start).components
        self.recordNanoseconds(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
    }
}
