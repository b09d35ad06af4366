/// The release of the daemon and its contract.
public enum ClienteleVersion {
    public static let current = "0.1.0"
}
