import ArgumentParser
import ClienteleAPI
import ClienteleProto
import Foundation

extension Clientele_V1_ListStatementsRequest: PagedRequest {}
extension Clientele_V1_ListStatementsResponse: PagedResponse {}

extension BillingCommand {
    /// `clientele billing statement issue|list|get`.
    struct Statement: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "statement",
            abstract: "Statements: a period's opening balance, entries and closing balance, mailed as an invoice.",
            discussion: """
                A statement covers [--from, --to): dates are UTC midnights (2026-11-01), or give an RFC 3339 \
                time with its offset (2026-11-01T00:00:00+01:00) or Unix milliseconds. The period must have \
                ended. Each issue makes a new statement, numbered per group, and queues it to the client's \
                invoice recipient. Example:
                  clientele billing statement issue --client-id cli_… \\
                      --from 2026-11-01 --to 2026-12-01 --output table
                """,
            subcommands: [Issue.self, List.self, Get.self]
        )
    }
}

extension BillingCommand.Statement {
    struct Issue: RPCCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a statement for a period and queue it to the client's invoice recipient.")
        static let method = BillingMethods.Unary.issueStatement

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @Option(help: "The period's start, included: 2026-11-01 (UTC), an RFC 3339 time or Unix milliseconds.")
        var from: StatementTime
        @Option(help: "The period's end, excluded: 2026-12-01 (UTC), an RFC 3339 time or Unix milliseconds.")
        var to: StatementTime

        func request() -> Clientele_V1_IssueStatementRequest {
            var request = Clientele_V1_IssueStatementRequest()
            request.clientID = self.clientId
            request.periodStartMillis = self.from.millis
            request.periodEndMillis = self.to.millis
            return request
        }

        func run() async throws {
            let statement = try await self.send(self.request())
            try StatementTable.print(statement, printer: self.settings.printer)
        }
    }

    struct List: ListCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a client's statements, newest first (without their entries).")
        static let method = BillingMethods.Unary.listStatements
        static let columns = [
            "number", "id", "period_start_millis", "period_end_millis", "currency", "opening_balance_minor",
            "closing_balance_minor", "entry_count", "recipient_email",
        ]

        @OptionGroup var settings: ReadOptions
        @OptionGroup var paging: PagingOptions
        @Option(help: "The client.") var clientId: String

        func request() -> Clientele_V1_ListStatementsRequest {
            var request = Clientele_V1_ListStatementsRequest()
            request.clientID = self.clientId
            return request
        }
    }

    struct Get: RPCCommand {
        static let configuration = CommandConfiguration(abstract: "Show one statement with its entries.")
        static let method = BillingMethods.Unary.getStatement

        @OptionGroup var settings: ReadOptions
        @Option(help: "The statement.") var statementId: String

        func request() -> Clientele_V1_GetStatementRequest {
            var request = Clientele_V1_GetStatementRequest()
            request.statementID = self.statementId
            return request
        }

        func run() async throws {
            let statement = try await self.send(self.request())
            try StatementTable.print(statement, printer: self.settings.printer)
        }
    }
}

/// A time given on the command line: a date (UTC midnight), an RFC 3339 time or Unix milliseconds.
struct StatementTime: ExpressibleByArgument {
    let millis: Int64

    init?(argument: String) {
        if let millis = Int64(argument), millis > 0 {
            self.millis = millis
            return
        }
        let time = ISO8601DateFormatter()
        time.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        day.timeZone = TimeZone(identifier: "UTC")
        guard let date = time.date(from: argument) ?? fractional.date(from: argument) ?? day.date(from: argument)
        else { return nil }
        self.millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

/// A statement for people: what it covers, then the opening balance, each entry with the
/// balance after it, and the closing balance.
enum StatementTable {
    static func print(_ statement: Clientele_V1_Statement, printer: Printer) throws {
        guard printer.format == .table, printer.fields == nil else { return try printer.print(statement) }
        FileHandle.standardOutput.write(Data(self.render(statement).utf8))
    }

    static func render(_ statement: Clientele_V1_Statement) -> String {
        let money = { (minor: Int64) in Self.amount(minor, exponent: Int(statement.currencyExponent)) }
        let header = TableOutput.render([
            ["STATEMENT", "\(statement.number) (\(statement.id))"],
            ["CLIENT", statement.clientID],
            [
                "PERIOD",
                "\(TableOutput.date(statement.periodStartMillis)) to \(TableOutput.date(statement.periodEndMillis)) (end excluded)",
            ],
            ["CURRENCY", statement.currency],
            ["SENT TO", "\(statement.recipientEmail) (message \(statement.messageID))"],
            ["ISSUED", "\(TableOutput.date(statement.issuedAtMillis)) by \(statement.issuedBy)"],
        ])
        var rows = [["AT", "KIND", "AMOUNT", "BALANCE", "COMMENT"]]
        rows.append(["", "opening balance", "", money(statement.openingBalanceMinor), ""])
        var balance = statement.openingBalanceMinor
        for entry in statement.entries {
            balance = balance &+ entry.amountMinor
            let kind = entry.kind.defaultValueDescription
            let signed = (entry.amountMinor > 0 ? "+" : "") + money(entry.amountMinor)
            rows.append([TableOutput.date(entry.atMillis), kind, signed, money(balance), entry.comment])
        }
        if statement.entries.isEmpty && statement.entryCount > 0 {
            rows.append(["", "(\(statement.entryCount) entries: see billing statement get)", "", "", ""])
        }
        rows.append(["", "closing balance", "", money(statement.closingBalanceMinor), ""])
        let totals = TableOutput.render([
            ["CREDITS", money(statement.creditsMinor)], ["DEBITS", money(statement.debitsMinor)],
        ])
        return header + "\n" + TableOutput.render(rows.map { $0.map(Self.cell) }) + "\n" + totals
    }

    /// Minor units with the currency's decimals: 1250, 2 → "12.50".
    static func amount(_ minor: Int64, exponent: Int) -> String {
        guard exponent > 0 else { return String(minor) }
        var scale: UInt64 = 1
        for _ in 0..<exponent { scale *= 10 }
        let magnitude = minor.magnitude
        let fraction = String(magnitude % scale)
        return (minor < 0 ? "-" : "") + "\(magnitude / scale)."
            + String(repeating: "0", count: exponent - fraction.count) + fraction
    }

    private static func cell(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return DisplayWidth.truncate(flat, to: TableOutput.maximumCellWidth)
    }
}
