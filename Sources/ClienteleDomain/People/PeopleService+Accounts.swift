public import ClienteleAccess
public import ClienteleStore

extension PeopleService {
    /// A new product account, under `clientID` or (with only `groupID`) unlinked in the group.
    public func createAccount(
        clientID: String, groupID: String, product: String, name: String, externalID: String,
        _ write: Write<AccountRecord>
    ) async throws(DomainError) -> AccountRecord {
        let clientID = try Validate.optional(clientID, "client_id", maxLength: 64)
        let groupID = clientID.isEmpty ? try Validate.required(groupID, "group_id", maxLength: 64) : ""
        let product = try Validate.required(product, "product", maxLength: 100)
        let name = try Validate.required(name, "name")
        let externalID = try Validate.optional(externalID, "external_id", maxLength: 128)
        let accountID = self.ids.make("acc")
        do {
            return try await self.writer.commit(write) { store, trail, now in
                var group = groupID
                if !clientID.isEmpty {
                    group = try ClientService.changeable(clientID, expectedVersion: 0, store: store).client.groupID
                }
                let account = AccountRecord(
                    id: accountID, groupID: group, clientID: clientID.isEmpty ? nil : clientID, product: product,
                    name: name, externalID: externalID.isEmpty ? nil : externalID, createdAt: now)
                try store.accounts.insert(account)
                trail.record(group: group, client: account.clientID, resource: "account:\(accountID)", detail: product)
                return account
            }
        } catch .alreadyExists(let field) where field == "group_id, external_id" {
            throw .alreadyExists(field: "external_id")
        }
    }

    /// Links one of the group's unlinked accounts to the client.
    public func linkAccount(
        _ clientID: String, accountID: String, _ write: Write<AccountRecord>
    ) async throws(DomainError)
        -> AccountRecord
    {
        try await self.relink(clientID, accountID: accountID, link: true, write)
    }

    /// Unlinks an account of the client; it becomes one of the group's unlinked accounts.
    public func unlinkAccount(
        _ clientID: String, accountID: String, _ write: Write<AccountRecord>
    )
        async throws(DomainError) -> AccountRecord
    {
        try await self.relink(clientID, accountID: accountID, link: false, write)
    }

    private func relink(
        _ clientID: String, accountID: String, link: Bool, _ write: Write<AccountRecord>
    )
        async throws(DomainError) -> AccountRecord
    {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let accountID = try Validate.required(accountID, "account_id", maxLength: 64)
        return try await self.writer.commit(write) { store, trail, _ in
            let view = try ClientService.changeable(id, expectedVersion: 0, store: store)
            guard var account = try store.accounts.fetch(id: accountID), account.groupID == view.client.groupID,
                link || account.clientID == id
            else { throw DomainError.notFound("account \(accountID)") }
            if link {
                guard account.clientID == nil else {
                    throw DomainError.failedPrecondition("account \(accountID) is already linked; unlink it first")
                }
            }
            account.clientID = link ? id : nil
            try store.accounts.link(id: accountID, to: account.clientID)
            trail.record(
                group: account.groupID, client: id, resource: "account:\(accountID)", changed: ["client_id"],
                detail: link ? "linked" : "unlinked")
            return account
        }
    }

    /// The client's accounts the principal may read: all of them for a reader of the
    /// client, otherwise only those granted to it one by one. A `groupID` besides
    /// (optional) must be the client's group: a client of another reads as NOT_FOUND.
    public func accounts(
        ofClient clientID: String, inGroup groupID: String = "", for principal: Principal
    ) async throws(DomainError) -> [AccountRecord] {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let groupID = try Validate.optional(groupID, "group_id", maxLength: 64)
        let now = self.clock.nowMillis()
        return try await self.database.look { store in
            guard let owner = try store.clients.ownership(id: id), groupID.isEmpty || owner.groupID == groupID else {
                throw DomainError.notFound("client \(id)")
            }
            let client = Resource(groupID: owner.groupID, clientID: id, managerUserID: owner.managerUserID)
            let all = try store.accounts.forClient(id)
            if Policy.decide(principal, .clientRead, on: client, now: now).allowed { return all }
            return all.filter { account in
                var resource = client
                resource.accountID = account.id
                return Policy.decide(principal, .accountRead, on: resource, now: now).allowed
            }
        }
    }

    public func unlinkedAccounts(groupID: String) async throws(DomainError) -> [AccountRecord] {
        let groupID = try Validate.required(groupID, "group_id", maxLength: 64)
        return try await self.database.look { try $0.accounts.unlinked(groupID: groupID) }
    }

    /// Places the client under `parentID` (or at the top with ""); a cycle is refused.
    public func setParent(
        _ clientID: String, parentID: String, _ write: Write<ClientView>
    ) async throws(DomainError)
        -> ClientView
    {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let parentID = try Validate.optional(parentID, "parent_client_id", maxLength: 64)
        return try await self.writer.commit(write) { store, trail, now in
            var view = try ClientService.changeable(id, expectedVersion: 0, store: store)
            if !parentID.isEmpty {
                guard let parent = try store.clients.fetch(id: parentID), parent.groupID == view.client.groupID else {
                    throw DomainError.notFound("client \(parentID)")
                }
                // Walk up from the new parent: meeting this client again would close a cycle.
                var chain = [id, parentID]
                var next = parent.parentClientID
                while let ancestor = next {
                    chain.append(ancestor)
                    guard ancestor != id else {
                        throw DomainError.failedPrecondition(
                            "linking \(id) under \(parentID) would make a cycle: \(chain.joined(separator: " → "))")
                    }
                    guard chain.count <= 64 else {
                        throw DomainError.failedPrecondition("sub-clients nest at most 64 deep")
                    }
                    next = try store.clients.fetch(id: ancestor)?.parentClientID
                }
                guard parentID != id else {
                    throw DomainError.failedPrecondition("client \(id) cannot be its own parent")
                }
            }
            let newParent = parentID.isEmpty ? nil : parentID
            guard view.client.parentClientID != newParent else { return view }
            // The parents' counts of sub-clients move in the same transaction.
            for (parent, step) in [(view.client.parentClientID, -1), (newParent, 1)] {
                guard let parent, var record = try store.clients.fetch(id: parent) else { continue }
                record.subClientCount = max(0, record.subClientCount + step)
                try store.clients.update(record, contacts: try store.contacts.forClient(parent))
            }
            view.client.parentClientID = newParent
            try ClientService.save(&view.client, contacts: view.contacts, now: now, store: store)
            trail.record(
                group: view.client.groupID, client: id, resource: "client:\(id)", changed: ["parent_client_id"])
            return view
        }
    }
}
