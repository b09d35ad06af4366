/// The JSON printed by `clientele-bench`.
struct BenchReport: Encodable {
    struct Ratio: Encodable {
        var throughput: Double
        var p50: Double
        var p99: Double
    }

    var method: String
    var referenceMethod: String?

    enum CodingKeys: String, CodingKey {
        case method
        case referenceMethod = "reference_method"
        case concurrency, connections, ours, reference, ratio
    }
    var concurrency: Int
    var connections: Int
    var ours: LoadResult
    var reference: LoadResult?
    /// Ours ÷ reference: throughput above 1 and latencies below 1 favour ours.
    var ratio: Ratio?

    init(
        method: String, referenceMethod: String?, concurrency: Int, connections: Int, ours: LoadResult,
        reference: LoadResult?
    ) {
        self.method = method
        self.referenceMethod = referenceMethod
        self.concurrency = concurrency
        self.connections = connections
        self.ours = ours
        self.reference = reference
        if let reference, reference.callsPerSecond > 0, reference.p50Micros > 0, reference.p99Micros > 0 {
            self.ratio = Ratio(
                throughput: ours.callsPerSecond / reference.callsPerSecond,
                p50: ours.p50Micros / reference.p50Micros,
                p99: ours.p99Micros / reference.p99Micros
            )
        }
    }
}
