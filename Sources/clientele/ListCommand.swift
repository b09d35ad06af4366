import ArgumentParser
import SwiftProtobuf

/// A friendly subcommand over a paged list: `--page-size`, `--page-token`, and
/// `--all`, which follows the pages and prints them as one answer.
protocol ListCommand: RPCCommand where Request: PagedRequest, Response: PagedResponse {
    var paging: PagingOptions { get }
}

extension ListCommand {
    func run() async throws {
        var request = try self.request()
        request.pageSize = self.paging.pageSize
        request.pageToken = self.paging.pageToken ?? ""
        var answer = try await self.send(request)
        while self.paging.all, !answer.nextPageToken.isEmpty {
            request.pageToken = answer.nextPageToken
            let page = try await self.send(request)
            // Merging appends the page's records; the token is the last page's.
            try answer.merge(serializedBytes: try page.serializedBytes() as [UInt8])
            answer.nextPageToken = page.nextPageToken
        }
        try self.settings.printer.print(answer, columns: Self.columns)
    }
}
