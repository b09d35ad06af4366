import ClienteleStore

extension ClientService {
    /// Adds a contact; the first contact, or one marked primary, becomes the primary.
    public func addContact(
        _ clientID: String, _ input: ContactInput, expectedVersion: Int64, _ write: Write<ClientView>
    ) async throws(DomainError) -> ClientView {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let contactID = self.ids.make("con")
        return try await self.writer.commit(write) { store, trail, now in
            var view = try Self.changeable(id, expectedVersion: expectedVersion, store: store)
            guard view.contacts.count < ContactRules.maximumContacts else {
                throw DomainError.failedPrecondition(
                    "client \(id) already has \(ContactRules.maximumContacts) contacts")
            }
            var contact = ContactRecord(
                id: contactID, clientID: id, position: (view.contacts.map(\.position).max() ?? -1) + 1,
                firstName: "", lastName: "", email: "", phone: "", isPrimary: false, address: AddressRecord())
            try ContactRules.apply(input, paths: ContactRules.paths, to: &contact, field: "contact")
            view.contacts.append(contact)
            if contact.isPrimary || view.contacts.count == 1 { ContactRules.makePrimary(contactID, in: &view.contacts) }
            try store.contacts.replace(clientID: id, with: view.contacts)
            try Self.save(&view.client, contacts: view.contacts, now: now, store: store)
            trail.record(
                group: view.client.groupID, client: id, resource: "contact:\(contactID)",
                changed: contact.isPrimary ? ["contacts", "primary"] : ["contacts"])
            return view
        }
    }

    /// Changes the contact fields named by `paths`. Setting `primary` demotes the
    /// former primary; the primary cannot be demoted without naming another.
    public func updateContact(
        _ clientID: String, contactID: String, _ input: ContactInput, paths: [String], expectedVersion: Int64,
        _ write: Write<ClientView>
    ) async throws(DomainError) -> ClientView {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let contactID = try Validate.required(contactID, "contact_id", maxLength: 64)
        guard !paths.isEmpty else {
            throw .invalidArgument(field: "update_mask", reason: "names no field; list the paths to change")
        }
        // The fields are checked before the contact is looked up: bad input is INVALID_ARGUMENT
        // whether or not the contact exists. A named placeholder keeps the name rule to the paths.
        var scratch = ContactRecord(
            id: contactID, clientID: id, position: 0, firstName: "-", lastName: "-", email: "", phone: "",
            isPrimary: false, address: AddressRecord())
        try ContactRules.apply(input, paths: paths, to: &scratch, field: "contact")
        return try await self.writer.commit(write) { store, trail, now in
            var view = try Self.changeable(id, expectedVersion: expectedVersion, store: store)
            guard let index = view.contacts.firstIndex(where: { $0.id == contactID }) else {
                throw DomainError.notFound("contact \(contactID)")
            }
            let before = view.contacts[index]
            try ContactRules.apply(input, paths: paths, to: &view.contacts[index], field: "contact")
            if before.isPrimary && !view.contacts[index].isPrimary {
                throw DomainError.failedPrecondition(
                    "contact \(contactID) is the primary contact; make another contact primary instead")
            }
            if view.contacts[index].isPrimary { ContactRules.makePrimary(contactID, in: &view.contacts) }
            guard view.contacts[index] != before else { return view }
            try store.contacts.replace(clientID: id, with: view.contacts)
            try Self.save(&view.client, contacts: view.contacts, now: now, store: store)
            trail.record(
                group: view.client.groupID, client: id, resource: "contact:\(contactID)",
                changed: paths.filter { $0 != "address" } + (paths.contains("address") ? ["address"] : []))
            return view
        }
    }

    /// Removes a contact. The last contact stays; the primary goes only when
    /// `newPrimaryID` names the contact that takes its place.
    public func removeContact(
        _ clientID: String, contactID: String, newPrimaryID: String, expectedVersion: Int64,
        _ write: Write<ClientView>
    ) async throws(DomainError) -> ClientView {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let contactID = try Validate.required(contactID, "contact_id", maxLength: 64)
        let newPrimaryID = try Validate.optional(newPrimaryID, "new_primary_contact_id", maxLength: 64)
        return try await self.writer.commit(write) { store, trail, now in
            var view = try Self.changeable(id, expectedVersion: expectedVersion, store: store)
            guard let removed = view.contacts.first(where: { $0.id == contactID }) else {
                throw DomainError.notFound("contact \(contactID)")
            }
            guard view.contacts.count > 1 else {
                throw DomainError.failedPrecondition(
                    "contact \(contactID) is the last contact of client \(id) and its primary; add another first")
            }
            view.contacts.removeAll { $0.id == contactID }
            if removed.isPrimary || !newPrimaryID.isEmpty {
                guard !newPrimaryID.isEmpty else {
                    throw DomainError.failedPrecondition(
                        "contact \(contactID) is the primary contact; name new_primary_contact_id to replace it")
                }
                guard view.contacts.contains(where: { $0.id == newPrimaryID }) else {
                    throw DomainError.invalidArgument(
                        field: "new_primary_contact_id", reason: "\(newPrimaryID) is not another contact of this client"
                    )
                }
                ContactRules.makePrimary(newPrimaryID, in: &view.contacts)
            }
            try store.contacts.replace(clientID: id, with: view.contacts)
            try Self.save(&view.client, contacts: view.contacts, now: now, store: store)
            trail.record(
                group: view.client.groupID, client: id, resource: "contact:\(contactID)",
                changed: removed.isPrimary ? ["contacts", "primary"] : ["contacts"], detail: "removed")
            return view
        }
    }
}
