import ClienteleAccess
import ClienteleDomain
import ClienteleRPC
import SwiftProtobuf

extension WriteOrigin {
    /// The origin of a mutating call: who makes it (for the audit trail) and, when the
    /// metadata holds an `idempotency-key`, the claim on that key for this request
    /// (its passwords left out: see `PasswordBearingRequest`).
    init(
        _ method: MethodDescriptor, _ request: some Message, _ context: CallContext, _ principal: Principal
    ) throws(RPCError) {
        var claim: IdempotencyClaim?
        if let key = context.metadata["idempotency-key"] {
            let bytes: [UInt8]
            let fingerprinted: any Message = (request as? any PasswordBearingRequest)?.withoutPasswords ?? request
            do { bytes = try fingerprinted.serializedBytes() } catch {
                throw RPCError(.internal, "cannot encode the request (request id \(context.requestID))")
            }
            do { claim = try IdempotencyClaim(key: key, method: method.fullName, request: bytes) } catch {
                throw error.rpcError
            }
        }
        self.init(principal: principal, action: method.fullName, requestID: context.requestID, idempotency: claim)
    }
}
