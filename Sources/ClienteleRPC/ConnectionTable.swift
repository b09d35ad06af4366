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

    /// Admits `channel` for `uid`; `nil` on success, otherwise why it was refused.
    func admit(_ channel: any Channel, uid: UInt32) -> String? {
        self.state.withLockedValue { state in
            if state.channels.count >= self.maxTotal {
                return "too many connections (limit \(self.maxTotal))"
            }
            if state.perUID[uid, default: 0] >= self.maxPerUID {
                return "too many connections from uid \(uid) (limit \(self.maxPerUID))"
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
