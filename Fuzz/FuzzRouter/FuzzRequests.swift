import ClienteleAPI
import ClienteleFuzzSupport
import ClienteleProto
import ClienteleRPC
import Foundation
import SwiftProtobuf

/// Valid requests naming the setup's resources: the seed corpus, and the setup's own writes.
enum FuzzRequests {
    static func createClient(_ world: FuzzWorld) -> Clientele_V1_CreateClientRequest {
        var request = Clientele_V1_CreateClientRequest()
        request.groupID = world.groupID
        request.fields.accountName = "Fuzz Account"
        request.fields.companyName = "Fuzz GmbH"
        request.fields.billingEmails = ["billing@fuzz.example"]
        request.fields.address.country = "DE"
        request.fields.address.city = "Berlin"
        request.fields.billingMode = .postpaid
        request.fields.creditLimitMinor = 100_000
        var contact = Clientele_V1_NewContact()
        contact.firstName = "Ada"
        contact.lastName = "Contact"
        contact.email = "ada@fuzz.example"
        contact.primary = true
        request.contacts = [contact]
        return request
    }

    static func addCredit(_ world: FuzzWorld) -> Clientele_V1_AddCreditRequest {
        var request = Clientele_V1_AddCreditRequest()
        request.clientID = world.clientID
        request.amountMinor = 10_000
        request.payment.method = "bank"
        request.payment.reference = "ref-1"
        request.comment = "seed"
        return request
    }

    /// (method, credential mode, request) for every request built by hand.
    static func specific(_ world: FuzzWorld) -> [(MethodDescriptor, UInt8, any Message)] {
        var out: [(MethodDescriptor, UInt8, any Message)] = []
        out.append((HealthMethods.check, 0, Clientele_V1_HealthCheckRequest()))
        var bootstrap = Clientele_V1_BootstrapGroupRequest()
        bootstrap.groupName = "Second"
        bootstrap.ownerEmail = "second@fuzz.example"
        bootstrap.ownerName = "Second Owner"
        bootstrap.ownerPassword = FuzzWorld.password
        out.append((AccessMethods.bootstrapGroup, 2, bootstrap))
        var login = Clientele_V1_LoginRequest()
        login.email = "owner@fuzz.example"
        login.password = FuzzWorld.password
        out.append((AccessMethods.login, 0, login))
        out.append((AccessMethods.whoAmI, 1, Clientele_V1_WhoAmIRequest()))
        var user = Clientele_V1_CreateUserRequest()
        user.groupID = world.groupID
        user.email = "manager@fuzz.example"
        user.name = "Max Manager"
        user.role = .manager
        out.append((AccessMethods.createUser, 1, user))

        out.append((ClientsMethods.createClient, 1, createClient(world)))
        out.append((ClientsMethods.createClient, 3, createClient(world)))
        var get = Clientele_V1_GetClientRequest()
        get.clientID = world.clientID
        out.append((ClientsMethods.getClient, 1, get))
        var update = Clientele_V1_UpdateClientRequest()
        update.clientID = world.clientID
        update.updateMask.paths = ["company_name", "address.city", "billing_emails"]
        update.fields.companyName = "Renamed AG"
        update.fields.address.city = "Hamburg"
        update.fields.billingEmails = ["a@fuzz.example", "b@fuzz.example"]
        update.expectedVersion = 3
        out.append((ClientsMethods.updateClient, 1, update))
        var list = Clientele_V1_ListClientsRequest()
        list.groupID = world.groupID
        list.search = "fuzz acc"
        list.statuses = [.active, .pending]
        list.sort = .companyName
        list.pageSize = 10
        out.append((ClientsMethods.listClients, 1, list))
        var block = Clientele_V1_ChangeClientStateRequest()
        block.clientID = world.clientID
        block.reason = "unpaid"
        out.append((ClientsMethods.blockClient, 1, block))
        var close = Clientele_V1_CloseClientRequest()
        close.clientID = world.clientID
        close.dryRun = true
        out.append((ClientsMethods.closeClient, 1, close))
        var addContact = Clientele_V1_AddContactRequest()
        addContact.clientID = world.clientID
        addContact.contact.firstName = "Bob"
        addContact.contact.lastName = "Second"
        addContact.contact.email = "bob@fuzz.example"
        addContact.contact.address.country = "FR"
        out.append((ClientsMethods.addContact, 1, addContact))
        var updateContact = Clientele_V1_UpdateContactRequest()
        updateContact.clientID = world.clientID
        updateContact.contactID = world.contactID
        updateContact.updateMask.paths = ["phone"]
        updateContact.contact.phone = "+49 30 1234567"
        out.append((ClientsMethods.updateContact, 1, updateContact))
        var removeContact = Clientele_V1_RemoveContactRequest()
        removeContact.clientID = world.clientID
        removeContact.contactID = world.contactID
        out.append((ClientsMethods.removeContact, 1, removeContact))
        var note = Clientele_V1_AddNoteRequest()
        note.clientID = world.clientID
        note.text = "called, will pay"
        out.append((ClientsMethods.addNote, 1, note))
        var notes = Clientele_V1_ListNotesRequest()
        notes.clientID = world.clientID
        out.append((ClientsMethods.listNotes, 1, notes))
        var deleteNote = Clientele_V1_DeleteNoteRequest()
        deleteNote.clientID = world.clientID
        deleteNote.noteID = world.noteID
        out.append((ClientsMethods.deleteNote, 1, deleteNote))

        out.append((BillingMethods.addCredit, 1, addCredit(world)))
        out.append((BillingMethods.addCredit, 3, addCredit(world)))
        var charge = Clientele_V1_ChargeRequest()
        charge.clientID = world.clientID
        charge.amountMinor = 2_500
        charge.comment = "monthly"
        out.append((BillingMethods.charge, 1, charge))
        var creditNote = Clientele_V1_IssueCreditNoteRequest()
        creditNote.clientID = world.clientID
        creditNote.amountMinor = 100
        creditNote.packageName = "starter"
        creditNote.negativePackageAmountMinor = 50
        out.append((BillingMethods.issueCreditNote, 1, creditNote))
        var correct = Clientele_V1_CorrectPaymentRequest()
        correct.clientID = world.clientID
        correct.entryID = world.entryID
        correct.amountMinor = 10
        out.append((BillingMethods.correctPayment, 1, correct))
        var withdraw = Clientele_V1_WithdrawRequest()
        withdraw.clientID = world.clientID
        withdraw.amountMinor = 5
        out.append((BillingMethods.withdraw, 1, withdraw))
        var settle = Clientele_V1_SettleDebtRequest()
        settle.clientID = world.clientID
        settle.amountMinor = 5
        out.append((BillingMethods.settleDebt, 1, settle))
        var balance = Clientele_V1_GetBalanceRequest()
        balance.clientID = world.clientID
        out.append((BillingMethods.getBalance, 1, balance))
        var entries = Clientele_V1_ListEntriesRequest()
        entries.clientID = world.clientID
        entries.kinds = [.credit, .charge]
        entries.pageSize = 2
        out.append((BillingMethods.listEntries, 1, entries))
        var terms = Clientele_V1_ChangeTermsRequest()
        terms.clientID = world.clientID
        terms.billingMode = .prepaid
        terms.reason = "new contract"
        out.append((BillingMethods.changeTerms, 1, terms))
        var currency = Clientele_V1_ChangeCurrencyRequest()
        currency.clientID = world.clientID
        currency.currency = "USD"
        currency.reason = "moved"
        out.append((BillingMethods.changeCurrency, 1, currency))
        return out
    }

