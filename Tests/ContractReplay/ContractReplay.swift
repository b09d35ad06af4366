// Replays one recorded contract case through the typed Swift client (scripts/contract-tests --client swift):
//
//   clientele-contract-replay SOCKET SERVICE METHOD REQUEST.bin ANSWER.bin [key=value ...]
//
// It decodes REQUEST.bin as the method's request, calls the method through
// `ClienteleClient`'s generated typed call with the metadata given, and writes the
// outcome to ANSWER.bin as a ttrpc Response (status, payload), as the C replay does.
import ClienteleClient
import ClienteleProto
import ClienteleRPC
import Foundation

@main
enum ContractReplay {
    static func main() async {
        let arguments = CommandLine.arguments
        guard arguments.count >= 6 else {
            fail("usage: clientele-contract-replay SOCKET SERVICE METHOD REQUEST.bin ANSWER.bin [key=value ...]")
        }
        var options = CallOptions(timeout: .seconds(60))
        for pair in arguments.dropFirst(6) {
            guard let equals = pair.firstIndex(of: "=") else { fail("metadata \(pair) is not key=value") }
            options.metadata.append(String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
        }
        let method = "\(arguments[2])/\(arguments[3])"
        guard let request = FileManager.default.contents(atPath: arguments[4]) else {
            fail("cannot read \(arguments[4])")
        }

        let client = ClienteleClient(socketPath: arguments[1])
        var envelope = Ttrpc_Response()
        do {
            guard let answer = try await TypedDispatch.call(client, method, request: request, options: options) else {
                fail("\(method) is not in the contract")
            }
            envelope.payload = answer
        } catch let error as RPCError {
            envelope.status.code = error.code.rawValue
            envelope.status.message = error.message
        } catch {
            fail("\(method): \(error)")
        }
        await client.close()
        do {
            try envelope.serializedData().write(to: URL(fileURLWithPath: arguments[5]))
        } catch {
            fail("cannot write \(arguments[5]): \(error)")
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("clientele-contract-replay: \(message)\n".utf8))
        exit(2)
    }
}
