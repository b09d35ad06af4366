import ClienteleDomain
import ClienteleProto
import ClienteleStore
import SwiftProtobuf

/// proto ⇄ domain for the Clients service. Enumerations pass as their numbers;
/// the domain checks their range and names the field.
enum ClientConversions {
    static func fields(_ fields: Clientele_V1_ClientFields) -> ClientFieldsInput {
        var input = ClientFieldsInput()
        input.accountName = fields.accountName
        input.companyName = fields.companyName
        input.legalID = fields.legalID
        input.login = fields.login
        input.billingName = fields.billingName
        input.billingEmails = fields.billingEmails
        input.address = self.address(fields.address)
        input.currency = fields.currency
        input.billingMode = fields.billingMode.rawValue
        input.creditLimitMinor = fields.creditLimitMinor
        input.pricingModel = fields.pricingModel.rawValue
        input.timezone = fields.timezone
        input.managerUserID = fields.managerUserID
        input.moderation = fields.moderation
        input.connectionKind = fields.connectionKind.rawValue
        input.connectionStatus = fields.connectionStatus.rawValue
        input.serviceLevels = fields.serviceLevels.map {
            ServiceLevelRecord(
                priority: $0.priority.rawValue, responseMinutes: Int($0.responseMinutes),
                resolutionMinutes: Int($0.resolutionMinutes))
        }
        input.phone = fields.phone
        return input
    }

    static func contact(_ contact: Clientele_V1_NewContact) -> ContactInput {
        var input = ContactInput()
        input.firstName = contact.firstName
        input.lastName = contact.lastName
        input.email = contact.email
        input.phone = contact.phone
        input.primary = contact.primary
        input.address = self.address(contact.address)
        return input
    }

    static func address(_ address: Clientele_V1_Address) -> AddressRecord {
        AddressRecord(
            country: address.country, region: address.region, city: address.city, lines: address.lines,
            postalCode: address.postalCode)
    }

    static func address(_ address: AddressRecord) -> Clientele_V1_Address {
        var message = Clientele_V1_Address()
        message.country = address.country
        message.region = address.region
        message.city = address.city
        message.lines = address.lines
        message.postalCode = address.postalCode
        return message
    }

    static func openingCredit(_ message: Clientele_V1_OpeningCredit) -> OpeningCreditInput {
        var credit = OpeningCreditInput(amountMinor: message.amountMinor)
        credit.paymentMethod = message.paymentMethod
        credit.paymentReference = message.paymentReference
        credit.payer = message.payer
        credit.comment = message.comment
        return credit
    }

    static func client(_ view: ClientView) -> Clientele_V1_Client {
        let record = view.client
        var client = Clientele_V1_Client()
        client.id = record.id
        client.groupID = record.groupID
        client.version = Int64(record.version)
        client.status = Clientele_V1_ClientStatus(rawValue: record.status) ?? .unspecified
        if let flag = record.blocked { client.blocked = self.flag(flag) }
        if let flag = record.suspended { client.suspended = self.flag(flag) }
        var fields = Clientele_V1_ClientFields()
        fields.accountName = record.accountName
        fields.companyName = record.companyName
        fields.legalID = record.legalID ?? ""
        fields.login = record.login ?? ""
        fields.billingName = record.billingName
        fields.billingEmails = record.billingEmails
        if record.address != AddressRecord() { fields.address = self.address(record.address) }
        fields.currency = record.currency
        fields.billingMode = Clientele_V1_BillingMode(rawValue: record.billingMode) ?? .unspecified
        fields.creditLimitMinor = record.creditLimitMinor
        fields.pricingModel = Clientele_V1_PricingModel(rawValue: record.pricingModel) ?? .unspecified
        fields.timezone = record.timezone
        fields.managerUserID = record.managerUserID ?? ""
        fields.moderation = record.moderation
        fields.connectionKind = Clientele_V1_ConnectionKind(rawValue: record.connectionKind) ?? .unspecified
        fields.connectionStatus = Clientele_V1_ConnectionStatus(rawValue: record.connectionStatus) ?? .unspecified
        fields.serviceLevels = record.serviceLevels.map { level in
            var message = Clientele_V1_ServiceLevel()
            message.priority = Clientele_V1_Priority(rawValue: level.priority) ?? .unspecified
            message.responseMinutes = Int32(level.responseMinutes)
            message.resolutionMinutes = Int32(level.resolutionMinutes)
            return message
        }
        fields.phone = record.phone
        client.fields = fields
        client.taxRegion = record.taxRegion
        client.contacts = view.contacts.map(self.contact)
        client.ownerUserID = record.ownerUserID ?? ""
        client.activationDeadlineMillis = record.activationDeadline ?? 0
        client.invitationRecipient = view.invitationRecipient
        client.invoiceRecipient = view.invoiceRecipient
        client.createdAtMillis = record.createdAt
        client.updatedAtMillis = record.updatedAt
        client.closedAtMillis = record.closedAt ?? 0
        client.parentClientID = record.parentClientID ?? ""
        client.subClientCount = Int32(clamping: record.subClientCount)
        return client
    }

    static func contact(_ record: ContactRecord) -> Clientele_V1_Contact {
        var contact = Clientele_V1_Contact()
        contact.id = record.id
        contact.firstName = record.firstName
        contact.lastName = record.lastName
        contact.email = record.email
        contact.phone = record.phone
        contact.primary = record.isPrimary
        if record.address != AddressRecord() { contact.address = self.address(record.address) }
        return contact
    }

    static func flag(_ flag: StateFlagRecord) -> Clientele_V1_StateFlag {
        var message = Clientele_V1_StateFlag()
        message.set = true
        message.reason = flag.reason
        message.byUserID = flag.by
        message.atMillis = flag.at
        return message
    }

    static func note(_ record: NoteRecord) -> Clientele_V1_Note {
        var note = Clientele_V1_Note()
        note.id = record.id
        note.clientID = record.clientID
        note.authorUserID = record.authorUserID
        note.text = record.text
        note.createdAtMillis = record.createdAt
        return note
    }

    static func listRequest(_ request: Clientele_V1_ListClientsRequest) -> ClientListRequest {
        var list = ClientListRequest()
        list.groupID = request.groupID
        list.managerUserID = request.managerUserID
        list.own = request.own
        list.block = request.block.rawValue
        list.statuses = request.statuses.map(\.rawValue)
        list.includeClosed = request.includeClosed
        list.country = request.country
        list.currency = request.currency
        list.login = request.login
        list.email = request.email
        list.phone = request.phone
        list.connectionKind = request.connectionKind.rawValue
        list.connectionStatus = request.connectionStatus.rawValue
        list.parentClientID = request.parentClientID
        list.topLevelOnly = request.topLevelOnly
        list.search = request.search
        list.sort = request.sort.rawValue
        list.descending = request.descending
        list.pageSize = request.pageSize
        list.pageToken = request.pageToken
        return list
    }
}
