import ClienteleDomain
import ClienteleStore
import Foundation

/// Generates clients with a realistic spread, deterministically from a seed:
/// managers uniform (3% unassigned), ~50 countries (skewed), 10 currencies
/// (mostly the country's), statuses 4% pending / 82% active / 11% inactive / 3%
/// closed, 1% blocked, connection kinds 75/18/7%, unique logins, 1–2 billing
/// emails, 0–2 contacts, creation times evenly over three years.
struct ClientFactory {
    struct Row: Sendable {
        var client: ClientRecord
        var contacts: [ContactRecord]
    }

    let groupID: String
    let managerIDs: [String]
    let ownerID: String
    private var random: SplitMix64
    private let ids = TimeOrderedIDGenerator()
    private var index = 0
    private let start: Int64 = 1_700_000_000_000
    /// Values of one client generated half-way, for exact-match filters.
    private(set) var samples: [String: String] = [:]

    init(groupID: String, managerIDs: [String], ownerID: String, seed: UInt64) {
        self.groupID = groupID
        self.managerIDs = managerIDs
        self.ownerID = ownerID
        self.random = SplitMix64(seed: seed)
    }

    mutating func next() -> Row {
        let index = self.index
        self.index += 1
        let adjective = self.pick(Self.adjectives)
        let noun = self.pick(Self.nouns)
        let createdAt = self.start + Int64(index) * 90_000 + Int64(self.random.next() % 60_000)
        var client = ClientRecord(
            id: self.ids.make("cli"), groupID: self.groupID, accountName: "\(adjective) \(noun) \(self.number(9999))",
            createdAt: createdAt)
        client.updatedAt = createdAt
        client.companyName =
            "\(self.pick(Self.surnames)) \(self.pick(Self.industries)) \(self.pick(Self.suffixes))"
        client.login = "\(adjective.lowercased())\(noun.lowercased())\(String(index, radix: 36))"
        let login = client.login ?? ""
        if self.chance(0.6) { client.legalID = "LID\(index)" }
        client.billingName = client.companyName
        client.billingEmails = ["billing@\(login).example"]
        if self.chance(0.4) { client.billingEmails.append("accounts@\(login).example") }
        let country = self.country()
        client.address = AddressRecord(
            country: country.code, region: "", city: "City \(self.number(400))",
            lines: ["\(self.number(300)) \(self.pick(Self.nouns)) Street"], postalCode: "\(10000 + self.number(89999))")
        client.currency = self.chance(0.85) ? country.currency : self.pick(Self.currencies)
        client.taxRegion = Country.taxRegion(of: country.code)
        client.timezone = country.timezone
        client.billingMode = self.chance(0.7) ? 1 : 2
        client.creditLimitMinor = client.billingMode == 2 ? Int64(self.number(100)) * 10_000 : 0
        client.pricingModel = self.chance(0.8) ? 1 : 2
        client.managerUserID = self.chance(0.97) ? self.pick(self.managerIDs) : nil
        client.moderation = self.chance(0.05)
        let kind = self.random.unit()
        client.connectionKind = kind < 0.75 ? 1 : kind < 0.93 ? 2 : 3
        client.serviceLevels = [
            ServiceLevelRecord(priority: 1, responseMinutes: 1440, resolutionMinutes: 10080),
            ServiceLevelRecord(priority: 2, responseMinutes: 480, resolutionMinutes: 2880),
            ServiceLevelRecord(priority: 3, responseMinutes: 120, resolutionMinutes: 480),
            ServiceLevelRecord(priority: 4, responseMinutes: 30, resolutionMinutes: 240),
        ]
        client.phone = "+\(country.dialling)\(100_000_000 + self.number(899_999_999))"
        let status = self.random.unit()
        client.status = status < 0.04 ? 1 : status < 0.86 ? 2 : status < 0.97 ? 3 : 4
        if client.status == 4 { client.closedAt = createdAt + 86_400_000 }
        if self.chance(0.01) {
            client.blocked = StateFlagRecord(reason: "unpaid invoices", by: self.ownerID, at: createdAt + 3_600_000)
        }
        let contactCount = self.random.unit() < 0.3 ? 0 : self.chance(0.7) ? 1 : 2
        let contacts = (0..<contactCount).map { position in
            let first = self.pick(Self.firstNames)
            let last = self.pick(Self.surnames)
            return ContactRecord(
                id: self.ids.make("con"), clientID: client.id, position: position, firstName: first, lastName: last,
                email: "\(first.lowercased()).\(last.lowercased())@\(login).example",
                phone: "+\(country.dialling)\(100_000_000 + self.number(899_999_999))", isPrimary: position == 0,
                address: client.address)
        }
        if self.samples.isEmpty
            || (index <= 500_000 && index.isMultiple(of: 1000) && !contacts.isEmpty && client.status != 4)
        {
            self.samples = [
                "client_id": client.id, "login": login, "billing_email": client.billingEmails[0],
                "phone": contacts.first?.phone ?? client.phone, "contact_email": contacts.first?.email ?? "",
                "search": "\(adjective) \(noun)",
            ]
        }
        return Row(client: client, contacts: contacts)
    }

