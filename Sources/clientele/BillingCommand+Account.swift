import ArgumentParser
import ClienteleAPI
import ClienteleProto

extension BillingCommand {
    enum Balance: ClientQuery {
        static let name = "balance"
        static let abstract = "Show the balance, what is available, the debt and the terms."
        static let method = BillingMethods.Unary.getBalance
    }

    struct Ledger: ListCommand {
        static let configuration = CommandConfiguration(abstract: "List the ledger's entries, newest first.")
        static let method = BillingMethods.Unary.listEntries
        static let columns = [
            "sequence", "at_millis", "kind", "amount_minor", "balance_after_minor", "currency", "actor", "comment",
        ]

        @OptionGroup var settings: ReadOptions
        @OptionGroup var paging: PagingOptions
        @Option(help: "The client.") var clientId: String
        @Option(
            help: "Only these kinds: \(Clientele_V1_EntryKind.allValueStrings.joined(separator: ", ")) (repeatable).")
        var kinds: [Clientele_V1_EntryKind] = []
        @Option(help: "From this time (Unix milliseconds, inclusive).") var sinceMillis: Int64 = 0
        @Option(help: "Until this time (Unix milliseconds, exclusive).") var untilMillis: Int64 = 0

        func request() -> Clientele_V1_ListEntriesRequest {
            var request = Clientele_V1_ListEntriesRequest()
            request.clientID = self.clientId
            request.kinds = self.kinds
            request.sinceMillis = self.sinceMillis
            request.untilMillis = self.untilMillis
            return request
        }
    }

    struct SetTerms: RPCCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change the billing mode and credit limit (refused if the balance is below the new floor).")
        static let method = BillingMethods.Unary.changeTerms

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @Option(help: "Billing mode: prepaid or postpaid.") var billingMode: Clientele_V1_BillingMode
        @Option(help: "Credit limit in minor units (postpaid only).") var creditLimitMinor: Int64 = 0
        @Option(help: "Why.") var reason: String?

        func request() -> Clientele_V1_ChangeTermsRequest {
            var request = Clientele_V1_ChangeTermsRequest()
            request.clientID = self.clientId
            request.billingMode = self.billingMode
            request.creditLimitMinor = self.creditLimitMinor
            request.reason = self.reason ?? ""
            return request
        }
    }

    struct SetCurrency: RPCCommand {
        static let configuration = CommandConfiguration(abstract: "Change the account's currency (at a zero balance).")
        static let method = BillingMethods.Unary.changeCurrency

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @Option(help: "Currency, ISO 4217.") var currency: String
        @Option(help: "Why.") var reason: String?

        func request() -> Clientele_V1_ChangeCurrencyRequest {
            var request = Clientele_V1_ChangeCurrencyRequest()
            request.clientID = self.clientId
            request.currency = self.currency
            request.reason = self.reason ?? ""
            return request
        }
    }
}
