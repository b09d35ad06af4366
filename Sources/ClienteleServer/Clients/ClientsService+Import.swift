import ClienteleAPI
import ClienteleAccess
import ClienteleDomain
import ClienteleProto
import ClienteleRPC

extension ClientsService {
    /// The three steps of a CSV import. Each requires what CreateClient requires on the
    /// group (the import's group for the later steps); the domain answers NOT_FOUND to
    /// anyone but the caller who began the import.
    func registerImport(
        in router: inout SecuredRouter,
        replay: @escaping @Sendable (WriteOrigin) async throws(DomainError) -> [UInt8]?
    ) {
        let clients = self.clients
        let identity = self.identity
        typealias C = ClientImportConversions
        router.registerWrite(
            ClientsMethods.beginClientImport,
            requires: .action(.clientCreate) { request, _ in
                .anyOf([try await identity.groupResource(request.groupID)], notFound: "group \(request.groupID)")
            },
            replay: replay, answer: C.ticket
        ) { (request: Clientele_V1_BeginClientImportRequest, _, write) throws(DomainError) in
            try await clients.beginImport(
                groupID: request.groupID, columns: request.columns, mode: try C.mode(request.mode),
                dryRun: request.dryRun, write)
        }

        router.registerWrite(
            ClientsMethods.addClientImportRows,
            requires: .action(.clientCreate) { request, _ in
                .anyOf(
                    [try await clients.importResource(request.importID)], notFound: "client import \(request.importID)")
            },
            replay: replay, answer: C.chunk
        ) { (request: Clientele_V1_AddClientImportRowsRequest, _, write) throws(DomainError) in
            try await clients.addImportRows(request.importID, rows: C.rows(request.rows), write)
        }

        router.registerWrite(
            ClientsMethods.commitClientImport,
            requires: .action(.clientCreate) { request, _ in
                .anyOf(
                    [try await clients.importResource(request.importID)], notFound: "client import \(request.importID)")
            },
            replay: replay, answer: C.report
        ) { (request: Clientele_V1_CommitClientImportRequest, principal, write) throws(DomainError) in
            try await clients.commitImport(request.importID, by: principal, write)
        }
    }
}
