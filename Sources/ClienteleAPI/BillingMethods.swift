public import ClienteleRPC

/// The methods of `clientele.v1.Billing` (proto/clientele/v1/billing.proto).
public enum BillingMethods {
    public static let service = "clientele.v1.Billing"
    public static let addCredit = MethodDescriptor(service: service, method: "AddCredit")
    public static let charge = MethodDescriptor(service: service, method: "Charge")
    public static let issueCreditNote = MethodDescriptor(service: service, method: "IssueCreditNote")
    public static let correctPayment = MethodDescriptor(service: service, method: "CorrectPayment")
    public static let withdraw = MethodDescriptor(service: service, method: "Withdraw")
    public static let settleDebt = MethodDescriptor(service: service, method: "SettleDebt")
    public static let getBalance = MethodDescriptor(service: service, method: "GetBalance")
    public static let listEntries = MethodDescriptor(service: service, method: "ListEntries")
    public static let changeTerms = MethodDescriptor(service: service, method: "ChangeTerms")
    public static let changeCurrency = MethodDescriptor(service: service, method: "ChangeCurrency")
    public static let issueStatement = MethodDescriptor(service: service, method: "IssueStatement")
    public static let listStatements = MethodDescriptor(service: service, method: "ListStatements")
    public static let getStatement = MethodDescriptor(service: service, method: "GetStatement")

    public static let all = [
        addCredit, charge, issueCreditNote, correctPayment, withdraw, settleDebt, getBalance, listEntries, changeTerms,
        changeCurrency, issueStatement, listStatements, getStatement,
    ]
}
