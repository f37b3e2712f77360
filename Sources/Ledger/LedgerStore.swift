import Foundation
import GRDB
import PaybackCore

/// What kind of fact an entry records.
public enum EntryKind: String, Sendable, CaseIterable, Codable {
  // Reference data, versioned: a new version supersedes the previous one.
  case person, order, project, session, supervisor, settings
  /// Which supervisors run a session (from a published roster); versioned per session.
  case staffing
  /// A person booked on a session (from a published roster or by hand).
  case appointment
  /// An appointment withdrawn (a republished roster dropped it, or a coordinator cancelled it).
  case appointmentCancel = "appointment_cancel"
  /// What happened at an appointment.
  case outcome
  /// Travel-time adjustment.
  case travel
  /// ETE activity credited outside the sessions.
  case eteCredit = "ete_credit"
  /// Totals carried over from before the ledger.
  case opening
  /// Withdraws an earlier entry without replacing it (it was recorded in error).
  case retraction
  /// What a court decided after a breach (`code` the ``CourtDecision``, `minutes` hours added,
  /// `data` the new last day or the fine).
  case court
  /// The ledger's policies (subject `ledger`), versioned: who set them, when and why.
  case policy
}

/// One row of the history, as stored: a header every entry has, and the fields its kind uses.
///
/// Kept as one flat, storage-neutral struct so that another store (PostgreSQL) maps it to one
/// table the same way. Times of day are minutes after midnight, dates are day numbers.
public struct StoredEntry: Sendable, Equatable {
  /// Position in the history; assigned by the store, strictly increasing.
  public var seq: Int64 = 0
  public var kind: EntryKind
  /// The id of the thing a reference entry describes (person, project, session, supervisor id).
  public var subject: String?
  public var personId: String?
  public var sessionId: String?
  /// For outcomes: the appointment entry it is for.
  public var appointmentSeq: Int64?
  public var code: String?
  /// Appointment start (appointments, outcomes), in minutes after midnight.
  public var slotStart: Int?
  /// Appointment end (appointments, outcomes).
  public var slotEnd: Int?
  /// Actual start and finish (outcomes).
  public var startMinute: Int?
  public var finishMinute: Int?
  public var penaltyMinutes: Int?
  public var creditedMinutes: Int?
  public var ete: Bool = false
  public var quality: String?
  public var behaviour: String?
  public var notes: String?
  /// The day it concerns (sessions, appointments, outcomes, adjustments), as a day number.
  public var date: Int?
  /// Kind-specific minutes: adjustment size, session length, ETE part of an opening balance.
  public var minutes: Int?
  /// Free-form source tag: `roster:2026-11-30`, `hand`, `import:people.csv`.
  public var source: String?
  /// Reference data as JSON.
  public var data: String?
  public var recordedBy: String
  /// Seconds since 1970 (UTC) when the entry was written.
  public var recordedAt: Int64
  public var idempotencyKey: String?
  /// The entry this one replaces.
  public var supersedes: Int64?
  /// Why (corrections, retractions, cancellations).
  public var reason: String?

  public init(kind: EntryKind, recordedBy: String, recordedAt: Int64 = 0) {
    self.kind = kind
    self.recordedBy = recordedBy
    self.recordedAt = recordedAt
  }

  public var calendarDate: CalendarDate? { date.map(CalendarDate.init(dayNumber:)) }
}

/// Reads inside one transaction: a consistent view of the history.
///
/// The whole storage interface is this protocol and ``LedgerWriteTransaction``: a handful of
/// appends and indexed look-ups over ``StoredEntry``, so that a PostgreSQL store can implement
/// the same rules unchanged. "Effective" means not superseded by a later entry.
public protocol LedgerReadTransaction {
  func entry(seq: Int64) throws -> StoredEntry?
  func entry(idempotencyKey: String) throws -> StoredEntry?
  /// Every entry about a person, in history order (including superseded ones).
  func entries(person: String) throws -> [StoredEntry]
  /// The effective version of a reference entry (`kind` person/order/project/session/supervisor/settings).
  func current(_ kind: EntryKind, id: String) throws -> StoredEntry?
  /// Effective versions of every reference entry of a kind.
  func currentAll(_ kind: EntryKind) throws -> [StoredEntry]
  /// Effective entries of `kind` dated within `dates` (day numbers).
  func effective(_ kind: EntryKind, dates: ClosedRange<Int>) throws -> [StoredEntry]
  /// Effective entries of `kind` for a session.
  func effective(_ kind: EntryKind, session: String) throws -> [StoredEntry]
  /// Effective outcome (or cancellation) entries for appointment `seq`.
  func effectiveFollowUps(appointment seq: Int64) throws -> [StoredEntry]
  /// Effective appointments dated up to `day` with no effective outcome.
  func appointmentsWithoutOutcome(upTo day: Int) throws -> [StoredEntry]
  /// Whether a later entry supersedes `seq`.
  func isSuperseded(_ seq: Int64) throws -> Bool
  /// Entries after `seq` in history order, at most `limit`.
  func entries(after seq: Int64, limit: Int) throws -> [StoredEntry]
  func entryCount() throws -> Int
}

