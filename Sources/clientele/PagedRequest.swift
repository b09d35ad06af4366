import ClienteleProto
import SwiftProtobuf

/// A list request with a page size and a cursor.
protocol PagedRequest: Message {
    var pageSize: Int32 { get set }
    var pageToken: String { get set }
}

extension Clientele_V1_ListClientsRequest: PagedRequest {}
extension Clientele_V1_ListNotesRequest: PagedRequest {}
extension Clientele_V1_ListAuditRequest: PagedRequest {}
extension Clientele_V1_ListPendingMessagesRequest: PagedRequest {}
extension Clientele_V1_ListEntriesRequest: PagedRequest {}
