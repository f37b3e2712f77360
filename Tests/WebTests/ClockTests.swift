import Foundation
import GRDB
import Testing

@testable import PaybackWeb

/// The web store reads one injected clock (issue 14): sessions, sign-in attempts and the audit trail.
@Suite struct ClockTests {
  final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date
    init(_ start: Date) { value = start }
    var now: Date { lock.withLock { value } }
    func advance(_ seconds: TimeInterval) { lock.withLock { value = value.addingTimeInterval(seconds) } }
  }

  @Test func sessionsAttemptsAndAuditFollowTheInjectedClock() async throws {
    let dir = TempDir()
    let clock = TestClock(Date(timeIntervalSince1970: 1_796_490_000))
    let store = try WebStore(
      writer: DatabaseQueue(path: dir.database), bcryptCost: 4, sessionLifetime: 3600, now: { clock.now })
    let session = try await store.createSession(user: nil)
    #expect(try await store.session(id: session.id) != nil)
    try await store.recordFailure(key: "k")
    #expect(try await store.recentFailures(key: "k", window: 900) == 1)
    let user = WebUser(id: 1, username: "cora", role: .coordinator, supervisorID: nil)
    try await store.audit(user, action: "tested", detail: "")
    #expect(try await store.auditEntries().first?.at == clock.now)
    clock.advance(3601)
    #expect(try await store.session(id: session.id) == nil, "expired by the store's clock, not the machine's")
    #expect(try await store.recentFailures(key: "k", window: 900) == 0)
  }
}
