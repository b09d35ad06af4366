import NIOConcurrencyHelpers
import NIOCore

/// The server's open connections: counted in total and per uid to enforce the
/// limits, and kept so that shutdown can drain them.
final class ConnectionTable: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var perUID: [UInt32: Int] = [:]
    }

    private let maxTotal: Int
    private let maxPerUID: Int
    private let state = NIOLockedValueBox(State())

    init(maxTotal: Int, maxPerUID: Int) {
        self.maxTotal = maxTotal
        self.maxPerUID = maxPerUID
    }

    /// Why a connection was refused.
    enum Refusal: CustomStringConvertible {
        case total(limit: Int)
        case perUID(UInt32, limit: Int)

        var description: String {
            switch self {
            case .total(let limit): "too many connections (limit \(limit))"
            case .perUID(let uid, let limit): "too many connections from uid \(uid) (limit \(limit))"
            }
        }
    }

    /// Admits `channel` for `uid`; `nil` on success, otherwise why it was refused.
    func admit(_ channel: any Channel, uid: UInt32) -> Refusal? {
        self.state.withLockedValue { state in
            if state.channels.count >= self.maxTotal {
                return .total(limit: self.maxTotal)
            }
            if state.perUID[uid, default: 0] >= self.maxPerUID {
                return .perUID(uid, limit: self.maxPerUID)
            }
            state.channels[ObjectIdentifier(channel)] = channel
            state.perUID[uid, default: 0] += 1
            return nil
        }
    }

    func remove(_ channel: any Channel, uid: UInt32) {
        self.state.withLockedValue { state in
            guard state.channels.removeValue(forKey: ObjectIdentifier(channel)) != nil else { return }
            let remaining = state.perUID[uid, default: 1] - 1
            state.perUID[uid] = remaining > 0 ? remaining : nil
        }
    }

    var channels: [any Channel] {
        self.state.withLockedValue { Array($0.channels.values) }
    }

    var count: Int {
        self.state.withLockedValue { $0.channels.count }
    }
}
