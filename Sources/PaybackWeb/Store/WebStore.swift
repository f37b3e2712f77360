import Foundation
import GRDB
import HummingbirdBcrypt
import Logging

/// What a signed-in person may do.
public enum WebRole: String, Sendable, CaseIterable, Codable {
  /// Plans weeks: generates, adjusts and publishes rosters.
  case coordinator
  /// Runs sessions on site and records who came and how they worked.
  case supervisor
  /// Reads people, capacity figures and scenario reports; changes nothing.
  case planner

  /// The page a person of this role starts from.
  public var homePath: String {
    switch self {
    case .coordinator: "/coordinator"
    case .supervisor: "/supervisor"
    case .planner: "/planner"
    }
  }
}

/// A web account.
public struct WebUser: Sendable, Equatable {
  public var id: Int64
  public var username: String
  public var role: WebRole
  /// For a supervisor account: the supervisor id in the ledger (`S01`).
  public var supervisorID: String?
}

/// A browser session: who (if anyone) is signed in, and the token every form must carry.
public struct WebSession: Sendable, Equatable {
  /// The random cookie value.
  public var id: String
  public var user: WebUser?
  /// The CSRF token forms must echo back.
  public var csrfToken: String
  public var expiresAt: Date
}

/// One change somebody made through the web app.
public struct AuditEntry: Sendable, Equatable {
  public var at: Date
  public var username: String
  public var action: String
  public var detail: String
}

/// A problem with the values given for a new account, naming the field.
public struct AccountError: Error, Sendable, CustomStringConvertible {
  public var field: String
  public var message: String
  public var description: String { "\(field): \(message)" }
}

/// Web accounts, browser sessions, sign-in attempts and the audit trail, in the ledger's SQLite file.
///
/// The tables are the web app's own (migrations named `web-...`), so the ledger's schema is
/// untouched and the CLI and the server can share one database file.
public final class WebStore: Sendable {
  public let writer: any DatabaseWriter
  /// bcrypt cost for new passwords (12 in service; tests may use 4 to stay fast).
  public let bcryptCost: UInt8
  let sessionLifetime: TimeInterval
  /// The one clock for sessions, sign-in attempts, drafts and the audit trail (tests fix it).
  let clock: @Sendable () -> Date

  public init(
    writer: any DatabaseWriter, bcryptCost: UInt8 = 12, sessionLifetime: TimeInterval = 12 * 3600,
    now: @escaping @Sendable () -> Date = { Date() }
  ) throws {
    self.writer = writer
    self.bcryptCost = bcryptCost
    self.sessionLifetime = sessionLifetime
    self.clock = now
    try Self.migrator.migrate(writer)
  }

  /// Opens (creating if need be) the database file at `path`.
  public convenience init(path: String, bcryptCost: UInt8 = 12) throws {
    try self.init(
      writer: try DatabasePool(path: path, configuration: WebStore.databaseConfiguration), bcryptCost: bcryptCost)
  }

  /// Busy timeout so that the CLI and the server can write the same file without failing.
  public static var databaseConfiguration: Configuration {
    var config = Configuration()
    config.busyMode = .timeout(10)
    return config
  }

