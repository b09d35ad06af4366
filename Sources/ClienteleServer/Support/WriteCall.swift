import ClienteleAccess
import ClienteleDomain
import ClienteleRPC
import SwiftProtobuf

/// A mutating call: its origin for the audit trail, and the `idempotency-key`
/// metadata. A replayed key answers the stored bytes of the first answer; a key
/// first used by a concurrent call is replayed once that call has committed.
struct WriteCall<Request: Message, Response: Message>: Sendable {
    let origin: WriteOrigin

    init(
        _ method: MethodDescriptor, _ request: Request, _ context: CallContext, _ principal: Principal
    ) throws(RPCError) {
        self.origin = try WriteOrigin(method, request, context, principal)
    }

    /// Runs `perform` unless the key was seen; `answer` turns the domain's result into the response.
    func run<Answer: Sendable>(
        replay: @Sendable (WriteOrigin) async throws(DomainError) -> [UInt8]?,
        answer: @escaping @Sendable (Answer) -> Response,
        perform: (Write<Answer>) async throws(DomainError) -> Answer
    ) async throws(RPCError) -> Response {
        let write = Write<Answer>(origin: self.origin) { try answer($0).serializedBytes() }
        do {
            if let stored = try await replay(self.origin) { return try Self.decode(stored) }
            return answer(try await perform(write))
        } catch DomainError.alreadyExists(let field) where field == "caller, key" {
            // Another call with the same key committed first: answer what it answered.
            return try await self.replayAfterRace(replay)
        } catch {
            throw error.rpcError
        }
    }

    private func replayAfterRace(
        _ replay: @Sendable (WriteOrigin) async throws(DomainError) -> [UInt8]?
    )
        async throws(RPCError) -> Response
    {
        do {
            guard let stored = try await replay(self.origin) else {
                throw DomainError.unavailable("a call with this idempotency-key is in progress; try again")
            }
            return try Self.decode(stored)
        } catch let error as DomainError {
            throw error.rpcError
        } catch {
            throw RPCError(.internal, "unexpected failure")
        }
    }

    private static func decode(_ bytes: [UInt8]) throws(DomainError) -> Response {
        do { return try Response(serializedBytes: bytes) } catch {
            throw .unavailable("the stored answer for this idempotency key cannot be read")
        }
    }
}
