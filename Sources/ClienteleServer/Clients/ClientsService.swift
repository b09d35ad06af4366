import ClienteleAPI
import ClienteleAccess
public import ClienteleDomain
import ClienteleProto
import ClienteleRPC

/// `clientele.v1.Clients`: maps requests to `ClientService` and declares what each method requires.
public struct ClientsService: Sendable {
    let clients: ClientService
    let identity: IdentityService
    let answers: ClientAnswerCache

    /// `answers`: GetClient's kept answers (`ClientAnswerCache`; capacity 0 keeps none).
    public init(clients: ClientService, identity: IdentityService, answers: ClientAnswerCache) {
        self.clients = clients
        self.identity = identity
        self.answers = answers
    }

    public func register(in router: inout SecuredRouter) {
        let clients = self.clients
        let identity = self.identity
        let replay: @Sendable (WriteOrigin) async throws(DomainError) -> [UInt8]? = { origin throws(DomainError) in
            try await clients.replay(origin)
        }
        let client: @Sendable (ClientView) -> Clientele_V1_Client = ClientConversions.client
        typealias C = ClientConversions

        router.registerWrite(
            ClientsMethods.createClient,
            requires: .action(.clientCreate) { request, _ in
                .anyOf([try await identity.groupResource(request.groupID)], notFound: "group \(request.groupID)")
            },
            replay: replay, answer: client
        ) { (request: Clientele_V1_CreateClientRequest, principal, write) throws(DomainError) in
            try await clients.create(
                groupID: request.groupID, fields: C.fields(request.fields), contacts: request.contacts.map(C.contact),
                owner: request.hasOwner
                    ? AccountOwnerInput(
                        firstName: request.owner.firstName, lastName: request.owner.lastName,
                        email: request.owner.email, password: request.owner.password) : nil,
                openingCredit: request.hasOpeningCredit ? C.openingCredit(request.openingCredit) : nil,
                inactive: request.inactive, by: principal, write)
        }

        let answers = self.answers
        router.register(
            ClientsMethods.getClient,
            requires: .action(.clientRead) { request, _ in
                // One read (or none) finds the resource and the answer.
                let answer = try await Self.answer(request.clientID, clients: clients, answers: answers)
                return .preloaded(answer.resource, notFound: "client \(request.clientID)", value: answer)
            },
            encodedAnswer: { (request: Clientele_V1_GetClientRequest, context, _) in
                if let answer = context.preloaded(ClientAnswerCache.Answer.self) { return answer.encoded }
                return try await Self.run {
                    try await Self.answer(request.clientID, clients: clients, answers: answers).encoded
                }
            })

        router.registerWrite(
            ClientsMethods.updateClient,
            requires: .action(.clientUpdate) { request, _ in try await Self.target(clients, request.clientID) },
            replay: replay, answer: client,
            // A manager's access to a client follows the client's manager_user_id.
            revokesAccess: { $0.updateMask.paths.contains("manager_user_id") }
        ) { (request: Clientele_V1_UpdateClientRequest, _, write) throws(DomainError) in
            try await clients.update(
                request.clientID, fields: C.fields(request.fields), paths: request.updateMask.paths,
                expectedVersion: request.expectedVersion, write)
        }

        router.register(
            ClientsMethods.listClients,
            requires: .action(.clientRead) { request, principal in
                let group = try await identity.groupResource(request.groupID)
                // Client-scoped grants in the group let their holders list those clients.
                let granted = principal.grants.filter { $0.groupID == group.groupID && $0.scope.kind == .client }
                    .map { Resource(groupID: group.groupID, clientID: $0.scope.id) }
                return .anyOf([group] + granted, notFound: "group \(request.groupID)")
            }
        ) { (request: Clientele_V1_ListClientsRequest, _, principal) in
            guard let principal else { throw RPCError(.unauthenticated, "missing credentials") }
            let page = try await Self.run { try await clients.list(C.listRequest(request), for: principal) }
            var response = Clientele_V1_ListClientsResponse()
            response.clients = page.clients.map(client)
            response.nextPageToken = page.nextPageToken
            return response
        }

        let transitions: [(MethodDescriptor, ClientTransition, Action)] = [
            (ClientsMethods.blockClient, .block, .clientBlock),
            (ClientsMethods.unblockClient, .unblock, .clientBlock),
            (ClientsMethods.suspendClient, .suspend, .clientLifecycle),
            (ClientsMethods.resumeClient, .resume, .clientLifecycle),
            (ClientsMethods.activateClient, .activate, .clientLifecycle),
            (ClientsMethods.deactivateClient, .deactivate, .clientLifecycle),
        ]
        for (method, transition, action) in transitions {
            router.registerWrite(
                method, requires: .action(action) { request, _ in try await Self.target(clients, request.clientID) },
                replay: replay, answer: client
            ) { (request: Clientele_V1_ChangeClientStateRequest, _, write) throws(DomainError) in
                try await clients.change(
                    request.clientID, transition, reason: request.reason, expectedVersion: request.expectedVersion,
                    write)
            }
        }

        router.registerWrite(
            ClientsMethods.closeClient,
            requires: .action(.clientClose) { request, _ in try await Self.target(clients, request.clientID) },
            replay: replay,
            answer: { (report: ClosingReport) in
                var response = Clientele_V1_CloseClientResponse()
                response.closable = report.closable
                response.blockers = report.blockers
                response.client = client(report.view)
                return response
            }
        ) { (request: Clientele_V1_CloseClientRequest, _, write) throws(DomainError) in
            try await clients.close(
                request.clientID, dryRun: request.dryRun, reason: request.reason,
                expectedVersion: request.expectedVersion, write)
        }

        router.registerWrite(
            ClientsMethods.addContact,
            requires: .action(.contactManage) { request, _ in try await Self.target(clients, request.clientID) },
            replay: replay, answer: client
        ) { (request: Clientele_V1_AddContactRequest, _, write) throws(DomainError) in
            try await clients.addContact(
                request.clientID, C.contact(request.contact), expectedVersion: request.expectedVersion, write)
        }

        router.registerWrite(
            ClientsMethods.updateContact,
            requires: .action(.contactManage) { request, _ in try await Self.target(clients, request.clientID) },
            replay: replay, answer: client
        ) { (request: Clientele_V1_UpdateContactRequest, _, write) throws(DomainError) in
            try await clients.updateContact(
                request.clientID, contactID: request.contactID, C.contact(request.contact),
                paths: request.updateMask.paths, expectedVersion: request.expectedVersion, write)
        }

        router.registerWrite(
            ClientsMethods.removeContact,
            requires: .action(.contactManage) { request, _ in try await Self.target(clients, request.clientID) },
            replay: replay, answer: client
        ) { (request: Clientele_V1_RemoveContactRequest, _, write) throws(DomainError) in
            try await clients.removeContact(
                request.clientID, contactID: request.contactID, newPrimaryID: request.newPrimaryContactID,
                expectedVersion: request.expectedVersion, write)
        }

        router.registerWrite(
            ClientsMethods.addNote,
            requires: .action(.noteWrite) { request, _ in try await Self.target(clients, request.clientID) },
            replay: replay, answer: C.note
        ) { (request: Clientele_V1_AddNoteRequest, _, write) throws(DomainError) in
            try await clients.addNote(request.clientID, text: request.text, write)
        }

        router.register(
            ClientsMethods.listNotes,
            requires: .action(.clientRead) { request, _ in try await Self.target(clients, request.clientID) }
        ) { (request: Clientele_V1_ListNotesRequest, _, _) in
            let page = try await Self.run {
                try await clients.notes(request.clientID, pageSize: request.pageSize, pageToken: request.pageToken)
            }
            var response = Clientele_V1_ListNotesResponse()
            response.notes = page.notes.map(C.note)
            response.nextPageToken = page.nextPageToken
            return response
        }

        router.registerWrite(
            ClientsMethods.deleteNote,
            requires: .action(.noteWrite) { request, _ in try await Self.target(clients, request.clientID) },
            replay: replay, answer: { (_: Bool) in Clientele_V1_DeleteNoteResponse() }
        ) { (request: Clientele_V1_DeleteNoteRequest, _, write) throws(DomainError) in
            try await clients.deleteNote(request.clientID, noteID: request.noteID, write)
            return true
        }

        self.registerImport(in: &router, replay: replay)
    }

    /// The client a request names.
    static func target<Request>(
        _ clients: ClientService, _ clientID: String
    ) async throws
        -> AccessRequirement<Request>.Target
    {
        .anyOf([try await clients.resource(clientID)], notFound: "client \(clientID)")
    }

    /// GetClient's encoded answer: kept, or read and kept.
    static func answer(
        _ clientID: String, clients: ClientService, answers: ClientAnswerCache
    ) async throws -> ClientAnswerCache.Answer {
        // Read before the read begins: a write ending after this makes the answer stale.
        let generation = try await clients.writeGeneration()
        if let kept = answers.answer(for: clientID, at: generation) { return kept }
        let view = try await clients.get(clientID)
        let answer = ClientAnswerCache.Answer(
            resource: view.client.resource,
            encoded: try ClientConversions.client(view).serializedData(options: RPCRouter.encoding))
        answers.remember(answer, for: view.client.id, at: generation)
        return answer
    }

    static func run<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as DomainError { throw error.rpcError }
    }
}
