public import ClienteleAccess
import ClienteleStore
import Crypto

extension ClientService {
    /// Where a page ended, and a digest of the filters it was made for.
    private struct ListPosition: Codable {
        var filters: String
        var key: ClientQuery.PageKey
    }

    /// A page of the group's clients that `principal` may read: every client for a
    /// group-wide reader, otherwise only the clients of its client-scoped grants.
    public func list(_ request: ClientListRequest, for principal: Principal) async throws(DomainError) -> ClientPage {
        var query = try self.query(request, for: principal)
        let filters = Self.digest(query)
        if let position = try PageToken.decode(request.pageToken, as: ListPosition.self) {
            guard position.filters == filters else {
                throw .invalidArgument(
                    field: "page_token", reason: "was made for other filters or another order; start again without it")
            }
            query.after = position.key
        }
        let limit = query.limit
        query.limit += 1
        let page = query
        return try await self.database.look { store in
            var clients = try store.clients.list(page)
            let next = PageToken.trim(&clients, limit: limit) {
                ListPosition(filters: filters, key: Self.key(of: $0, sort: page.sort))
            }
            let contacts = try store.contacts.forClients(clients.map(\.id))
            return ClientPage(
                clients: clients.map { ClientView(client: $0, contacts: contacts[$0.id] ?? []) }, nextPageToken: next)
        }
    }

    private func query(_ request: ClientListRequest, for principal: Principal) throws(DomainError) -> ClientQuery {
        let groupID = try Validate.required(request.groupID, "group_id", maxLength: 64)
        var query = ClientQuery(groupID: groupID)
        query.visibleClientIDs = Self.visibleClients(of: principal, in: groupID, now: self.clock.nowMillis())
        let manager = try Validate.optional(request.managerUserID, "manager_user_id", maxLength: 64)
        if request.own {
            guard let me = principal.userID else {
                throw .invalidArgument(field: "own", reason: "only a user has own clients")
            }
            guard manager.isEmpty || manager == me else {
                throw .invalidArgument(field: "own", reason: "conflicts with manager_user_id \(manager)")
            }
            query.managerUserID = me
        } else if !manager.isEmpty {
            query.managerUserID = manager
        }
        switch request.block {
        case 0: query.blocked = nil
        case 1: query.blocked = true
        case 2: query.blocked = false
        default: throw .invalidArgument(field: "block", reason: "has no block filter numbered \(request.block)")
        }
        for (index, status) in request.statuses.enumerated() where ClientStatus(rawValue: status) == nil {
            throw .invalidArgument(field: "statuses[\(index)]", reason: "has no client status numbered \(status)")
        }
        query.statuses = Array(Set(request.statuses)).sorted()
        query.includeClosed = request.includeClosed
        let country = try ClientFieldRules.country(request.country, "country")
        query.country = country.isEmpty ? nil : country
        let currency = try Validate.optional(request.currency, "currency", maxLength: 3).uppercased()
        if !currency.isEmpty {
            guard Currency.exponent(of: currency) != nil else {
                throw .invalidArgument(
                    field: "currency", reason: "\(request.currency) is not an ISO 4217 currency code")
            }
            query.currency = currency
        }
        let login = try Validate.optional(request.login, "login", maxLength: 64).lowercased()
        query.login = login.isEmpty ? nil : login
        query.email = request.email.isEmpty ? nil : try Validate.email(request.email, "email")
        let phone = try Validate.phone(request.phone, "phone")
        query.phone = phone.isEmpty ? nil : phone
        guard (0...3).contains(request.connectionKind) else {
            throw .invalidArgument(
                field: "connection_kind", reason: "has no connection kind numbered \(request.connectionKind)")
        }
        query.connectionKind = request.connectionKind == 0 ? nil : request.connectionKind
        guard (0...3).contains(request.connectionStatus) else {
            throw .invalidArgument(
                field: "connection_status", reason: "has no connection status numbered \(request.connectionStatus)")
        }
        query.connectionStatus = request.connectionStatus == 0 ? nil : request.connectionStatus
        let parent = try Validate.optional(request.parentClientID, "parent_client_id", maxLength: 64)
        guard parent.isEmpty || !request.topLevelOnly else {
            throw .invalidArgument(field: "top_level_only", reason: "conflicts with parent_client_id \(parent)")
        }
        query.parentClientID = parent.isEmpty ? nil : parent
        query.topLevelOnly = request.topLevelOnly
        query.search = try Self.searchQuery(request.search)
        query.sort = try Self.sort(request.sort)
        query.descending = request.descending
        query.limit = try Validate.pageSize(request.pageSize)
        return query
    }

    /// `nil` when a group-wide grant lets the principal read every client of the group;
    /// otherwise the clients its client-scoped grants let it read.
    static func visibleClients(of principal: Principal, in groupID: String, now: Int64) -> [String]? {
        var clients: [String] = []
        for grant in principal.grants where grant.groupID == groupID && grant.isLive(at: now) {
            let relations = Policy.actions(of: grant.role)[.clientRead] ?? []
            switch grant.scope.kind {
            case .group where relations.contains(.sameGroup): return nil
            case .client where relations.contains(.sameClient): clients.append(grant.scope.id)
            default: break
            }
        }
        return Array(Set(clients)).sorted()
    }

    /// Every word required, each matching the start of a word (see `SearchText`); `nil` for no search.
    private static func searchQuery(_ text: String) throws(DomainError) -> String? {
        let text = try Validate.optional(text, "search", maxLength: 200)
        if text.allSatisfy(\.isWhitespace) { return nil }
        guard let query = SearchText.query(text) else {
            throw .invalidArgument(field: "search", reason: "has no letter or digit to search for")
        }
        return query
    }

    private static func sort(_ value: Int) throws(DomainError) -> ClientQuery.Sort {
        switch value {
        case 0, 1: return .accountName
        case 2: return .companyName
        case 3: return .status
        case 4: return .created
        default: throw .invalidArgument(field: "sort", reason: "has no sort order numbered \(value)")
        }
    }

    private static func key(of client: ClientRecord, sort: ClientQuery.Sort) -> ClientQuery.PageKey {
        let value: ClientQuery.SortValue =
            switch sort {
            case .accountName: .text(client.accountName)
            case .companyName: .text(client.companyName)
            case .status: .integer(Int64(client.status))
            case .created: .integer(client.createdAt)
            }
        return ClientQuery.PageKey(value: value, id: client.id)
    }

    /// A short digest of everything but the page, so a token is not reused with other filters.
    private static func digest(_ query: ClientQuery) -> String {
        let parts: [String] = [
            query.groupID, query.visibleClientIDs?.joined(separator: ",") ?? "*", query.managerUserID ?? "",
            query.blocked.map { "\($0)" } ?? "", query.statuses.map(String.init).joined(separator: ","),
            "\(query.includeClosed)", query.country ?? "", query.currency ?? "", query.login ?? "", query.email ?? "",
            query.phone ?? "", query.connectionKind.map(String.init) ?? "", query.search ?? "",
            query.sort.rawValue, "\(query.descending)", query.connectionStatus.map(String.init) ?? "",
            query.parentClientID ?? "", "\(query.topLevelOnly)",
        ]
        let hash = SHA256.hash(data: Array(parts.joined(separator: "\u{1F}").utf8))
        return Base32.encode(Array(hash.prefix(10)))
    }
}
