import ArgumentParser
import ClienteleAPI
import ClienteleProto

/// `clientele notes …`: free-text notes on a client.
struct NotesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notes",
        abstract: "Notes on a client: add, list (newest first), delete your own.",
        discussion: """
            Example:
              clientele notes add --client-id cli_… --text "Called about the invoice"
            """,
        subcommands: [Add.self, List.self, Delete.self]
    )

    struct Add: RPCCommand {
        static let configuration = CommandConfiguration(abstract: "Add a note (up to 10,000 characters).")
        static let method = ClientsMethods.Unary.addNote

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @Option(help: "The note.") var text: String

        func request() -> Clientele_V1_AddNoteRequest {
            var request = Clientele_V1_AddNoteRequest()
            request.clientID = self.clientId
            request.text = self.text
            return request
        }
    }

    struct List: ListCommand {
        static let configuration = CommandConfiguration(abstract: "List a client's notes, newest first.")
        static let method = ClientsMethods.Unary.listNotes
        static let columns = ["id", "created_at_millis", "author_user_id", "text"]

        @OptionGroup var settings: ReadOptions
        @OptionGroup var paging: PagingOptions
        @Option(help: "The client.") var clientId: String

        func request() -> Clientele_V1_ListNotesRequest {
            var request = Clientele_V1_ListNotesRequest()
            request.clientID = self.clientId
            return request
        }
    }

    struct Delete: RPCCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a note you wrote.")
        static let method = ClientsMethods.Unary.deleteNote

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @Option(help: "The note.") var noteId: String

        func request() -> Clientele_V1_DeleteNoteRequest {
            var request = Clientele_V1_DeleteNoteRequest()
            request.clientID = self.clientId
            request.noteID = self.noteId
            return request
        }
    }
}