    private mutating func pick<T>(_ values: [T]) -> T { values[Int(self.random.next() % UInt64(values.count))] }
    private mutating func number(_ below: Int) -> Int { Int(self.random.next() % UInt64(below)) }
    private mutating func chance(_ p: Double) -> Bool { self.random.unit() < p }

    private struct CountryInfo {
        var code: String
        var currency: String
        var timezone: String
        var dialling: Int
    }

    /// Zipf-like: the n-th country is chosen with weight 1 / n^0.9.
    private mutating func country() -> CountryInfo {
        let target = self.random.unit() * Self.countryWeights.last!
        var low = 0
        var high = Self.countryWeights.count - 1
        while low < high {
            let middle = (low + high) / 2
            if Self.countryWeights[middle] < target { low = middle + 1 } else { high = middle }
        }
        return Self.countries[low]
    }

    private static let countries: [CountryInfo] = {
        let table: [(String, String, String, Int)] = [
            ("DE", "EUR", "Europe/Berlin", 49), ("US", "USD", "America/New_York", 1),
            ("GB", "GBP", "Europe/London", 44), ("FR", "EUR", "Europe/Paris", 33),
            ("NL", "EUR", "Europe/Amsterdam", 31), ("CH", "CHF", "Europe/Zurich", 41),
            ("AT", "EUR", "Europe/Vienna", 43), ("IT", "EUR", "Europe/Rome", 39),
            ("ES", "EUR", "Europe/Madrid", 34), ("PL", "PLN", "Europe/Warsaw", 48),
            ("SE", "SEK", "Europe/Stockholm", 46), ("CA", "CAD", "America/Toronto", 1),
            ("AU", "AUD", "Australia/Sydney", 61), ("NO", "NOK", "Europe/Oslo", 47),
            ("JP", "JPY", "Asia/Tokyo", 81), ("BE", "EUR", "Europe/Brussels", 32),
            ("DK", "EUR", "Europe/Copenhagen", 45), ("FI", "EUR", "Europe/Helsinki", 358),
            ("IE", "EUR", "Europe/Dublin", 353), ("PT", "EUR", "Europe/Lisbon", 351),
            ("CZ", "EUR", "Europe/Prague", 420), ("HU", "EUR", "Europe/Budapest", 36),
            ("RO", "EUR", "Europe/Bucharest", 40), ("GR", "EUR", "Europe/Athens", 30),
            ("SK", "EUR", "Europe/Bratislava", 421), ("SI", "EUR", "Europe/Ljubljana", 386),
            ("HR", "EUR", "Europe/Zagreb", 385), ("BG", "EUR", "Europe/Sofia", 359),
            ("LT", "EUR", "Europe/Vilnius", 370), ("LV", "EUR", "Europe/Riga", 371),
            ("EE", "EUR", "Europe/Tallinn", 372), ("LU", "EUR", "Europe/Luxembourg", 352),
            ("MT", "EUR", "Europe/Malta", 356), ("CY", "EUR", "Asia/Nicosia", 357),
            ("IS", "EUR", "Atlantic/Reykjavik", 354), ("NZ", "AUD", "Pacific/Auckland", 64),
            ("SG", "USD", "Asia/Singapore", 65), ("HK", "USD", "Asia/Hong_Kong", 852),
            ("IL", "USD", "Asia/Jerusalem", 972), ("AE", "USD", "Asia/Dubai", 971),
            ("BR", "USD", "America/Sao_Paulo", 55), ("MX", "USD", "America/Mexico_City", 52),
            ("AR", "USD", "America/Argentina/Buenos_Aires", 54), ("ZA", "USD", "Africa/Johannesburg", 27),
            ("IN", "USD", "Asia/Kolkata", 91), ("KR", "USD", "Asia/Seoul", 82),
            ("TR", "EUR", "Europe/Istanbul", 90), ("UA", "EUR", "Europe/Kyiv", 380),
            ("RS", "EUR", "Europe/Belgrade", 381), ("CL", "USD", "America/Santiago", 56),
        ]
        return table.map { CountryInfo(code: $0.0, currency: $0.1, timezone: $0.2, dialling: $0.3) }
    }()

