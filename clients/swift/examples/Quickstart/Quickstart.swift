// The Swift quick start, through the typed client a Swift service depends on
// (the package's ClienteleClient product):
//
//   clientele-swift-quickstart SOCKET EMAIL PASSWORD
//
// As the local operator (the daemon's own uid), it bootstraps a group with that
// owner, signs in as the owner, creates a client, lists the group's clients,
// credits 12.50 and reads the balance.
import ClienteleClient
import ClienteleProto
import ClienteleRPC
import Foundation

@main
enum Quickstart {
    static func main() async {
        let arguments = CommandLine.arguments
        guard arguments.count == 4 else {
            FileHandle.standardError.write(Data("usage: clientele-swift-quickstart SOCKET EMAIL PASSWORD\n".utf8))
            exit(64)
        }
        do {
            try await run(socket: arguments[1], email: arguments[2], password: arguments[3])
        } catch {
            FileHandle.standardError.write(Data("clientele-swift-quickstart: \(error)\n".utf8))
            exit(1)
        }
    }

    /// 1250 with exponent 2 -> "12.50".
    static func money(_ minor: Int64, exponent: Int32) -> String {
        guard exponent > 0 else { return String(minor) }
        var scale: Int64 = 1
        for _ in 0..<exponent { scale *= 10 }
        let fraction = String(abs(minor) % scale)
        let padded = String(repeating: "0", count: Int(exponent) - fraction.count) + fraction
        return "\(minor < 0 ? "-" : "")\(abs(minor) / scale).\(padded)"
    }

    static func run(socket: String, email: String, password: String) async throws(RPCError) {
        let asOperator = ClienteleClient(socketPath: socket, timeout: .seconds(30))

        var bootstrap = Clientele_V1_BootstrapGroupRequest()
        bootstrap.groupName = "Quickstart Holdings"
        bootstrap.ownerEmail = email
        bootstrap.ownerName = "Quinn Start"
        bootstrap.ownerPassword = password
        let group = try await asOperator.access.bootstrapGroup(bootstrap).group
        print("group \(group.id) \(group.name)")

        var login = Clientele_V1_LoginRequest()
        login.groupID = group.id
        login.email = email
        login.password = password
        let session = try await asOperator.access.login(login)
        let clientele = asOperator.signedIn(with: session.token)

        var create = Clientele_V1_CreateClientRequest()
        create.groupID = group.id
        create.fields.accountName = "Acme Field Services"
        let client = try await clientele.clients.createClient(create)
        print("created \(client.id) \(client.fields.accountName)")

        var list = Clientele_V1_ListClientsRequest()
        list.groupID = group.id
        let page = try await clientele.clients.listClients(list)
        print(
            "listed \(page.clients.count) client(s): \(page.clients.map(\.fields.accountName).joined(separator: ", "))")

        var credit = Clientele_V1_AddCreditRequest()
        credit.clientID = client.id
        credit.amountMinor = 1250
        credit.payment.method = "bank_transfer"
        var once = CallOptions()
        once.metadata.append("idempotency-key", "quickstart-credit-1")
        _ = try await clientele.billing.addCredit(credit, options: once)

        var balanceRequest = Clientele_V1_GetBalanceRequest()
        balanceRequest.clientID = client.id
        let balance = try await clientele.billing.getBalance(balanceRequest)
        print("balance: \(money(balance.balanceMinor, exponent: balance.currencyExponent)) \(balance.currency)")
        await clientele.close()
    }
}
