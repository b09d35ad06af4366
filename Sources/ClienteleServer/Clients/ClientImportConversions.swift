import ClienteleDomain
import ClienteleProto

/// proto ⇄ domain for the client import methods of the Clients service.
enum ClientImportConversions {
    static func mode(_ mode: Clientele_V1_ClientImportMode) throws(DomainError) -> ClientImportMode {
        switch mode {
        case .unspecified, .allOrNothing: .allOrNothing
        case .rowByRow: .rowByRow
        case .UNRECOGNIZED(let value):
            throw .invalidArgument(field: "mode", reason: "\(value) is not a client import mode")
        }
    }

    static func mode(_ mode: ClientImportMode) -> Clientele_V1_ClientImportMode {
        switch mode {
        case .allOrNothing: .allOrNothing
        case .rowByRow: .rowByRow
        }
    }

    static func ticket(_ ticket: ClientImportTicket) -> Clientele_V1_BeginClientImportResponse {
        var response = Clientele_V1_BeginClientImportResponse()
        response.importID = ticket.importID
        response.expiresAtMillis = ticket.expiresAt
        response.maxRowsPerChunk = Int32(ticket.maximumRowsPerChunk)
        response.maxRows = Int32(ticket.maximumRows)
        return response
    }

    static func rows(_ rows: [Clientele_V1_ClientImportRow]) -> [ClientImportRowInput] {
        rows.map { ClientImportRowInput(rowNumber: Int($0.rowNumber), values: $0.values) }
    }

    static func chunk(_ chunk: ClientImportChunk) -> Clientele_V1_AddClientImportRowsResponse {
        var response = Clientele_V1_AddClientImportRowsResponse()
        response.stagedRows = Int32(chunk.stagedRows)
        response.errors = chunk.errors.map(self.error)
        response.errorsOmitted = Int32(chunk.errorsOmitted)
        return response
    }

    static func report(_ report: ClientImportReport) -> Clientele_V1_ClientImportReport {
        var response = Clientele_V1_ClientImportReport()
        response.mode = self.mode(report.mode)
        response.dryRun = report.dryRun
        response.rows = Int32(report.rows)
        response.validRows = Int32(report.validRows)
        response.created = Int32(report.created.count)
        response.clients = report.created.map { created in
            var client = Clientele_V1_ImportedClient()
            client.rowNumber = Int32(created.rowNumber)
            client.clientID = created.clientID
            return client
        }
        response.errors = report.errors.map(self.error)
        response.errorsOmitted = Int32(report.errorsOmitted)
        return response
    }

    static func error(_ error: ClientImportRowError) -> Clientele_V1_ClientImportRowError {
        var message = Clientele_V1_ClientImportRowError()
        message.rowNumber = Int32(error.rowNumber)
        message.column = error.column
        message.message = error.message
        return message
    }
}
