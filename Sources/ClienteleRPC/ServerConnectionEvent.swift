/// Events the server sends down a connection's pipeline.
enum ServerConnectionEvent: Sendable {
    /// Finish the calls in flight, refuse new ones, then close.
    case drain
}
