import ArgumentParser
import ClienteleAPI
import ClienteleProto

extension BillingCommand {
    enum Credit: PaymentPosting {
        static let name = "credit"
        static let abstract = "Credit a top-up, with payment details."
        static let method = BillingMethods.Unary.addCredit
    }

    enum Withdraw: PaymentPosting {
        static let name = "withdraw"
        static let abstract = "Pay credits out (at most the positive balance), e.g. before closing."
        static let method = BillingMethods.Unary.withdraw
    }

    enum Settle: PaymentPosting {
        static let name = "settle"
        static let abstract = "A payment that clears (part of) an open debt."
        static let method = BillingMethods.Unary.settleDebt
    }

    struct Charge: RPCCommand {
        static let configuration = CommandConfiguration(abstract: "Debit the account (within its limit).")
        static let method = BillingMethods.Unary.charge

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @Option(help: "The amount in minor units, > 0; debited.") var amountMinor: Int64
        @Option(help: "A comment kept with the entry.") var comment: String?

        func request() -> Clientele_V1_ChargeRequest {
            var request = Clientele_V1_ChargeRequest()
            request.clientID = self.clientId
            request.amountMinor = self.amountMinor
            request.comment = self.comment ?? ""
            return request
        }
    }

    struct CreditNote: RPCCommand {
        static let configuration = CommandConfiguration(
            commandName: "credit-note",
            abstract: "Give credits back: an amount, or a negative package's price.")
        static let method = BillingMethods.Unary.issueCreditNote

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @Option(help: "The amount in minor units, > 0 (leave out with a negative package).") var amountMinor: Int64 = 0
        @Option(help: "A comment kept with the entry.") var comment: String?
        @Option(help: "The negative package's name.") var packageName: String?
        @Option(help: "The negative package's price in minor units (< 0).") var negativePackageAmountMinor: Int64 = 0

        func request() -> Clientele_V1_IssueCreditNoteRequest {
            var request = Clientele_V1_IssueCreditNoteRequest()
            request.clientID = self.clientId
            request.amountMinor = self.amountMinor
            request.comment = self.comment ?? ""
            request.packageName = self.packageName ?? ""
            request.negativePackageAmountMinor = self.negativePackageAmountMinor
            return request
        }
    }

    struct Correct: RPCCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deduct an incorrect payment: at most the credit's amount, once.")
        static let method = BillingMethods.Unary.correctPayment

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @Option(help: "The credit entry that was wrong.") var entryId: String
        @Option(help: "The amount in minor units to deduct, > 0.") var amountMinor: Int64
        @Option(help: "A comment kept with the entry.") var comment: String?

        func request() -> Clientele_V1_CorrectPaymentRequest {
            var request = Clientele_V1_CorrectPaymentRequest()
            request.clientID = self.clientId
            request.entryID = self.entryId
            request.amountMinor = self.amountMinor
            request.comment = self.comment ?? ""
            return request
        }
    }
}