    /// One file per seed: the hand-built requests, and for every registered method an empty
    /// request and ones whose field 1 is the client's, the group's or the owner's id.
    static func writeSeeds(_ world: FuzzWorld, to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var count = 0
        func write(_ name: String, _ method: MethodDescriptor, _ mode: UInt8, _ payload: [UInt8]) throws {
            let bytes = [world.index(of: method), mode] + payload
            let file = "\(method.service.split(separator: ".").last!)-\(method.method)-\(name)"
            try Data(bytes).write(to: URL(fileURLWithPath: folder).appendingPathComponent(file))
            count += 1
        }
        for (number, (method, mode, request)) in specific(world).enumerated() {
            try write("valid\(number)-mode\(mode)", method, mode, try request.serializedBytes())
        }
        for method in world.methods {
            try write("empty", method, 1, [])
            for (name, id) in [("client", world.clientID), ("group", world.groupID), ("user", world.ownerID)] {
                let utf8 = Array(id.utf8)
                try write("field1-\(name)", method, 1, [0x0A, UInt8(utf8.count)] + utf8)
            }
        }
        // Every recorded contract request: the peer is the local operator when it sent no token.
        for contract in try ContractCase.all() {
            let method = MethodDescriptor(service: contract.service, method: contract.method)
            guard world.methods.contains(method) else { continue }
            let mode: UInt8 =
                contract.header("authorization") == nil ? 2 : contract.header("idempotency-key") == nil ? 1 : 3
            try write("contract-\(contract.name)", method, mode, contract.request)
        }
        print("clientele-fuzz-router: wrote \(count) seeds for \(world.methods.count) methods to \(folder)")
    }
}
