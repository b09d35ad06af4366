import ClienteleProto
import SwiftProtobuf

/// A list answer that says where the next page starts (empty on the last).
protocol PagedResponse: Message {
    var nextPageToken: String { get set }
}

extension Clientele_V1_ListClientsResponse: PagedResponse {}
extension Clientele_V1_ListNotesResponse: PagedResponse {}
extension Clientele_V1_ListAuditResponse: PagedResponse {}
extension Clientele_V1_ListPendingMessagesResponse: PagedResponse {}
extension Clientele_V1_ListEntriesResponse: PagedResponse {}
