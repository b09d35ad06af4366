public import ClienteleStore

extension ClientService {
    static let maximumNoteLength = 10_000

    private struct NotePosition: Codable {
        var createdAt: Int64
        var id: String
    }

    public func addNote(
        _ clientID: String, text: String, _ write: Write<NoteRecord>
    ) async throws(DomainError)
        -> NoteRecord
    {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let text = try Validate.text(text, "text", maxLength: Self.maximumNoteLength)
        let noteID = self.ids.make("note")
        let author = write.origin.userID ?? write.origin.actor
        return try await self.writer.commit(write) { store, trail, now in
            let view = try Self.changeable(id, expectedVersion: 0, store: store)
            let note = NoteRecord(id: noteID, clientID: id, authorUserID: author, text: text, createdAt: now)
            try store.notes.insert(note)
            trail.record(group: view.client.groupID, client: id, resource: "note:\(noteID)", changed: ["text"])
            return note
        }
    }

    public func notes(_ clientID: String, pageSize: Int32, pageToken: String) async throws(DomainError) -> NotePage {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let limit = try Validate.pageSize(pageSize)
        let position = try PageToken.decode(pageToken, as: NotePosition.self)
        return try await self.database.look { store in
            guard try store.clients.ownership(id: id) != nil else { throw DomainError.notFound("client \(id)") }
            var notes = try store.notes.list(
                clientID: id, before: position.map { ($0.createdAt, $0.id) }, limit: limit + 1)
            let next = PageToken.trim(&notes, limit: limit) { NotePosition(createdAt: $0.createdAt, id: $0.id) }
            return NotePage(notes: notes, nextPageToken: next)
        }
    }

    /// Deletes a note; only its author may.
    public func deleteNote(_ clientID: String, noteID: String, _ write: Write<Bool>) async throws(DomainError) {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let noteID = try Validate.required(noteID, "note_id", maxLength: 64)
        let author = write.origin.userID ?? write.origin.actor
        _ = try await self.writer.commit(write) { store, trail, _ in
            guard let note = try store.notes.fetch(id: noteID), note.clientID == id,
                let owner = try store.clients.ownership(id: id)
            else { throw DomainError.notFound("note \(noteID)") }
            guard note.authorUserID == author else {
                throw DomainError.permissionDenied("only the author of note \(noteID) may delete it")
            }
            try store.notes.delete(id: noteID)
            trail.record(group: owner.groupID, client: id, resource: "note:\(noteID)", detail: "deleted")
            return true
        }
    }
}