/// Reads and appends inside one write transaction; nothing is visible until it commits.
public protocol LedgerWriteTransaction: LedgerReadTransaction {
  /// Appends an entry, returning its seq. Never updates or deletes.
  func append(_ entry: StoredEntry) throws -> Int64
}

/// A place that keeps the history.
public protocol LedgerStore: Sendable {
  func read<T>(_ body: (any LedgerReadTransaction) throws -> T) throws -> T
  /// One write transaction: all or nothing, durable when it returns.
  func write<T>(_ body: (any LedgerWriteTransaction) throws -> T) throws -> T
  func read<T: Sendable>(_ body: @escaping @Sendable (any LedgerReadTransaction) throws -> T) async throws -> T
  func write<T: Sendable>(_ body: @escaping @Sendable (any LedgerWriteTransaction) throws -> T) async throws -> T
}

/// The embedded store: one SQLite file through GRDB.
///
/// WAL journal, `synchronous=FULL` so that an acknowledged write survives power loss, and a
/// busy timeout so that several processes writing at once wait their turn instead of failing
/// with "database is locked". Write transactions are IMMEDIATE (GRDB's default for writes), so a
/// writer takes the lock before it reads and never has to upgrade.
public final class SQLiteLedgerStore: LedgerStore {
  /// The GRDB writer, for apps that keep their own tables beside the ledger (register them as
  /// extra migrations with distinct names via ``init(path:extraMigrations:)``).
  public let dbWriter: any DatabaseWriter
  public let path: String

  /// Opens (creating on first use) the ledger at `path` and applies pending migrations.
  ///
  /// - Parameter extraMigrations: registers further migrations after the ledger's own, for an
  ///   app's tables (use names that do not start with `ledger-`).
  public init(path: String, extraMigrations: ((inout DatabaseMigrator) -> Void)? = nil) throws {
    var config = Configuration()
    config.busyMode = .timeout(60)
    config.prepareDatabase { db in
      try db.execute(sql: "PRAGMA synchronous = FULL")
    }
    self.path = path
    do {
      let pool = try DatabasePool(path: path, configuration: config)
      var migrator = SQLiteLedgerStore.migrator
      extraMigrations?(&migrator)
      // Processes opening a brand-new ledger at the same moment can both see a migration as
      // pending; the loser's CREATE fails. Its transaction rolled back, so trying again (and
      // finding the migration applied) is safe.
      var attempt = 0
      while true {
        do {
          try migrator.migrate(pool)
          break
        } catch let error as DatabaseError where attempt < 20 && (error.message ?? "").contains("already exists") {
          attempt += 1
          usleep(20_000)
        }
      }
      dbWriter = pool
    } catch let error as DatabaseError {
      throw InputError(source: path, path: "", message: "cannot open the ledger: \(error.message ?? "\(error)")")
    }
  }

