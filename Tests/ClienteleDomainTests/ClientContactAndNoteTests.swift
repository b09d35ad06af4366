import ClienteleAccess
import ClienteleDomain
import ClienteleStore
import Testing

@Suite("Clients: contacts and notes")
struct ClientContactAndNoteTests {
    @Test("exactly one primary: the first contact, or the one made primary, which demotes the other")
    func primary() async throws {
        let fixture = try await ClientFixture()
        let id = try await fixture.create("Acme", contacts: [ClientFixture.contact("Ann", email: "ann@acme.io")]).client
            .id
        let second = try await fixture.clients.addContact(
            id, ClientFixture.contact("Bob", email: "bob@acme.io", primary: true), expectedVersion: 0,
            try fixture.write())
        #expect(second.contacts.filter(\.isPrimary).map(\.firstName) == ["Bob"])
        #expect(second.invitationRecipient == "bob@acme.io")
        let ann = try #require(second.contacts.first { $0.firstName == "Ann" })
        var input = ContactInput()
        input.primary = true
        let back = try await fixture.clients.updateContact(
            id, contactID: ann.id, input, paths: ["primary"], expectedVersion: 0, try fixture.write())
        #expect(back.contacts.filter(\.isPrimary).map(\.id) == [ann.id])
        input.primary = false
        await #expect(throws: DomainError.self) {
            _ = try await fixture.clients.updateContact(
                id, contactID: ann.id, input, paths: ["primary"], expectedVersion: 0, try fixture.write())
        }
    }

    @Test("bad fields are INVALID_ARGUMENT before the contact is looked up")
    func fieldsBeforeLookup() async throws {
        let fixture = try await ClientFixture()
        let id = try await fixture.create("Acme").client.id
        var input = ContactInput()
        input.firstName = String(repeating: "x", count: 100_000)
        await #expect(
            throws: DomainError.invalidArgument(field: "contact.first_name", reason: "is longer than 100 characters")
        ) {
            _ = try await fixture.clients.updateContact(
                id, contactID: "con_unknown", input, paths: ["first_name"], expectedVersion: 0, try fixture.write())
        }
        input.firstName = "Ann"
        await #expect(throws: DomainError.notFound("contact con_unknown")) {
            _ = try await fixture.clients.updateContact(
                id, contactID: "con_unknown", input, paths: ["first_name"], expectedVersion: 0, try fixture.write())
        }
    }

    @Test("the primary goes only with a successor named; the last contact stays")
    func remove() async throws {
        let fixture = try await ClientFixture()
        let view = try await fixture.create(
            "Acme", contacts: [ClientFixture.contact("Ann"), ClientFixture.contact("Bob")])
        let ann = view.contacts[0]
        let bob = view.contacts[1]
        #expect(ann.isPrimary)
        await #expect(throws: DomainError.self) {
            _ = try await fixture.clients.removeContact(
                view.client.id, contactID: ann.id, newPrimaryID: "", expectedVersion: 0, try fixture.write())
        }
        let after = try await fixture.clients.removeContact(
            view.client.id, contactID: ann.id, newPrimaryID: bob.id, expectedVersion: 0, try fixture.write())
        #expect(after.contacts.map(\.id) == [bob.id] && after.contacts[0].isPrimary)
        await #expect(throws: DomainError.self) {
            _ = try await fixture.clients.removeContact(
                view.client.id, contactID: bob.id, newPrimaryID: "", expectedVersion: 0, try fixture.write())
        }
        #expect(try await fixture.clients.get(view.client.id).contacts.count == 1)
    }

    @Test("contacts are found by email and phone in listings")
    func lookup() async throws {
        let fixture = try await ClientFixture()
        var contact = ClientFixture.contact("Ann", email: "ann@acme.io")
        contact.phone = "+1 555 0100"
        let id = try await fixture.create("Acme", contacts: [contact]).client.id
        _ = try await fixture.create("Other")
        var request = ClientListRequest()
        request.groupID = fixture.group
        request.email = "ANN@acme.io"
        #expect(try await fixture.clients.list(request, for: fixture.ownerPrincipal).clients.map(\.client.id) == [id])
        request.email = ""
        request.phone = "+1 555 0100"
        #expect(try await fixture.clients.list(request, for: fixture.ownerPrincipal).clients.map(\.client.id) == [id])
    }

    @Test("notes list newest first, page, and only their author deletes them")
    func notes() async throws {
        let fixture = try await ClientFixture()
        let id = try await fixture.create("Acme").client.id
        var written: [String] = []
        for index in 0..<5 {
            written.append(try await fixture.clients.addNote(id, text: "note \(index)", try fixture.write()).id)
            fixture.clock.advance(millis: 1)
        }
        let first = try await fixture.clients.notes(id, pageSize: 3, pageToken: "")
        #expect(first.notes.map(\.text) == ["note 4", "note 3", "note 2"])
        let second = try await fixture.clients.notes(id, pageSize: 3, pageToken: first.nextPageToken)
        #expect(second.notes.map(\.text) == ["note 1", "note 0"])
        #expect(second.nextPageToken.isEmpty)
        let stranger = Write<Bool>(
            origin: WriteOrigin(actor: "usr_other", userID: "usr_other", action: "t", requestID: "r"),
            encode: { _ in [] })
        await #expect(throws: DomainError.permissionDenied("only the author of note \(written[0]) may delete it")) {
            try await fixture.clients.deleteNote(id, noteID: written[0], stranger)
        }
        try await fixture.clients.deleteNote(id, noteID: written[0], try fixture.write())
        #expect(try await fixture.clients.notes(id, pageSize: 0, pageToken: "").notes.count == 4)
        await #expect(throws: DomainError.invalidArgument(field: "text", reason: "is required")) {
            _ = try await fixture.clients.addNote(id, text: " \n ", try fixture.write())
        }
    }
}
