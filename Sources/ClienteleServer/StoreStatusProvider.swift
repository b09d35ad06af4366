public import ClienteleProto

/// Reports the store's state to Health; the daemon supplies it once the store is open.
public typealias StoreStatusProvider = @Sendable () -> Clientele_V1_StoreStatus
