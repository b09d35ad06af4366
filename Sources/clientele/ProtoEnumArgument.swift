import ArgumentParser
import ClienteleProto
import SwiftProtobuf

/// A proto enum typed on the command line by its value's name in snake case
/// (`not_blocked` for BLOCK_FILTER_NOT_BLOCKED); `-` may stand for `_`.
protocol ProtoEnumArgument: SwiftProtobuf.Enum, CaseIterable, ExpressibleByArgument {}

extension ProtoEnumArgument {
    /// The values a user may name (not UNSPECIFIED).
    static var named: [(name: String, value: Self)] {
        self.allCases.map { (name: self.snakeCase(String(describing: $0)), value: $0) }.filter {
            $0.name != "unspecified"
        }
    }

    init?(argument: String) {
        let name = argument.lowercased().replacingOccurrences(of: "-", with: "_")
        guard let match = Self.named.first(where: { $0.name == name }) else { return nil }
        self = match.value
    }

    static var allValueStrings: [String] { self.named.map(\.name) }

    /// None: the help lists the names (ArgumentParser would pair them with raw numbers).
    static var allValueDescriptions: [String: String] { [:] }

    var defaultValueDescription: String { Self.named.first { $0.value == self }?.name ?? "\(self.rawValue)" }

    private static func snakeCase(_ camel: String) -> String {
        camel.unicodeScalars.reduce(into: "") { name, scalar in
            if scalar.properties.isUppercase { name += "_" }
            name += String(scalar).lowercased()
        }
    }
}

extension Clientele_V1_ClientStatus: ProtoEnumArgument {}
extension Clientele_V1_BillingMode: ProtoEnumArgument {}
extension Clientele_V1_PricingModel: ProtoEnumArgument {}
extension Clientele_V1_ConnectionKind: ProtoEnumArgument {}
extension Clientele_V1_ConnectionStatus: ProtoEnumArgument {}
extension Clientele_V1_Priority: ProtoEnumArgument {}
extension Clientele_V1_ClientSort: ProtoEnumArgument {}
extension Clientele_V1_BlockFilter: ProtoEnumArgument {}
extension Clientele_V1_EntryKind: ProtoEnumArgument {}
extension Clientele_V1_MemberRole: ProtoEnumArgument {}
extension Clientele_V1_InvitationMethod: ProtoEnumArgument {}
extension Clientele_V1_FormerOwner: ProtoEnumArgument {}
extension Clientele_V1_ChangeKind: ProtoEnumArgument {}
