/// Notes on clients, read newest first.
public protocol NoteStore {
    func insert(_ note: NoteRecord) throws

    func fetch(id: String) throws -> NoteRecord?

    @discardableResult func delete(id: String) throws -> Bool

    /// Newest first; `before` is the (created_at, id) of the last note of the previous page.
    func list(clientID: String, before: (createdAt: Int64, id: String)?, limit: Int) throws -> [NoteRecord]
}
