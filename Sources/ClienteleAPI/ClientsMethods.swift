public import ClienteleRPC

/// The methods of `clientele.v1.Clients` (proto/clientele/v1/clients.proto).
public enum ClientsMethods {
    public static let service = "clientele.v1.Clients"
    public static let createClient = MethodDescriptor(service: service, method: "CreateClient")
    public static let getClient = MethodDescriptor(service: service, method: "GetClient")
    public static let updateClient = MethodDescriptor(service: service, method: "UpdateClient")
    public static let listClients = MethodDescriptor(service: service, method: "ListClients")
    public static let blockClient = MethodDescriptor(service: service, method: "BlockClient")
    public static let unblockClient = MethodDescriptor(service: service, method: "UnblockClient")
    public static let suspendClient = MethodDescriptor(service: service, method: "SuspendClient")
    public static let resumeClient = MethodDescriptor(service: service, method: "ResumeClient")
    public static let activateClient = MethodDescriptor(service: service, method: "ActivateClient")
    public static let deactivateClient = MethodDescriptor(service: service, method: "DeactivateClient")
    public static let closeClient = MethodDescriptor(service: service, method: "CloseClient")
    public static let addContact = MethodDescriptor(service: service, method: "AddContact")
    public static let updateContact = MethodDescriptor(service: service, method: "UpdateContact")
    public static let removeContact = MethodDescriptor(service: service, method: "RemoveContact")
    public static let addNote = MethodDescriptor(service: service, method: "AddNote")
    public static let listNotes = MethodDescriptor(service: service, method: "ListNotes")
    public static let deleteNote = MethodDescriptor(service: service, method: "DeleteNote")
    public static let beginClientImport = MethodDescriptor(service: service, method: "BeginClientImport")
    public static let addClientImportRows = MethodDescriptor(service: service, method: "AddClientImportRows")
    public static let commitClientImport = MethodDescriptor(service: service, method: "CommitClientImport")

    public static let all = [
        createClient, getClient, updateClient, listClients, blockClient, unblockClient, suspendClient,
        resumeClient, activateClient, deactivateClient, closeClient, addContact, updateContact, removeContact,
        addNote, listNotes, deleteNote, beginClientImport, addClientImportRows, commitClientImport,
    ]
}