  static var migrator: DatabaseMigrator {
    var m = DatabaseMigrator()
    m.registerMigration("web-1-users") { db in
      try db.execute(
        sql: """
          CREATE TABLE web_user (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            username TEXT NOT NULL UNIQUE COLLATE NOCASE,
            role TEXT NOT NULL CHECK (role IN ('coordinator', 'supervisor', 'planner')),
            supervisor_id TEXT,
            password_hash TEXT NOT NULL,
            created_at REAL NOT NULL
          );
          CREATE TABLE web_session (
            id TEXT PRIMARY KEY,
            user_id INTEGER REFERENCES web_user(id) ON DELETE CASCADE,
            csrf_token TEXT NOT NULL,
            created_at REAL NOT NULL,
            expires_at REAL NOT NULL
          );
          CREATE INDEX web_session_expiry ON web_session(expires_at);
          CREATE TABLE web_signin_failure (
            key TEXT NOT NULL,
            at REAL NOT NULL
          );
          CREATE INDEX web_signin_failure_key ON web_signin_failure(key, at);
          CREATE TABLE web_audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at REAL NOT NULL,
            username TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL
          );
          """)
    }
    m.registerMigration("web-2-drafts") { db in
      // A coordinator's working roster for a week, before it is published to the ledger.
      try db.execute(
        sql: """
          CREATE TABLE web_draft (
            week_start TEXT PRIMARY KEY,
            roster_json TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            updated_at REAL NOT NULL
          );
          CREATE TABLE web_pin (
            week_start TEXT NOT NULL,
            person_id TEXT NOT NULL,
            session_id TEXT NOT NULL,
            PRIMARY KEY (week_start, person_id, session_id)
          );
          CREATE TABLE web_stand_down (
            week_start TEXT NOT NULL,
            session_id TEXT NOT NULL,
            PRIMARY KEY (week_start, session_id)
          );
          """)
    }
    m.registerMigration("web-3-disabled") { db in
      // A disabled account keeps its history (audit, outcomes) but cannot sign in.
      try db.execute(sql: "ALTER TABLE web_user ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0")
    }
    return m
  }

  // MARK: Database access

