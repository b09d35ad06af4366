import ArgumentParser

/// `clientele billing …`: a client's balance and ledger.
struct BillingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "billing",
        abstract: "A client's billing account: balance, ledger, credits, charges and terms.",
        discussion: """
            Amounts are integers in minor units of the client's currency (1250 = 12.50 EUR). Example:
              clientele billing credit --client-id cli_… --amount-minor 1250 --method bank_transfer \\
                  --idempotency-key pay-4711
            """,
        subcommands: [
            ClientQueryCommand<Balance>.self, Ledger.self, PaymentCommand<Credit>.self, Charge.self, CreditNote.self,
            Correct.self,
            PaymentCommand<Withdraw>.self, PaymentCommand<Settle>.self, SetTerms.self, SetCurrency.self,
            Statement.self,
        ]
    )
}
