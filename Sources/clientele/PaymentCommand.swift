import ArgumentParser
import ClienteleAPI
import ClienteleProto
import SwiftProtobuf

/// A ledger post that carries payment details: a credit, a withdrawal, a settlement.
protocol PaymentRequest: Message {
    var clientID: String { get set }
    var amountMinor: Int64 { get set }
    var payment: Clientele_V1_PaymentDetails { get set }
    var comment: String { get set }
}

extension Clientele_V1_AddCreditRequest: PaymentRequest {}
extension Clientele_V1_WithdrawRequest: PaymentRequest {}
extension Clientele_V1_SettleDebtRequest: PaymentRequest {}

/// Which payment post a `PaymentCommand` makes: its name, help and method.
protocol PaymentPosting {
    associatedtype Request: PaymentRequest
    static var name: String { get }
    static var abstract: String { get }
    static var method: UnaryMethod<Request, Clientele_V1_PostEntryResponse> { get }
}

/// `billing credit|withdraw|settle`: the same options, another method.
struct PaymentCommand<Posting: PaymentPosting>: RPCCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Posting.name, abstract: Posting.abstract)
    }
    static var method: UnaryMethod<Posting.Request, Clientele_V1_PostEntryResponse> { Posting.method }

    @OptionGroup var settings: WriteOptions
    @Option(help: "The client.") var clientId: String
    @Option(help: "The amount in minor units of the client's currency (cents for EUR), > 0.") var amountMinor: Int64
    @OptionGroup var payment: PaymentOptions
    @Option(help: "A comment kept with the entry.") var comment: String?

    func request() -> Posting.Request {
        var request = Posting.Request()
        request.clientID = self.clientId
        request.amountMinor = self.amountMinor
        request.payment = self.payment.details
        request.comment = self.comment ?? ""
        return request
    }
}
