import ClienteleAPI
import ClienteleAccess
public import ClienteleDomain
import ClienteleProto
import ClienteleRPC
import SwiftProtobuf

/// `clientele.v1.Billing`: maps requests to `BillingService` and declares what each method requires.
public struct BillingRPCService: Sendable {
    let billing: BillingService
    let clients: ClientService

    public init(billing: BillingService, clients: ClientService) {
        self.billing = billing
        self.clients = clients
    }

    public func register(in router: inout SecuredRouter) {
        let billing = self.billing
        let clients = self.clients
        let replay: @Sendable (WriteOrigin) async throws(DomainError) -> [UInt8]? = { origin throws(DomainError) in
            try await billing.replay(origin)
        }
        typealias C = BillingConversions

        /// Registers one kind of post: `draft` builds the entry from the request.
        func post<Request: Message>(
            _ method: MethodDescriptor, _ action: Action, clientID: @escaping @Sendable (Request) -> String,
            draft: @escaping @Sendable (Request) -> EntryDraft
        ) {
            router.registerWrite(
                method,
                requires: .action(action) { request, _ in try await ClientsService.target(clients, clientID(request)) },
                replay: replay, answer: C.posting
            ) { (request: Request, _, write) throws(DomainError) in
                try await billing.post(clientID(request), draft(request), write)
            }
        }

        post(BillingMethods.addCredit, .billingCredit, clientID: { (r: Clientele_V1_AddCreditRequest) in r.clientID }) {
            C.draft(.credit, amount: $0.amountMinor, comment: $0.comment, payment: $0.payment)
        }
        post(BillingMethods.charge, .billingCharge, clientID: { (r: Clientele_V1_ChargeRequest) in r.clientID }) {
            C.draft(.charge, amount: $0.amountMinor, comment: $0.comment, payment: nil)
        }
        post(
            BillingMethods.issueCreditNote, .billingCredit,
            clientID: { (r: Clientele_V1_IssueCreditNoteRequest) in r.clientID }
        ) { request in
            // A negative package becomes a credit note of its absolute value; a positive one is refused by the amount check.
            let fromPackage = request.negativePackageAmountMinor != 0
            let amount =
                fromPackage
                ? (request.amountMinor == 0 && request.negativePackageAmountMinor < 0
                    ? 0 &- request.negativePackageAmountMinor : 0)
                : request.amountMinor
            var draft = C.draft(.creditNote, amount: amount, comment: request.comment, payment: nil)
            draft.packageName = request.packageName
            return draft
        }
        post(
            BillingMethods.correctPayment, .billingCredit,
            clientID: { (r: Clientele_V1_CorrectPaymentRequest) in r.clientID }
        ) { request in
            var draft = C.draft(.paymentCorrection, amount: request.amountMinor, comment: request.comment, payment: nil)
            draft.correctsEntryID = request.entryID
            return draft
        }
        post(BillingMethods.withdraw, .billingWithdraw, clientID: { (r: Clientele_V1_WithdrawRequest) in r.clientID }) {
            C.draft(.withdrawal, amount: $0.amountMinor, comment: $0.comment, payment: $0.payment)
        }
        post(BillingMethods.settleDebt, .billingCredit, clientID: { (r: Clientele_V1_SettleDebtRequest) in r.clientID })
        {
            C.draft(.debtSettlement, amount: $0.amountMinor, comment: $0.comment, payment: $0.payment)
        }

        router.register(
            BillingMethods.getBalance,
            requires: .action(.billingRead) { request, _ in
                // One read finds the resource and the answer.
                let balance = try await billing.balance(request.clientID)
                return .preloaded(balance.resource, notFound: "client \(request.clientID)", value: balance)
            }
        ) { (request: Clientele_V1_GetBalanceRequest, context, _) in
            if let balance = context.preloaded(BalanceView.self) { return C.balance(balance) }
            return C.balance(try await ClientsService.run { try await billing.balance(request.clientID) })
        }

        router.register(
            BillingMethods.listEntries,
            requires: .action(.billingRead) { request, _ in try await ClientsService.target(clients, request.clientID) }
        ) { (request: Clientele_V1_ListEntriesRequest, _, _) in
            let page = try await ClientsService.run {
                try await billing.entries(
                    request.clientID, kinds: request.kinds.map(\.rawValue), sinceMillis: request.sinceMillis,
                    untilMillis: request.untilMillis, pageSize: request.pageSize, pageToken: request.pageToken)
            }
            var response = Clientele_V1_ListEntriesResponse()
            response.entries = page.entries.map(C.entry)
            response.nextPageToken = page.nextPageToken
            return response
        }

        router.registerWrite(
            BillingMethods.changeTerms,
            requires: .action(.billingConfigure) { request, _ in
                try await ClientsService.target(clients, request.clientID)
            },
            replay: replay, answer: C.balance
        ) { (request: Clientele_V1_ChangeTermsRequest, _, write) throws(DomainError) in
            try await billing.changeTerms(
                request.clientID, mode: request.billingMode.rawValue, creditLimitMinor: request.creditLimitMinor,
                reason: request.reason, write)
        }

        router.registerWrite(
            BillingMethods.changeCurrency,
            requires: .action(.billingConfigure) { request, _ in
                try await ClientsService.target(clients, request.clientID)
            },
            replay: replay, answer: C.balance
        ) { (request: Clientele_V1_ChangeCurrencyRequest, _, write) throws(DomainError) in
            try await billing.changeCurrency(
                request.clientID, currency: request.currency, reason: request.reason, write)
        }

        router.registerWrite(
            BillingMethods.issueStatement,
            requires: .action(.statementIssue) { request, _ in
                try await ClientsService.target(clients, request.clientID)
            },
            replay: replay, answer: C.statement
        ) { (request: Clientele_V1_IssueStatementRequest, _, write) throws(DomainError) in
            try await billing.issueStatement(
                request.clientID, periodStartMillis: request.periodStartMillis,
                periodEndMillis: request.periodEndMillis, write)
        }

        router.register(
            BillingMethods.listStatements,
            requires: .action(.billingRead) { request, _ in try await ClientsService.target(clients, request.clientID) }
        ) { (request: Clientele_V1_ListStatementsRequest, _, _) in
            let page = try await ClientsService.run {
                try await billing.statements(request.clientID, pageSize: request.pageSize, pageToken: request.pageToken)
            }
            var response = Clientele_V1_ListStatementsResponse()
            response.statements = page.statements.map(C.statement)
            response.nextPageToken = page.nextPageToken
            return response
        }

        router.register(
            BillingMethods.getStatement,
            requires: .action(.billingRead) { request, _ in
                // One read finds the statement, its client (the resource) and its entries.
                let statement = try await billing.statement(request.statementID)
                return .preloaded(
                    statement.resource, notFound: "statement \(request.statementID)", value: statement)
            }
        ) { (request: Clientele_V1_GetStatementRequest, context, _) in
            if let statement = context.preloaded(StatementView.self) { return C.statement(statement) }
            return C.statement(try await ClientsService.run { try await billing.statement(request.statementID) })
        }
    }
}
