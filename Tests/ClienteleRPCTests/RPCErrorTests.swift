import ClienteleProto
import ClienteleRPC
import Testing

@Suite("RPC errors")
struct RPCErrorTests {
    @Test("every gRPC code round-trips through google.rpc.Status", arguments: RPCError.Code.allCases)
    func roundTrip(code: RPCError.Code) {
        let error = RPCError(code, "why")
        #expect(RPCError(status: error.status) == error)
    }

    @Test("names and numbers are gRPC's")
    func names() {
        #expect(RPCError.Code.allCases.count == 16)
        #expect(RPCError.Code.unauthenticated.rawValue == 16)
        #expect(RPCError.Code.notFound.description == "NOT_FOUND")
        #expect(RPCError.Code.resourceExhausted.rawValue == 8)
    }

    @Test("OK is no error and an out-of-range code reads as UNKNOWN")
    func edges() {
        var status = Google_Rpc_Status()
        #expect(RPCError(status: status) == nil)
        status.code = 99
        #expect(RPCError(status: status)?.code == .unknown)
    }
}
