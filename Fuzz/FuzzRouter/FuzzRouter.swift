import ClienteleAPI
import ClienteleDomain
import ClienteleFuzzSupport
import ClienteleProto
import ClienteleRPC
import ClienteleServer
import ClienteleStore
import Foundation
import Logging
import SwiftProtobuf

/// Request decoding through the daemon's real router, gate and handlers over an in-memory store.
///
/// Input: byte 0 picks the method (index into the router's sorted method list), byte 1 the
/// credentials (0 none, 1 the owner's session, 2 the local operator's peer credentials, 3 the
/// owner's session with a fixed `idempotency-key`); the rest is the request payload. Checked:
/// nothing traps, every call ends with an answer, and (with `CLIENTELE_FUZZ_STRICT=1`) no
/// call ends in INTERNAL, which would mean a handler threw something it did not map.
enum FuzzRouter {
    static let world = FuzzWorld.make()
    static let strict = ProcessInfo.processInfo.environment["CLIENTELE_FUZZ_STRICT"] == "1"

    static func run(_ input: [UInt8]) {
        guard input.count >= 2 else { return }
        let world = Self.world
        let method = world.methods[Int(input[0]) % world.methods.count]
        let result = world.call(method, mode: input[1] % 4, payload: Data(input[2...]))
        if case .failure(let error) = result {
            if error.code == .internal && Self.strict {
                fatalError("clientele-fuzz-router: \(method) answered INTERNAL: \(error.message)")
            }
            if error.code == .unimplemented {
                fatalError("clientele-fuzz-router: registered method \(method) answered UNIMPLEMENTED")
            }
        }
    }
}

/// Ids that are the same in every run, so that seeds can name the setup's resources.
final class SequentialIDGenerator: IDGenerator, @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func make(_ prefix: String) -> String {
        self.lock.lock()
        defer { self.lock.unlock() }
        self.next += 1
        return "\(prefix)_fuzz\(String(repeating: "0", count: max(0, 8 - String(self.next).count)))\(self.next)"
    }

    func randomBytes(_ count: Int) -> [UInt8] {
        RandomIDGenerator().randomBytes(count)
    }
}

/// The router as the daemon builds it, plus a group, an owner, a client with a contact and a ledger.
struct FuzzWorld: Sendable {
    static let operatorUID: UInt32 = 4242
    static let password = "correct horse battery staple"

    let dispatcher: CallDispatcher
    let methods: [MethodDescriptor]
    var token = ""
    var groupID = ""
    var ownerID = ""
    var clientID = ""
    var contactID = ""
    var entryID = ""
    var noteID = ""

    private init(dispatcher: CallDispatcher, methods: [MethodDescriptor]) {
        self.dispatcher = dispatcher
        self.methods = methods
    }

