/// One named step of the PostgreSQL schema, applied once, in order, in one transaction.
/// Names are never reused or edited once released: a new change is a new migration.
struct PostgresMigration: Sendable {
    let name: String
    let sql: String
}
