public import ClienteleProto

extension RPCError {
    /// The error a response's status stands for; `nil` when the status is OK or absent.
    public init?(status: Google_Rpc_Status) {
        guard let code = Code(rawValue: status.code) else { return nil }
        self.init(code, status.message)
    }

    /// The `google.rpc.Status` sent for this error.
    public var status: Google_Rpc_Status {
        var status = Google_Rpc_Status()
        status.code = self.code.rawValue
        status.message = self.message
        return status
    }
}