    static func make() -> FuzzWorld {
        var settings = IdentitySettings()
        settings.passwordCost = .fastForTests
        let clock = SystemClock()
        let logger = Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })
        let database = try! AppDatabase.inMemory()
        let ids = SequentialIDGenerator()
        let authenticator = Authenticator(database: database, clock: clock, settings: settings, daemonUID: operatorUID)
        let identity = IdentityService(database: database, clock: clock, ids: ids, settings: settings, logger: logger)
        let people = PeopleService(database: database, clock: clock, ids: ids, settings: PeopleSettings())
        // Without the daemon's "sign in as" audit hook: it records calls, it does not decode them.
        var router = SecuredRouter(authenticator: authenticator, clock: clock)
        HealthService(storeStatus: { Clientele_V1_StoreStatus() }).register(in: &router)
        ReflectionService().register(in: &router)
        AccessService(identity: identity, authenticator: authenticator).register(in: &router)
        let clients = ClientService(
            database: database, clock: clock, ids: ids, settings: ClientSettings(), logger: logger)
        ClientsService(clients: clients, identity: identity, answers: ClientAnswerCache(capacity: 100))
            .register(in: &router)
        AuditService(log: AuditLog(database: database), clients: clients, identity: identity).register(in: &router)
        OutboxRPCService(outbox: OutboxService(database: database, clock: clock, ids: ids), identity: identity)
            .register(in: &router)
        BillingRPCService(billing: BillingService(database: database, clock: clock, ids: ids), clients: clients)
            .register(in: &router)
        PeopleRPCService(people: people, clients: clients, identity: identity, clock: clock).register(in: &router)
        let dispatcher = CallDispatcher(router: router.router, interceptors: [LoggingInterceptor()])
        var world = FuzzWorld(dispatcher: dispatcher, methods: router.router.methods)
        world.setUp()
        return world
    }

    /// Runs one call to its end.
    func call(_ method: MethodDescriptor, mode: UInt8, payload: Data) -> Result<Data, RPCError> {
        var metadata = Metadata()
        var peer = PeerCredentials.unknown
        switch mode {
        case 1: metadata.append("authorization", "Bearer \(self.token)")
        case 2: peer = PeerCredentials(pid: 1, uid: Self.operatorUID, gid: 0)
        case 3:
            metadata.append("authorization", "Bearer \(self.token)")
            metadata.append("idempotency-key", "fuzz-key")
        default: break
        }
        let context = CallContext(
            method: method, metadata: metadata, peer: peer, requestID: "fuzz",
            logger: Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let dispatcher = self.dispatcher
        Task {
            box.result = await dispatcher.dispatch(payload, context: context)
            done.signal()
        }
        done.wait()
        return box.result!
    }

    func index(of method: MethodDescriptor) -> UInt8 {
        UInt8(self.methods.firstIndex(of: method)!)
    }

    private mutating func setUp() {
        var bootstrap = Clientele_V1_BootstrapGroupRequest()
        bootstrap.groupName = "Fuzz Group"
        bootstrap.ownerEmail = "owner@fuzz.example"
        bootstrap.ownerName = "Fuzz Owner"
        bootstrap.ownerPassword = Self.password
        let group: Clientele_V1_BootstrapGroupResponse = self.must(AccessMethods.bootstrapGroup, mode: 2, bootstrap)
        self.groupID = group.group.id
        self.ownerID = group.owner.id
        var login = Clientele_V1_LoginRequest()
        login.email = bootstrap.ownerEmail
        login.password = Self.password
        let session: Clientele_V1_LoginResponse = self.must(AccessMethods.login, mode: 0, login)
        self.token = session.token
        let client: Clientele_V1_Client = self.must(
            ClientsMethods.createClient, mode: 1, FuzzRequests.createClient(self))
        self.clientID = client.id
        self.contactID = client.contacts.first?.id ?? ""
        let credit: Clientele_V1_PostEntryResponse = self.must(
            BillingMethods.addCredit, mode: 1, FuzzRequests.addCredit(self))
        self.entryID = credit.entry.id
        var note = Clientele_V1_AddNoteRequest()
        note.clientID = self.clientID
        note.text = "first note"
        let made: Clientele_V1_Note = self.must(ClientsMethods.addNote, mode: 1, note)
        self.noteID = made.id
    }

    private func must<Request: Message, Response: Message>(
        _ method: MethodDescriptor, mode: UInt8, _ request: Request
    ) -> Response {
        switch self.call(method, mode: mode, payload: try! request.serializedData()) {
        case .success(let data): return try! Response(serializedBytes: data)
        case .failure(let error): fatalError("fuzz setup: \(method) failed: \(error)")
        }
    }
}

private final class ResultBox: @unchecked Sendable {
    var result: Result<Data, RPCError>?
}

#if CLIENTELE_FUZZ
    /// Builds the world before the first input; with `CLIENTELE_FUZZ_WRITE_SEEDS=FOLDER`, writes the seed
    /// corpus there and exits.
    @_cdecl("LLVMFuzzerInitialize")
    public func fuzzRouterInitialize(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
    ) -> CInt {
        let world = FuzzRouter.world
        if let folder = ProcessInfo.processInfo.environment["CLIENTELE_FUZZ_WRITE_SEEDS"] {
            do { try FuzzRequests.writeSeeds(world, to: folder) } catch { fatalError("cannot write seeds: \(error)") }
            exit(0)
        }
        return 0
    }

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzRouter(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
        FuzzRouter.run(Array(UnsafeRawBufferPointer(start: start, count: count)))
        return 0
    }
#else
    /// Without the fuzzer: runs each file (or each file of each folder) given as an argument once,
    /// or writes the seed corpus with `--write-seeds FOLDER`.
    @main
    struct FuzzRouterReplay {
        static func main() throws {
            let arguments = Array(CommandLine.arguments.dropFirst())
            if arguments.first == "--write-seeds", arguments.count == 2 {
                try FuzzRequests.writeSeeds(FuzzRouter.world, to: arguments[1])
                return
            }
            var count = 0
            for path in FuzzInputs.files(arguments) {
                FuzzRouter.run(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
                count += 1
            }
            print("clientele-fuzz-router: \(count) inputs passed")
        }
    }
#endif
