import ArgumentParser
import ClienteleAPI
import ClienteleProto

extension ClientsCommand {
    struct Create: RPCCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a client; only --account-name is required.",
            discussion: """
                With --owner-email the client is pending until that account owner activates \
                (an activation mail goes to the outbox); with --owner-password-stdin as well, the \
                owner gets that first password instead and the client is active at once (a new \
                account only). --opening-credit-minor posts a first credit on the ledger, and \
                --inactive creates the client inactive, all in the same transaction. --contact-* \
                options give a first contact; add more with `clientele contacts add`.
                """
        )
        static let method = ClientsMethods.Unary.createClient

        @OptionGroup var settings: WriteOptions
        @Option(help: .groupID) var groupId: String
        @OptionGroup var fields: ClientFieldOptions
        @Option(help: "The first contact's first name.") var contactFirstName: String?
        @Option(help: "The first contact's last name.") var contactLastName: String?
        @Option(help: "The first contact's email.") var contactEmail: String?
        @Option(help: "The first contact's phone.") var contactPhone: String?
        @Option(help: "The account owner's first name.") var ownerFirstName: String?
        @Option(help: "The account owner's last name.") var ownerLastName: String?
        @Option(help: "The account owner's email (makes the client pending until they activate).")
        var ownerEmail: String?
        @Flag(help: "Read the owner's first password from standard input (the owner signs in at once).")
        var ownerPasswordStdin = false
        @Option(help: "A first credit, in minor units of the client's currency.") var openingCreditMinor: Int64?
        @Option(help: "The opening credit's payment method, e.g. bank_transfer.") var paymentMethod: String?
        @Option(help: "The opening credit's payment reference.") var paymentReference: String?
        @Flag(help: "Create the client inactive.") var inactive = false

        func validate() throws {
            if self.ownerPasswordStdin && self.ownerEmail == nil {
                throw ValidationError("--owner-password-stdin needs --owner-email")
            }
            if self.openingCreditMinor == nil && (self.paymentMethod != nil || self.paymentReference != nil) {
                throw ValidationError("--payment-method and --payment-reference need --opening-credit-minor")
            }
        }

        func request() throws -> Clientele_V1_CreateClientRequest {
            var request = Clientele_V1_CreateClientRequest()
            request.groupID = self.groupId
            request.fields = self.fields.fields().fields
            let contact = [self.contactFirstName, self.contactLastName, self.contactEmail, self.contactPhone]
            if contact.contains(where: { $0 != nil }) {
                var first = Clientele_V1_NewContact()
                first.firstName = self.contactFirstName ?? ""
                first.lastName = self.contactLastName ?? ""
                first.email = self.contactEmail ?? ""
                first.phone = self.contactPhone ?? ""
                request.contacts = [first]
            }
            if [self.ownerFirstName, self.ownerLastName, self.ownerEmail].contains(where: { $0 != nil }) {
                request.owner.firstName = self.ownerFirstName ?? ""
                request.owner.lastName = self.ownerLastName ?? ""
                request.owner.email = self.ownerEmail ?? ""
            }
            if self.ownerPasswordStdin {
                request.owner.password = try SecretInput.read(prompt: "Owner's password: ", fromStandardInput: true)
            }
            if let amount = self.openingCreditMinor {
                request.openingCredit.amountMinor = amount
                request.openingCredit.paymentMethod = self.paymentMethod ?? ""
                request.openingCredit.paymentReference = self.paymentReference ?? ""
            }
            request.inactive = self.inactive
            return request
        }
    }

    enum Get: ClientQuery {
        static let name = "get"
        static let abstract = "Show a client with its contacts and version."
        static let method = ClientsMethods.Unary.getClient
    }

    struct Update: RPCCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change the fields given as options (they make the update mask).",
            discussion: """
                Only the options given are changed; --clear PATH empties a field (a path of ClientFields, \
                e.g. company_name or address.region). With --expected-version the update is refused \
                (FAILED_PRECONDITION, exit 9) unless the client is at that version. Currency, billing mode \
                and credit limit change through `clientele billing`.
                """
        )
        static let method = ClientsMethods.Unary.updateClient

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @OptionGroup var fields: ClientFieldOptions
        @Option(help: "Empty this field: a path of ClientFields (repeatable).") var clear: [String] = []
        @Option(help: "Refuse unless the client is at this version (0: any).") var expectedVersion: Int64 = 0

        func validate() throws {
            guard !self.fields.fields().paths.isEmpty || !self.clear.isEmpty else {
                throw ValidationError("give at least one field to change, or --clear PATH")
            }
        }

        func request() -> Clientele_V1_UpdateClientRequest {
            let given = self.fields.fields()
            var request = Clientele_V1_UpdateClientRequest()
            request.clientID = self.clientId
            request.fields = given.fields
            request.updateMask.paths = given.paths + self.clear
            request.expectedVersion = self.expectedVersion
            return request
        }
    }

    struct List: ListCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a group's clients, filtered and sorted.",
            discussion: "Filters left out do not filter. Closed clients only with --include-closed or --statuses."
        )
        static let method = ClientsMethods.Unary.listClients
        static let columns = [
            "id", "fields.account_name", "fields.company_name", "status", "blocked.set", "fields.address.country",
            "fields.currency", "version",
        ]

        @OptionGroup var settings: ReadOptions
        @OptionGroup var paging: PagingOptions
        @Option(help: .groupID) var groupId: String
        @Option(help: "Only the clients this user manages.") var managerUserId: String?
        @Flag(help: "Only the clients you manage.") var own = false
        @Option(help: "Block state: any (default), blocked or not_blocked.") var block: Clientele_V1_BlockFilter?
        @Option(help: "Status: pending, active, inactive or closed (repeatable).")
        var statuses: [Clientele_V1_ClientStatus] = []
        @Option(help: "Country (ISO 3166-1 alpha-2).") var country: String?
        @Option(help: "Currency (ISO 4217).") var currency: String?
        @Option(help: "Login.") var login: String?
        @Option(help: "A billing or contact email.") var email: String?
        @Option(help: "The client's or a contact's phone.") var phone: String?
        @Option(help: "Connection kind: direct, partner or reseller.")
        var connectionKind: Clientele_V1_ConnectionKind?
        @Option(help: "Connection status: connected, suspended or disconnected.")
        var connectionStatus: Clientele_V1_ConnectionStatus?
        @Option(help: "Only the sub-clients of this client.") var parentClientId: String?
        @Flag(help: "Only top-level clients (no parent).") var topLevelOnly = false
        @Option(help: "Words that must each start a word of the name, company, login or billing emails.")
        var search: String?
        @Option(help: "Sort: account_name (default), company_name, status or created.")
        var sort: Clientele_V1_ClientSort?
        @Flag(help: "Sort descending.") var descending = false
        @Flag(help: "Include closed clients.") var includeClosed = false

        func request() -> Clientele_V1_ListClientsRequest {
            var request = Clientele_V1_ListClientsRequest()
            request.groupID = self.groupId
            request.managerUserID = self.managerUserId ?? ""
            request.own = self.own
            request.block = self.block ?? .any
            request.statuses = self.statuses
            request.country = self.country ?? ""
            request.currency = self.currency ?? ""
            request.login = self.login ?? ""
            request.email = self.email ?? ""
            request.phone = self.phone ?? ""
            request.connectionKind = self.connectionKind ?? .unspecified
            request.connectionStatus = self.connectionStatus ?? .unspecified
            request.parentClientID = self.parentClientId ?? ""
            request.topLevelOnly = self.topLevelOnly
            request.search = self.search ?? ""
            request.sort = self.sort ?? .unspecified
            request.descending = self.descending
            request.includeClosed = self.includeClosed
            return request
        }
    }

    struct SetParent: RPCCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a client a sub-client of another (cycles are refused), or top-level again.")
        static let method = PeopleMethods.Unary.setParentClient

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @Option(help: "The parent client; leave out to make the client top-level.") var parentClientId: String?

        func request() -> Clientele_V1_SetParentClientRequest {
            var request = Clientele_V1_SetParentClientRequest()
            request.clientID = self.clientId
            request.parentClientID = self.parentClientId ?? ""
            return request
        }
    }
}
