import ArgumentParser

/// The paging options of every paged list.
struct PagingOptions: ParsableArguments {
    @Option(help: "Records per page, 1–500 (0: the server's default, 50).")
    var pageSize: Int32 = 0

    @Option(help: "Continue from a previous answer's next_page_token.")
    var pageToken: String?

    @Flag(help: "Follow next_page_token to the last page and print every record.")
    var all = false
}
