import Foundation

/// Reads typed fields out of a ``JSONValue`` and collects every problem with its path.
///
/// Readers never throw on a bad field: they record the problem and return nil, so one
/// pass over a file reports all its mistakes at once.
public final class FieldReader {
  public private(set) var problems: [InputError.Problem] = []

  public init() {}

  public func fail(_ path: String, _ message: String) {
    problems.append(.init(path: path, message: message))
  }

  public static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  /// The object at `path`, or nil after recording a problem.
  public func object(_ value: JSONValue, _ path: String) -> JSONValue? {
    if case .object = value { return value }
    fail(path, "expected an object, found \(value.typeName)")
    return nil
  }

  public func list(_ value: JSONValue?, _ path: String, required: Bool = true) -> [JSONValue]? {
    guard let value, value != .null else {
      if required { fail(path, "is missing (expected a list)") }
      return nil
    }
    guard case .array(let items) = value else {
      fail(path, "expected a list, found \(value.typeName)")
      return nil
    }
    return items
  }

  public func string(_ value: JSONValue?, _ path: String, required: Bool = true) -> String? {
    guard let value, value != .null else {
      if required { fail(path, "is missing (expected a string)") }
      return nil
    }
    guard case .string(let s) = value else {
      fail(path, "expected a string, found \(value.typeName)")
      return nil
    }
    return s
  }

  /// A non-empty string without surrounding spaces: ids must match exactly when referenced.
  public func identifier(_ value: JSONValue?, _ path: String) -> String? {
    guard let s = string(value, path) else { return nil }
    if s.isEmpty {
      fail(path, "an id must not be empty")
      return nil
    }
    if s.trimmingCharacters(in: .whitespacesAndNewlines) != s {
      fail(path, "the id \"\(s)\" has leading or trailing spaces")
      return nil
    }
    return s
  }

  public func strings(_ value: JSONValue?, _ path: String, required: Bool = false) -> [String]? {
    guard let items = list(value, path, required: required) else { return required ? nil : [] }
    var out: [String] = []
    for (i, item) in items.enumerated() {
      if let s = string(item, "\(path)[\(i)]") { out.append(s) }
    }
    return out
  }

  public func bool(_ value: JSONValue?, _ path: String) -> Bool? {
    guard let value, value != .null else { return nil }
    guard case .bool(let b) = value else {
      fail(path, "expected true or false, found \(value.typeName)")
      return nil
    }
    return b
  }

  /// A number with optional lower bound; `positive` demands > 0.
  public func number(
    _ value: JSONValue?, _ path: String, required: Bool = true, min: Double? = nil, positive: Bool = false
  ) -> Double? {
    guard let value, value != .null else {
      if required { fail(path, "is missing (expected a number)") }
      return nil
    }
    guard case .number(let v) = value else {
      fail(path, "expected a number, found \(value.typeName)")
      return nil
    }
    if positive, !(v > 0) {
      fail(path, "must be greater than 0, found \(JSONValue.format(v))")
      return nil
    }
    if let min, v < min {
      fail(path, "must be at least \(JSONValue.format(min)), found \(JSONValue.format(v))")
      return nil
    }
    return v
  }

  public func integer(_ value: JSONValue?, _ path: String, required: Bool = true, min: Int? = nil) -> Int? {
    guard let v = number(value, path, required: required) else { return nil }
    guard v == v.rounded(), abs(v) < 1e9 else {
      fail(path, "expected a whole number, found \(JSONValue.format(v))")
      return nil
    }
    if let min, Int(v) < min {
      fail(path, "must be at least \(min), found \(Int(v))")
      return nil
    }
    return Int(v)
  }

  public func date(_ value: JSONValue?, _ path: String, required: Bool = true) -> CalendarDate? {
    guard let s = string(value, path, required: required) else { return nil }
    switch CalendarDate.parse(s) {
    case .success(let d): return d
    case .failure(let p):
      fail(path, p.description)
      return nil
    }
  }

  public func dates(_ value: JSONValue?, _ path: String) -> Set<CalendarDate> {
    guard let items = list(value, path, required: false) else { return [] }
    var out = Set<CalendarDate>()
    for (i, item) in items.enumerated() {
      if let d = date(item, "\(path)[\(i)]") { out.insert(d) }
    }
    return out
  }

  public func time(_ value: JSONValue?, _ path: String) -> ClockTime? {
    guard let s = string(value, path, required: false) else { return nil }
    guard let t = ClockTime(s) else {
      fail(path, "\"\(s)\" is not a time of day (HH:MM, 00:00 to 23:59)")
      return nil
    }
    return t
  }

  public func weekdays(_ value: JSONValue?, _ path: String) -> Set<Weekday>? {
    guard let items = list(value, path) else { return nil }
    var out = Set<Weekday>()
    for (i, item) in items.enumerated() {
      guard let s = string(item, "\(path)[\(i)]") else { continue }
      guard let d = Weekday(rawValue: s) else {
        fail("\(path)[\(i)]", "\"\(s)\" is not a weekday (mon..sun)")
        continue
      }
      out.insert(d)
    }
    return out
  }

  public func choice<T: RawRepresentable & CaseIterable>(
    _ value: JSONValue?, _ path: String, _ type: T.Type, required: Bool = true
  ) -> T? where T.RawValue == String {
    guard let s = string(value, path, required: required) else { return nil }
    guard let v = T(rawValue: s) else {
      let options = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
      fail(path, "\"\(s)\" is not one of \(options)")
      return nil
    }
    return v
  }
}
