public import ClienteleDomain

extension WriteOrigin {
    /// A write a test makes directly on a service, as `user` (`nil`: as the actor "test").
    public static func test(by user: String? = nil) -> WriteOrigin {
        WriteOrigin(actor: user ?? "test", userID: user, action: "test", requestID: "test")
    }
}

extension Write {
    /// A write a test makes directly on a service, without an idempotency key.
    public static func test(by user: String? = nil) -> Write<Answer> {
        Write(origin: .test(by: user)) { _ in [] }
    }
}
