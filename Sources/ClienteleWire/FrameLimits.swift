/// Size limits shared by every ttrpc implementation.
public enum FrameLimits {
    /// The largest payload a frame may carry: 4 MiB, inclusive, as in containerd/ttrpc.
    public static let maximumPayloadSize = 4 << 20
}
