import ArgumentParser
import ClienteleAPI
import ClienteleProto

/// `clientele contacts …`: a client's contacts; exactly one is primary.
struct ContactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "A client's contacts (`clients get` lists them); exactly one is primary.",
        discussion: """
            Example:
              clientele contacts add --client-id cli_… --first-name Nina --email nina@nordwind.example --primary
            """,
        subcommands: [Add.self, Update.self, Remove.self]
    )

    struct Add: RPCCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a contact; the first one, or one added with --primary, is the primary.")
        static let method = ClientsMethods.Unary.addContact

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @OptionGroup var contact: ContactFieldOptions
        @Option(help: "Refuse unless the client is at this version (0: any).") var expectedVersion: Int64 = 0

        func request() -> Clientele_V1_AddContactRequest {
            var request = Clientele_V1_AddContactRequest()
            request.clientID = self.clientId
            request.contact = self.contact.contact().contact
            request.expectedVersion = self.expectedVersion
            return request
        }
    }

    struct Update: RPCCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change the fields of a contact given as options; --primary demotes the former primary.")
        static let method = ClientsMethods.Unary.updateContact

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @Option(help: "The contact.") var contactId: String
        @OptionGroup var contact: ContactFieldOptions
        @Option(help: "Empty this field: a path of NewContact (repeatable).") var clear: [String] = []
        @Option(help: "Refuse unless the client is at this version (0: any).") var expectedVersion: Int64 = 0

        func validate() throws {
            guard !self.contact.contact().paths.isEmpty || !self.clear.isEmpty else {
                throw ValidationError("give at least one field to change, or --clear PATH")
            }
        }

        func request() -> Clientele_V1_UpdateContactRequest {
            let given = self.contact.contact()
            var request = Clientele_V1_UpdateContactRequest()
            request.clientID = self.clientId
            request.contactID = self.contactId
            request.contact = given.contact
            request.updateMask.paths = given.paths + self.clear
            request.expectedVersion = self.expectedVersion
            return request
        }
    }

    struct Remove: RPCCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a contact; removing the primary needs --new-primary-contact-id.")
        static let method = ClientsMethods.Unary.removeContact

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @Option(help: "The contact.") var contactId: String
        @Option(help: "The contact that becomes primary.") var newPrimaryContactId: String?
        @Option(help: "Refuse unless the client is at this version (0: any).") var expectedVersion: Int64 = 0

        func request() -> Clientele_V1_RemoveContactRequest {
            var request = Clientele_V1_RemoveContactRequest()
            request.clientID = self.clientId
            request.contactID = self.contactId
            request.newPrimaryContactID = self.newPrimaryContactId ?? ""
            request.expectedVersion = self.expectedVersion
            return request
        }
    }
}