    private static let countryWeights: [Double] = {
        var sum = 0.0
        return (1...Self.countries.count).map { rank in
            sum += 1 / pow(Double(rank), 0.9)
            return sum
        }
    }()

    static let currencies = ["EUR", "USD", "GBP", "CHF", "SEK", "PLN", "JPY", "CAD", "AUD", "NOK"]

    private static let adjectives = """
        Amber Ancient Arctic Azure Bold Brave Bright Brisk Calm Clear Clever Coastal Cobalt Copper Crimson Crystal \
        Daring Deep Eager Early Eastern Electric Emerald Even Fair Fast Fierce Fine First Free Fresh Gentle Giant \
        Golden Grand Green Happy High Honest Iron Jade Keen Kind Large Little Lively Lucky Lunar Mighty Modern Noble \
        Northern Open Polar Prime Proud Quiet Rapid Royal Silver Solar Swift
        """.split(separator: " ").map(String.init)
    private static let nouns = """
        Anchor Arrow Badger Beacon Bear Birch Bison Bridge Brook Canyon Cedar Comet Condor Coral Crane Creek Delta \
        Dolphin Eagle Ember Falcon Fern Field Fjord Forest Fox Garden Glacier Grove Harbor Hawk Heron Hill Island \
        Lake Lantern Leopard Lynx Maple Meadow Mesa Moose Mountain Oak Ocean Orchard Otter Owl Panther Peak Pine \
        Prairie Raven River Rock Sparrow Spruce Summit Tiger Valley Willow Wolf
        """.split(separator: " ").map(String.init)
    private static let surnames = """
        Adams Bauer Becker Bennett Berg Brandt Brooks Carter Clarke Costa Dubois Ellis Engel Evans Fischer Fleming \
        Fontaine Garcia Graham Hahn Hansen Hartmann Hughes Jansen Jensen Keller Klein Koch Kowalski Krause Lambert \
        Larsen Laurent Lehmann Lindqvist Lopez Marino Martin Meyer Moreau Morgan Nielsen Novak Olsen Parker Peters \
        Petit Quinn Ricci Richter Romano Rossi Sanchez Schmidt Schneider Schulz Silva Simon Sommer Stewart Svensson \
        Taylor Thomas Turner Vogel Wagner Walker Weber Werner Wilson Wolff Wright Young Zimmermann
        """.split(separator: " ").map(String.init)
    private static let firstNames = """
        Anna Ben Clara David Elena Felix Greta Hugo Ida Jonas Karin Lars Lena Marco Maria Nora Oskar Paula Rosa \
        Sofia Tom Ulla Victor Wanda
        """.split(separator: " ").map(String.init)
    private static let industries = """
        Logistics Media Systems Trading Consulting Software Foods Energy Textiles Motors Labs Networks Pharma Metals \
        Design Capital Holdings Robotics Hosting Travel Partners Studios Analytics Marine Farms Builders Supplies \
        Electronics Insurance Health
        """.split(separator: " ").map(String.init)
    private static let suffixes = ["GmbH", "Ltd", "Inc", "SA", "BV", "AB", "Oy", "SRL", "AG", "LLC"]
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { self.state = seed }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(self.next() >> 11) / Double(1 << 53) }
}
