import ArgumentParser
import ClienteleProto

/// The options of `PaymentDetails`, for credits, withdrawals and settlements.
struct PaymentOptions: ParsableArguments {
    @Option(help: "Payment method, e.g. bank_transfer, card, cash.") var method: String?
    @Option(help: "The bank's or processor's reference.") var reference: String?
    @Option(help: "Who paid (or is paid).") var payer: String?

    var details: Clientele_V1_PaymentDetails {
        var details = Clientele_V1_PaymentDetails()
        details.method = self.method ?? ""
        details.reference = self.reference ?? ""
        details.payer = self.payer ?? ""
        return details
    }
}
