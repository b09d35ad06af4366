import ClienteleAPI
import ClienteleProto
import ClienteleRPC
import Foundation
import SwiftProtobuf

/// One concurrent writer: its own connection, its own random choices, every acknowledged write journaled.
struct Writer: Sendable {
    var index: Int
    var cycle: Int
    var socketPath: String
    var token: String
    var groupID: String
    var ledgerClients: [String]
    var journal: Journal
    var registry: ClientRegistry
    var stop: StopFlag
    var seed: UInt64

    /// Writes until `stop` is set; returns (attempted, acknowledged).
    func run() async -> (attempts: Int, acks: Int) {
        let client = RPCClient(socketPath: self.socketPath)
        var generator = SeededGenerator(state: self.seed)
        var attempts = 0
        var acks = 0
        var number = 0
        while !self.stop.isSet {
            number += 1
            attempts += 1
            let key = "c\(self.cycle)-w\(self.index)-n\(number)"
            let roll = Int.random(in: 0..<100, using: &generator)
            let acked: AckedWrite?
            if roll < 35 {
                acked = await self.create(client, key: key, contacts: Int.random(in: 0...3, using: &generator))
            } else if roll < 60, let id = self.registry.random(using: &generator) {
                acked = await self.update(client, key: key, clientID: id)
            } else {
                let target = self.ledgerClients.randomElement(using: &generator)!
                let amount = Int64.random(in: 1...10_000, using: &generator)
                acked = await self.post(client, key: key, clientID: target, amount: amount, credit: roll % 3 != 0)
            }
            if let acked {
                do {
                    try self.journal.append(acked)
                    acks += 1
                    if acked.kind == .create { self.registry.add(acked.clientID) }
                } catch {
                    FileHandle.standardError.write(Data("torture: journal write failed: \(error)\n".utf8))
                }
            }
        }
        await client.close()
        return (attempts, acks)
    }

    private func options(_ key: String) -> CallOptions {
        var options = CallOptions(timeout: .seconds(10))
        options.metadata.append("authorization", "Bearer \(self.token)")
        options.metadata.append("idempotency-key", key)
        return options
    }

    private func create(_ client: RPCClient, key: String, contacts: Int) async -> AckedWrite? {
        var request = Clientele_V1_CreateClientRequest()
        request.groupID = self.groupID
        // The name carries the contact count, so that any client found later can be checked whole.
        request.fields.accountName = "t-\(key)-k\(contacts)"
        request.fields.companyName = "Torture \(key)"
        for n in 0..<contacts {
            var contact = Clientele_V1_NewContact()
            contact.firstName = "First\(n)"
            contact.lastName = "Last\(n)"
            contact.email = "\(key)-\(n)@torture.example"
            contact.primary = n == 0
            request.contacts.append(contact)
        }
        guard
            let (bytes, answer) = await self.send(
                client, ClientsMethods.createClient, request, key: key, as: Clientele_V1_Client.self)
        else { return nil }
        return AckedWrite(
            cycle: self.cycle, kind: .create, service: ClientsMethods.service, method: "CreateClient",
            idempotencyKey: key, request: bytes.request, response: bytes.response, clientID: answer.id,
            version: answer.version, contacts: contacts
        )
    }

    private func update(_ client: RPCClient, key: String, clientID: String) async -> AckedWrite? {
        var get = Clientele_V1_GetClientRequest()
        get.clientID = clientID
        var readOptions = CallOptions(timeout: .seconds(10))
        readOptions.metadata.append("authorization", "Bearer \(self.token)")
        guard
            let current: Clientele_V1_Client = try? await client.unary(
                ClientsMethods.getClient, request: get, options: readOptions)
        else { return nil }
        var request = Clientele_V1_UpdateClientRequest()
        request.clientID = clientID
        request.updateMask.paths = ["company_name"]
        request.fields.companyName = "Updated \(key)"
        request.expectedVersion = current.version
        guard
            let (bytes, answer) = await self.send(
                client, ClientsMethods.updateClient, request, key: key, as: Clientele_V1_Client.self)
        else { return nil }
        return AckedWrite(
            cycle: self.cycle, kind: .update, service: ClientsMethods.service, method: "UpdateClient",
            idempotencyKey: key, request: bytes.request, response: bytes.response, clientID: clientID,
            version: answer.version
        )
    }

    private func post(
        _ client: RPCClient, key: String, clientID: String, amount: Int64, credit: Bool
    ) async -> AckedWrite? {
        let sent: ((request: Data, response: Data), Clientele_V1_PostEntryResponse)?
        if credit {
            var request = Clientele_V1_AddCreditRequest()
            request.clientID = clientID
            request.amountMinor = amount
            request.payment.method = "bank"
            request.payment.reference = key
            sent = await self.send(
                client, BillingMethods.addCredit, request, key: key, as: Clientele_V1_PostEntryResponse.self)
        } else {
            var request = Clientele_V1_ChargeRequest()
            request.clientID = clientID
            request.amountMinor = amount
            request.comment = key
            sent = await self.send(
                client, BillingMethods.charge, request, key: key, as: Clientele_V1_PostEntryResponse.self)
        }
        guard let (bytes, answer) = sent else { return nil }
        return AckedWrite(
            cycle: self.cycle, kind: credit ? .credit : .charge, service: BillingMethods.service,
            method: credit ? "AddCredit" : "Charge", idempotencyKey: key, request: bytes.request,
            response: bytes.response, clientID: clientID, entryID: answer.entry.id,
            amountMinor: answer.entry.amountMinor
        )
    }

    /// The raw request and answer bytes and the decoded answer, or `nil` when the call failed.
    private func send<Request: Message, Response: Message>(
        _ client: RPCClient, _ method: MethodDescriptor, _ request: Request, key: String, as _: Response.Type
    ) async -> ((request: Data, response: Data), Response)? {
        guard let payload = try? request.serializedData() else { return nil }
        do {
            let answer = try await client.call(method, payload: payload, options: self.options(key))
            return ((payload, answer), try Response(serializedBytes: answer))
        } catch {
            return nil
        }
    }
}
