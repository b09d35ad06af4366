import ClienteleStore

extension ChangeFeed {
    /// Appends the changes that a write's audit entries stand for, in the write's transaction
    /// (called by `AuditedWriter` after the body). Entries about other things (users, keys,
    /// notes, invitations, imports, the outbox) make none. What the object became is read in the
    /// same transaction: the client's version and status, whether a contact, member or grant is gone.
    static func record(_ entries: [AuditEntryRecord], store: StoreContext) throws {
        for entry in entries {
            if let change = try self.change(for: entry, store: store) { try store.changes.append(change) }
        }
    }

    /// A client changed by a write that records no audit entry about it (an owner accepting
    /// the activation invitation: its entry is about the invitation).
    static func recordClient(
        _ client: ClientRecord, changed: [String], at now: Int64, store: StoreContext
    ) throws {
        let kind = self.clientKind(version: Int64(client.version), status: client.status, changed: changed)
        try store.changes.append(
            ChangeRecord(
                groupID: client.groupID, clientID: client.id, kind: kind.rawValue, objectID: client.id,
                version: Int64(client.version), deleted: false, changedFields: changed, at: now))
    }

    static func change(for entry: AuditEntryRecord, store: StoreContext) throws -> ChangeRecord? {
        guard let colon = entry.resource.firstIndex(of: ":") else { return nil }
        let type = entry.resource[..<colon]
        let id = String(entry.resource[entry.resource.index(after: colon)...])
        let kind: ChangeKind
        var version: Int64 = 0
        var deleted = false
        switch type {
        case "client":
            guard let state = try store.changes.clientState(id) else { return nil }
            version = state.version
            kind = self.clientKind(version: state.version, status: state.status, changed: entry.changedFields)
        case "contact":
            kind = .contact
            deleted = try !store.changes.contactExists(id)
            if let client = entry.clientID { version = try store.changes.clientState(client)?.version ?? 0 }
        case "member":
            guard let client = entry.clientID else { return nil }
            kind = .member
            deleted = try !store.changes.memberExists(clientID: client, userID: id)
        case "account":
            kind = .account
        case "staff_grant":
            kind = .grant
            deleted = try !store.changes.staffGrantExists(id)
        case "entry":
            kind = .ledgerEntry
        case "statement":
            kind = .statement
        default:
            return nil
        }
        return ChangeRecord(
            groupID: entry.groupID, clientID: entry.clientID, kind: kind.rawValue, objectID: id, version: version,
            deleted: deleted, changedFields: entry.changedFields, at: entry.at)
    }

    /// A client at version 1 was just made; one closed by this write closed; one whose status,
    /// flags or connection changed changed state; anything else is an update.
    static func clientKind(version: Int64, status: Int, changed: [String]) -> ChangeKind {
        if version == 1 { return .clientCreated }
        if status == ClientStatus.closed.rawValue && changed.contains("status") { return .clientClosed }
        if changed.contains(where: ChangeKind.stateFields.contains) { return .clientStateChanged }
        return .clientUpdated
    }
}
