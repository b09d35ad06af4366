import Synchronization

/// The running-call slot (see `FairCallScheduler`) of the call the current task serves.
/// A call lends it back while it waits for something that needs none of the cores —
/// its write's group commit — so that the slots bound the calls using the cores and
/// not the writes sharing one fsync.
public final class CallSlot: Sendable {
    /// The slot of the call this task serves; `nil` outside a call.
    @TaskLocal static var current: CallSlot?

    private let scheduler: FairCallScheduler
    private let connection: UInt64
    private let held = Atomic<Bool>(false)

    init(scheduler: FairCallScheduler, connection: UInt64) {
        self.scheduler = scheduler
        self.connection = connection
    }

    /// Waits for the slot; `false` when the task was cancelled first.
    func acquire() async -> Bool {
        guard await self.scheduler.acquire(for: self.connection) else { return false }
        self.held.store(true, ordering: .releasing)
        return true
    }

    func releaseIfHeld() {
        if self.held.exchange(false, ordering: .acquiringAndReleasing) {
            self.scheduler.release(for: self.connection)
        }
    }

    /// Gives the current call's slot back while it waits (no-op outside a call).
    public static func lendCurrent() {
        Self.current?.releaseIfHeld()
    }

    /// Takes a slot again, waiting for a fair turn, after `lendCurrent()`.
    public static func takeBackCurrent() async {
        _ = await Self.current?.acquire()
    }
}
