import Foundation
import GRDB
import PaybackCore

/// A coordinator's working roster for a week, with pins and stood-down sessions, before publishing.
public struct WeekDraft: Sendable {
  public var roster: Roster?
  public var pins: Set<Pin>
  public var stoodDown: Set<String>
  public var updatedBy: String?
  public var updatedAt: Date?
}

extension WebStore {
  /// The draft for the week starting `week` (empty when nothing has been done yet).
  public func draft(week: CalendarDate) async throws -> WeekDraft {
    let key = week.description
    let (text, by, at, pins, down) = try await read { db in
      let row = try Row.fetchOne(
        db, sql: "SELECT roster_json, updated_by, updated_at FROM web_draft WHERE week_start = ?", arguments: [key])
      let pins = try Row.fetchAll(
        db, sql: "SELECT person_id, session_id FROM web_pin WHERE week_start = ?", arguments: [key]
      ).map { Pin(person: $0["person_id"], session: $0["session_id"]) }
      let down = try String.fetchAll(
        db, sql: "SELECT session_id FROM web_stand_down WHERE week_start = ?", arguments: [key])
      return (
        row?["roster_json"] as String?, row?["updated_by"] as String?, row?["updated_at"] as Double?, pins, down
      )
    }
    var roster: Roster?
    if let text {
      roster = try Roster.parse(JSONValue.parse(Data(text.utf8), source: "draft \(key)"), source: "draft \(key)")
    }
    return WeekDraft(
      roster: roster, pins: Set(pins), stoodDown: Set(down), updatedBy: by,
      updatedAt: at.map { Date(timeIntervalSince1970: $0) })
  }

  /// Saves a newly generated roster as the week's draft, and records who did it.
  public func saveDraft(_ roster: Roster, week: CalendarDate, by user: WebUser, detail: String) async throws {
    let text = roster.json.serialized()
    try await write { db in
      try db.execute(
        sql: """
          INSERT INTO web_draft (week_start, roster_json, updated_by, updated_at) VALUES (?, ?, ?, ?)
          ON CONFLICT(week_start) DO UPDATE SET roster_json = excluded.roster_json,
            updated_by = excluded.updated_by, updated_at = excluded.updated_at
          """, arguments: [week.description, text, user.username, self.clock().timeIntervalSince1970])
      try Self.audit(at: self.clock(), db, user: user, action: "roster generated", detail: "week \(week): \(detail)")
    }
  }

  /// Pins or unpins a booking for the next re-plan.
  public func setPin(_ pin: Pin, pinned: Bool, week: CalendarDate, by user: WebUser) async throws {
    try await write { db in
      if pinned {
        try db.execute(
          sql: "INSERT OR IGNORE INTO web_pin (week_start, person_id, session_id) VALUES (?, ?, ?)",
          arguments: [week.description, pin.person, pin.session])
      } else {
        try db.execute(
          sql: "DELETE FROM web_pin WHERE week_start = ? AND person_id = ? AND session_id = ?",
          arguments: [week.description, pin.person, pin.session])
      }
      try Self.audit(
        at: self.clock(), db, user: user, action: pinned ? "booking pinned" : "booking unpinned",
        detail: "week \(week): \(pin.person) on \(pin.session)")
    }
  }

  /// Stands a session down (no one is booked on it at the next re-plan), or restores it.
  public func setStoodDown(session: String, _ down: Bool, week: CalendarDate, by user: WebUser) async throws {
    try await write { db in
      if down {
        try db.execute(
          sql: "INSERT OR IGNORE INTO web_stand_down (week_start, session_id) VALUES (?, ?)",
          arguments: [week.description, session])
        // Pins on a stood-down session could never be honoured.
        try db.execute(
          sql: "DELETE FROM web_pin WHERE week_start = ? AND session_id = ?", arguments: [week.description, session])
      } else {
        try db.execute(
          sql: "DELETE FROM web_stand_down WHERE week_start = ? AND session_id = ?",
          arguments: [week.description, session])
      }
      try Self.audit(
        at: self.clock(), db, user: user, action: down ? "session stood down" : "session restored",
        detail: "week \(week): \(session)")
    }
  }
}

extension WebStore {
  /// Whether a roster for the week has been published through the web app.
  public func isPublished(week: CalendarDate) async throws -> Bool {
    try await read { db in
      try Int.fetchOne(
        db, sql: "SELECT 1 FROM web_audit WHERE action = 'roster published' AND detail LIKE ? LIMIT 1",
        arguments: ["week \(week.description):%"]) != nil
    }
  }
}