  /// The ledger's schema, as named migrations that are never edited once shipped: a change
  /// is a new migration.
  public static var migrator: DatabaseMigrator {
    var m = DatabaseMigrator()
    m.registerMigration("ledger-1-entries") { db in
      try db.execute(
        sql: """
          CREATE TABLE entry (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            subject TEXT,
            person_id TEXT,
            session_id TEXT,
            appointment_seq INTEGER REFERENCES entry(seq),
            code TEXT,
            slot_start INTEGER,
            slot_end INTEGER,
            start_minute INTEGER,
            finish_minute INTEGER,
            penalty_minutes INTEGER,
            credited_minutes INTEGER,
            ete INTEGER NOT NULL DEFAULT 0,
            quality TEXT,
            behaviour TEXT,
            notes TEXT,
            date INTEGER,
            minutes INTEGER,
            source TEXT,
            data TEXT,
            recorded_by TEXT NOT NULL,
            recorded_at INTEGER NOT NULL,
            idempotency_key TEXT UNIQUE,
            supersedes INTEGER REFERENCES entry(seq),
            reason TEXT
          );
          CREATE INDEX entry_person ON entry(person_id, seq) WHERE person_id IS NOT NULL;
          CREATE INDEX entry_subject ON entry(kind, subject) WHERE subject IS NOT NULL;
          CREATE INDEX entry_date ON entry(kind, date) WHERE date IS NOT NULL;
          CREATE INDEX entry_session ON entry(session_id, kind) WHERE session_id IS NOT NULL;
          CREATE INDEX entry_appointment ON entry(appointment_seq) WHERE appointment_seq IS NOT NULL;
          CREATE UNIQUE INDEX entry_supersedes ON entry(supersedes) WHERE supersedes IS NOT NULL;
          -- Append-only, enforced by the database itself.
          CREATE TRIGGER entry_no_update BEFORE UPDATE ON entry
            BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
          CREATE TRIGGER entry_no_delete BEFORE DELETE ON entry
            BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
          """)
    }
    // Entry kinds are the ledger's vocabulary: the database itself refuses any other, so that a
    // kind this version does not know can never be read as something else. The list is written
    // out, not taken from EntryKind: a later kind comes with its own migration.
    m.registerMigration("ledger-2-entry-kinds") { db in
      try db.execute(
        sql: kindTrigger([
          "person", "order", "project", "session", "supervisor", "settings", "staffing", "appointment",
          "appointment_cancel", "outcome", "travel", "ete_credit", "opening", "retraction", "court",
        ]))
    }
    m.registerMigration("ledger-3-policy-entries") { db in
      try db.execute(
        sql: kindTrigger([
          "person", "order", "project", "session", "supervisor", "settings", "staffing", "appointment",
          "appointment_cancel", "outcome", "travel", "ete_credit", "opening", "retraction", "court", "policy",
        ]))
    }
    return m
  }

  /// The trigger that refuses an entry of a kind not in `kinds` (each migration that adds a
  /// kind replaces it).
  static func kindTrigger(_ kinds: [String]) -> String {
    let list = kinds.map { "'\($0)'" }.joined(separator: ", ")
    return """
      DROP TRIGGER IF EXISTS entry_known_kind;
      CREATE TRIGGER entry_known_kind BEFORE INSERT ON entry WHEN NEW.kind NOT IN (\(list))
        BEGIN SELECT RAISE(ABORT, 'unknown ledger entry kind'); END;
      """
  }

  public func read<T>(_ body: (any LedgerReadTransaction) throws -> T) throws -> T {
    try dbWriter.read { db in try body(SQLiteTransaction(db: db)) }
  }

  public func write<T>(_ body: (any LedgerWriteTransaction) throws -> T) throws -> T {
    try dbWriter.write { db in try body(SQLiteTransaction(db: db)) }
  }

  public func read<T: Sendable>(_ body: @escaping @Sendable (any LedgerReadTransaction) throws -> T) async throws -> T {
    try await dbWriter.read { db in try body(SQLiteTransaction(db: db)) }
  }

  public func write<T: Sendable>(_ body: @escaping @Sendable (any LedgerWriteTransaction) throws -> T) async throws
    -> T
  {
    try await dbWriter.write { db in try body(SQLiteTransaction(db: db)) }
  }
}

/// The SQLite side of the storage interface.
struct SQLiteTransaction: LedgerWriteTransaction {
  let db: Database

  static let columns = """
    seq, kind, subject, person_id, session_id, appointment_seq, code, slot_start, slot_end, start_minute, \
    finish_minute, penalty_minutes, credited_minutes, ete, quality, behaviour, notes, date, minutes, source, data, \
    recorded_by, recorded_at, idempotency_key, supersedes, reason
    """
  static let effective = "NOT EXISTS (SELECT 1 FROM entry c WHERE c.supersedes = e.seq)"

  func fetch(_ sql: String, _ arguments: StatementArguments = []) throws -> [StoredEntry] {
    let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
    var out: [StoredEntry] = []
    while let row = try rows.next() { out.append(Self.decode(row)) }
    return out
  }

  static func decode(_ row: Row) -> StoredEntry {
    var e = StoredEntry(
      kind: EntryKind(rawValue: row[1]) ?? .retraction, recordedBy: row[21], recordedAt: row[22])
    e.seq = row[0]
    e.subject = row[2]
    e.personId = row[3]
    e.sessionId = row[4]
    e.appointmentSeq = row[5]
    e.code = row[6]
    e.slotStart = row[7]
    e.slotEnd = row[8]
    e.startMinute = row[9]
    e.finishMinute = row[10]
    e.penaltyMinutes = row[11]
    e.creditedMinutes = row[12]
    e.ete = row[13]
    e.quality = row[14]
    e.behaviour = row[15]
    e.notes = row[16]
    e.date = row[17]
    e.minutes = row[18]
    e.source = row[19]
    e.data = row[20]
    e.idempotencyKey = row[23]
    e.supersedes = row[24]
    e.reason = row[25]
    return e
  }

