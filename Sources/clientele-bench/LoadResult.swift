/// What one load run measured.
struct LoadResult: Encodable {
    var calls: Int
    var errors: Int
    var seconds: Double
    var callsPerSecond: Double
    var p50Micros: Double
    var p99Micros: Double
    var firstError: String?

    enum CodingKeys: String, CodingKey {
        case calls, errors, seconds
        case callsPerSecond = "calls_per_sec"
        case p50Micros = "p50_us"
        case p99Micros = "p99_us"
        case firstError = "first_error"
    }

    init(latencies: [UInt64], errors: Int, seconds: Double, firstError: String?) {
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let index = min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)
            return Double(sorted[max(0, index)]) / 1000
        }
        self.calls = sorted.count
        self.errors = errors
        self.seconds = seconds
        self.callsPerSecond = seconds > 0 ? Double(sorted.count) / seconds : 0
        self.p50Micros = percentile(0.50)
        self.p99Micros = percentile(0.99)
        self.firstError = firstError
    }
}
