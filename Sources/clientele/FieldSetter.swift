/// Copies the options a user gave into a message and remembers their field
/// paths, which become an update's mask.
struct FieldSetter<Target> {
    var target: Target
    private(set) var paths: [String] = []

    init(target: Target) {
        self.target = target
    }

    mutating func set<Value>(_ value: Value?, _ path: String, _ field: WritableKeyPath<Target, Value>) {
        guard let value else { return }
        self.target[keyPath: field] = value
        self.paths.append(path)
    }

    mutating func add(_ paths: [String]) {
        self.paths += paths
    }
}