  func entry(seq: Int64) throws -> StoredEntry? {
    try fetch("SELECT \(Self.columns) FROM entry WHERE seq = ?", [seq]).first
  }

  func entry(idempotencyKey: String) throws -> StoredEntry? {
    try fetch("SELECT \(Self.columns) FROM entry WHERE idempotency_key = ?", [idempotencyKey]).first
  }

  func entries(person: String) throws -> [StoredEntry] {
    try fetch("SELECT \(Self.columns) FROM entry WHERE person_id = ? ORDER BY seq", [person])
  }

  func current(_ kind: EntryKind, id: String) throws -> StoredEntry? {
    try fetch(
      "SELECT \(Self.columns) FROM entry e WHERE kind = ? AND subject = ? AND \(Self.effective) ORDER BY seq DESC LIMIT 1",
      [kind.rawValue, id]
    ).first
  }

  func currentAll(_ kind: EntryKind) throws -> [StoredEntry] {
    try fetch(
      "SELECT \(Self.columns) FROM entry e WHERE kind = ? AND subject IS NOT NULL AND \(Self.effective) ORDER BY seq",
      [kind.rawValue])
  }

  func effective(_ kind: EntryKind, dates: ClosedRange<Int>) throws -> [StoredEntry] {
    try fetch(
      "SELECT \(Self.columns) FROM entry e WHERE kind = ? AND date BETWEEN ? AND ? AND \(Self.effective) ORDER BY seq",
      [kind.rawValue, dates.lowerBound, dates.upperBound])
  }

  func effective(_ kind: EntryKind, session: String) throws -> [StoredEntry] {
    try fetch(
      "SELECT \(Self.columns) FROM entry e WHERE session_id = ? AND kind = ? AND \(Self.effective) ORDER BY seq",
      [session, kind.rawValue])
  }

  func effectiveFollowUps(appointment seq: Int64) throws -> [StoredEntry] {
    try fetch(
      "SELECT \(Self.columns) FROM entry e WHERE appointment_seq = ? AND \(Self.effective) ORDER BY seq", [seq])
  }

  func appointmentsWithoutOutcome(upTo day: Int) throws -> [StoredEntry] {
    try fetch(
      """
      SELECT \(Self.columns) FROM entry e WHERE kind = 'appointment' AND date <= ? AND \(Self.effective)
        AND NOT EXISTS (SELECT 1 FROM entry o WHERE o.appointment_seq = e.seq AND o.kind = 'outcome'
          AND NOT EXISTS (SELECT 1 FROM entry c WHERE c.supersedes = o.seq))
      ORDER BY date, slot_start, seq
      """, [day])
  }

  func isSuperseded(_ seq: Int64) throws -> Bool {
    try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM entry WHERE supersedes = ?)", arguments: [seq]) ?? false
  }

  func entries(after seq: Int64, limit: Int) throws -> [StoredEntry] {
    try fetch("SELECT \(Self.columns) FROM entry WHERE seq > ? ORDER BY seq LIMIT ?", [seq, limit])
  }

  func entryCount() throws -> Int {
    try Int.fetchOne(db, sql: "SELECT count(*) FROM entry") ?? 0
  }

  func append(_ e: StoredEntry) throws -> Int64 {
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO entry (kind, subject, person_id, session_id, appointment_seq, code, slot_start, slot_end,
          start_minute, finish_minute, penalty_minutes, credited_minutes, ete, quality, behaviour, notes, date, minutes,
          source, data, recorded_by, recorded_at, idempotency_key, supersedes, reason)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    try statement.execute(
      arguments: [
        e.kind.rawValue, e.subject, e.personId, e.sessionId, e.appointmentSeq, e.code, e.slotStart, e.slotEnd,
        e.startMinute, e.finishMinute, e.penaltyMinutes, e.creditedMinutes, e.ete, e.quality, e.behaviour, e.notes,
        e.date, e.minutes, e.source, e.data, e.recordedBy, e.recordedAt, e.idempotencyKey, e.supersedes, e.reason,
      ])
    return db.lastInsertedRowID
  }
}