  /// A read on a Dispatch thread with GRDB's blocking API.
  ///
  /// GRDB's async API hops through Dispatch queues that, on Linux's small Dispatch thread pool,
  /// can deadlock under load (every worker waiting for a pooled reader whose queue needs a worker).
  /// The blocking API runs inline on the calling thread, so it always makes progress.
  func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
    let writer = self.writer
    return try await offloadedThrowing { try writer.read(body) }
  }

  /// A write transaction on a Dispatch thread (see ``read(_:)``).
  func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
    let writer = self.writer
    return try await offloadedThrowing { try writer.write(body) }
  }

  // MARK: Accounts

  /// Creates an account; the password is stored only as a bcrypt hash.
  @discardableResult
  public func addUser(username: String, role: WebRole, supervisorID: String? = nil, password: String) async throws
    -> WebUser
  {
    let name = username.trimmingCharacters(in: .whitespaces)
    guard (1...64).contains(name.count), name.allSatisfy({ $0.isLetter || $0.isNumber || "._-@".contains($0) }) else {
      throw AccountError(field: "username", message: "use 1 to 64 letters, digits, '.', '_', '-' or '@'")
    }
    try Self.checkPassword(password, username: name)
    if role == .supervisor, (supervisorID ?? "").isEmpty {
      throw AccountError(field: "supervisor-id", message: "a supervisor account needs the supervisor's id (S01)")
    }
    if role != .supervisor, supervisorID != nil {
      throw AccountError(field: "supervisor-id", message: "only supervisor accounts are linked to a supervisor id")
    }
    let cost = bcryptCost
    let hash = await offloaded { Bcrypt.hash(password, cost: cost) }
    return try await write { db in
      if try Int.fetchOne(db, sql: "SELECT 1 FROM web_user WHERE username = ?", arguments: [name]) != nil {
        throw AccountError(field: "username", message: "\"\(name)\" is already taken")
      }
      try db.execute(
        sql: "INSERT INTO web_user (username, role, supervisor_id, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
        arguments: [name, role.rawValue, supervisorID, hash, self.clock().timeIntervalSince1970])
      return WebUser(id: db.lastInsertedRowID, username: name, role: role, supervisorID: supervisorID)
    }
  }

  /// Refuses passwords that are short, common or made of few different characters, and those
  /// longer than bcrypt reads. A passphrase of three random words passes.
  public static func checkPassword(_ password: String, username: String? = nil) throws {
    guard password.count >= 12 else {
      throw AccountError(
        field: "password", message: "must be at least 12 characters (three random words make a good one)")
    }
    guard password.utf8.count <= 72 else {
      // bcrypt reads only the first 72 bytes; refusing longer ones avoids a false sense of strength.
      throw AccountError(field: "password", message: "must be at most 72 bytes")
    }
    let lower = password.lowercased()
    let letters = lower.filter { $0.isLetter || $0.isNumber }
    if Set(lower).count < 5 || commonPasswords.contains(lower) || commonPasswords.contains(String(letters))
      || commonPasswords.contains(where: {
        $0.count >= 6 && lower.hasPrefix($0) && Set(lower.dropFirst($0.count)).count <= 3
      })
      || username.map({ $0.count >= 4 && lower.contains($0.lowercased()) }) == true
    {
      throw AccountError(field: "password", message: "is too easy to guess: use three or more random words")
    }
  }

  /// Passwords and stems found at the top of every leaked list (a stem followed by a few repeated
  /// characters, "password123!", counts as the stem).
  static let commonPasswords: Set<String> = [
    "password", "passwordpassword", "password1", "password12", "password123", "password1234", "passw0rd",
    "123456", "12345678", "123456789", "1234567890", "123456789012", "1234567890ab", "qwerty", "qwertyuiop",
    "qwertyuiop12", "qwerty123456", "asdfghjkl", "asdfghjkl123", "iloveyou", "iloveyou1234", "letmein",
    "letmein12345", "welcome", "welcome12345", "welcometo", "monkey", "dragon", "football", "baseball",
    "sunshine", "princess", "superman", "trustno1", "abc123", "abcdefghijkl", "abcdef123456", "changeme",
    "changemenow", "administrator", "adminadmin", "admin12345678", "starwars", "whatever", "computer",
    "michael", "jennifer", "charlie", "liverpool", "chelsea", "arsenal", "manchester", "communitypayback",
    "payback", "probation", "correcthorsebatterystaple", "correct horse battery staple",
  ]

  /// Every account, by username.
  public func users() async throws -> [WebUser] {
    try await read { db in
      try Row.fetchAll(db, sql: "SELECT id, username, role, supervisor_id FROM web_user ORDER BY username").compactMap(
        Self.user)
    }
  }

  static func user(_ row: Row) -> WebUser? {
    guard let role = WebRole(rawValue: row["role"]) else { return nil }
    return WebUser(id: row["id"], username: row["username"], role: role, supervisorID: row["supervisor_id"])
  }

  /// The account if the password matches and it is not disabled; nil otherwise (the same answer,
  /// taking the same time, for an unknown name).
  public func verify(username: String, password: String) async throws -> WebUser? {
    let fallbackCost = bcryptCost
    let found: (user: WebUser?, hash: String?, cost: UInt8, disabled: Bool) = try await read { db in
      guard
        let row = try Row.fetchOne(
          db,
          sql: "SELECT id, username, role, supervisor_id, password_hash, disabled FROM web_user WHERE username = ?",
          arguments: [username.trimmingCharacters(in: .whitespaces)])
      else {
        // An unknown name is checked against a dummy hash of the cost real accounts use, so that
        // timing does not tell names apart.
        let newest = try String.fetchOne(db, sql: "SELECT password_hash FROM web_user ORDER BY id DESC LIMIT 1")
        return (nil, nil, newest.flatMap(Self.cost(ofHash:)) ?? fallbackCost, false)
      }
      return (Self.user(row), row["password_hash"], fallbackCost, (row["disabled"] as Int?) == 1)
    }
    let hash = found.hash ?? Self.dummyHash(cost: found.cost)
    let ok = await offloaded { password.utf8.count <= 72 && Bcrypt.verify(password, hash: hash) }
    guard ok, !found.disabled, let user = found.user else { return nil }
    return user
  }

  /// The cost written in a bcrypt hash (`$2b$12$...` is 12).
  static func cost(ofHash hash: String) -> UInt8? {
    let parts = hash.split(separator: "$")
    guard parts.count >= 3, let cost = UInt8(parts[1]), (4...31).contains(cost) else { return nil }
    return cost
  }

  private static let dummyLock = NSLock()
  nonisolated(unsafe) private static var dummies: [UInt8: String] = [:]

  /// A real hash of nothing anyone types, one per cost, made on first use.
  static func dummyHash(cost: UInt8) -> String {
    if let hash = dummyLock.withLock({ dummies[cost] }) { return hash }
    let hash = Bcrypt.hash(randomToken(), cost: cost)
    dummyLock.withLock { dummies[cost] = hash }
    return hash
  }

  // MARK: Changing accounts

  /// Changes a signed-in person's own password after checking the current one; their other
  /// sessions end.
  public func changePassword(_ user: WebUser, current: String, new: String, keeping sessionID: String?) async throws {
    guard try await verify(username: user.username, password: current) != nil else {
      throw AccountError(field: "current", message: "Your current password is not right")
    }
    do {
      try Self.checkPassword(new, username: user.username)
    } catch let error as AccountError {
      throw AccountError(field: "new", message: error.message)
    }
    try await setPassword(user.username, new, keeping: sessionID, action: "password changed", by: user.username)
  }

  /// Sets an account's password (an administrator's reset from the command line); every session
  /// of that account ends.
  public func resetPassword(username: String, password: String, by: String) async throws {
    try Self.checkPassword(password, username: username)
    try await setPassword(username, password, keeping: nil, action: "password reset", by: by)
  }

  func setPassword(_ username: String, _ password: String, keeping sessionID: String?, action: String, by: String)
    async throws
  {
    let cost = bcryptCost
    let hash = await offloaded { Bcrypt.hash(password, cost: cost) }
    try await write { db in
      guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM web_user WHERE username = ?", arguments: [username])
      else { throw AccountError(field: "username", message: "there is no account \"\(username)\"") }
      try db.execute(sql: "UPDATE web_user SET password_hash = ? WHERE id = ?", arguments: [hash, id])
      try db.execute(
        sql: "DELETE FROM web_session WHERE user_id = ? AND id IS NOT ?", arguments: [id, sessionID])
      try db.execute(
        sql: "INSERT INTO web_audit (at, username, action, detail) VALUES (?, ?, ?, ?)",
        arguments: [self.clock().timeIntervalSince1970, by, action, "account \(username)"])
    }
  }

  /// Disables (or enables again) an account; disabling ends its sessions at once.
  public func setDisabled(username: String, _ disabled: Bool, by: String) async throws {
    try await write { db in
      guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM web_user WHERE username = ?", arguments: [username])
      else { throw AccountError(field: "username", message: "there is no account \"\(username)\"") }
      try db.execute(sql: "UPDATE web_user SET disabled = ? WHERE id = ?", arguments: [disabled ? 1 : 0, id])
      if disabled { try db.execute(sql: "DELETE FROM web_session WHERE user_id = ?", arguments: [id]) }
      try db.execute(
        sql: "INSERT INTO web_audit (at, username, action, detail) VALUES (?, ?, ?, ?)",
        arguments: [
          self.clock().timeIntervalSince1970, by, disabled ? "account disabled" : "account enabled",
          "account \(username)",
        ])
    }
  }

  // MARK: Browser sessions

  /// Starts a session (anonymous when `user` is nil) with fresh random id and CSRF token.
  public func createSession(user: WebUser?) async throws -> WebSession {
    let session = WebSession(
      id: randomToken(), user: user, csrfToken: randomToken(),
      expiresAt: self.clock().addingTimeInterval(sessionLifetime))
    try await write { db in
      try db.execute(
        sql: "INSERT INTO web_session (id, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
        arguments: [
          session.id, user?.id, session.csrfToken, self.clock().timeIntervalSince1970,
          session.expiresAt.timeIntervalSince1970,
        ])
      // Expired sessions are swept now and then rather than by a timer.
      if Int.random(in: 0..<50) == 0 {
        try db.execute(
          sql: "DELETE FROM web_session WHERE expires_at < ?", arguments: [self.clock().timeIntervalSince1970])
      }
    }
    return session
  }

  /// The live session with this id, or nil when unknown or expired.
  public func session(id: String) async throws -> WebSession? {
    guard id.count == 43 else { return nil }
    return try await read { db in
      guard
        let row = try Row.fetchOne(
          db,
          sql: """
            SELECT s.id AS sid, s.csrf_token, s.expires_at, u.id, u.username, u.role, u.supervisor_id
            FROM web_session s LEFT JOIN web_user u ON u.id = s.user_id
            WHERE s.id = ? AND s.expires_at > ? AND (u.id IS NULL OR u.disabled = 0)
            """, arguments: [id, self.clock().timeIntervalSince1970])
      else { return nil }
      let user: WebUser? = (row["id"] as Int64?) == nil ? nil : Self.user(row)
      return WebSession(
        id: row["sid"], user: user, csrfToken: row["csrf_token"],
        expiresAt: Date(timeIntervalSince1970: row["expires_at"]))
    }
  }

  public func deleteSession(id: String) async throws {
    try await write { db in
      try db.execute(sql: "DELETE FROM web_session WHERE id = ?", arguments: [id])
    }
  }

  // MARK: Sign-in rate limit

  /// Failed sign-ins recorded for `key` within the last `window` seconds.
  public func recentFailures(key: String, window: TimeInterval) async throws -> Int {
    try await read { db in
      try Int.fetchOne(
        db, sql: "SELECT COUNT(*) FROM web_signin_failure WHERE key = ? AND at > ?",
        arguments: [key, self.clock().timeIntervalSince1970 - window]) ?? 0
    }
  }

  public func recordFailure(key: String) async throws {
    try await write { db in
      try db.execute(
        sql: "INSERT INTO web_signin_failure (key, at) VALUES (?, ?)",
        arguments: [key, self.clock().timeIntervalSince1970])
      try db.execute(
        sql: "DELETE FROM web_signin_failure WHERE at < ?", arguments: [self.clock().timeIntervalSince1970 - 86400])
    }
  }

  public func clearFailures(key: String) async throws {
    try await write { db in
      try db.execute(sql: "DELETE FROM web_signin_failure WHERE key = ?", arguments: [key])
    }
  }

  // MARK: Audit

  /// Records who changed what; called in the same breath as every change.
  public func audit(_ user: WebUser, action: String, detail: String) async throws {
    try await write { db in
      try Self.audit(at: self.clock(), db, user: user, action: action, detail: detail)
    }
  }

  static func audit(at: Date, _ db: Database, user: WebUser, action: String, detail: String) throws {
    try db.execute(
      sql: "INSERT INTO web_audit (at, username, action, detail) VALUES (?, ?, ?, ?)",
      arguments: [at.timeIntervalSince1970, user.username, action, detail])
  }

  /// The latest audit entries, newest first.
  public func auditEntries(limit: Int = 100) async throws -> [AuditEntry] {
    try await read { db in
      try Row.fetchAll(
        db, sql: "SELECT at, username, action, detail FROM web_audit ORDER BY id DESC LIMIT ?", arguments: [limit]
      ).map {
        AuditEntry(
          at: Date(timeIntervalSince1970: $0["at"]), username: $0["username"], action: $0["action"],
          detail: $0["detail"])
      }
    }
  }
}

/// 32 random bytes from the system's secure generator, base64url without padding (43 characters).
func randomToken() -> String {
  var rng = SystemRandomNumberGenerator()
  let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
  return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
    .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
}

/// Runs CPU-heavy work (bcrypt) on a Dispatch thread so it does not hold up Swift's small cooperative pool.
func offloaded<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
  await withCheckedContinuation { continuation in
    DispatchQueue.global().async { continuation.resume(returning: work()) }
  }
}
