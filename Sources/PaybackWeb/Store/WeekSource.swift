import Foundation
import PaybackCore

/// The planning weeks a coordinator can choose from: `payback-instance/1` files in a folder.
///
/// Files are read when asked for, so a week dropped into the folder appears without a restart.
/// A file that does not parse is listed with its problem rather than hidden.
public struct WeekSource: Sendable {
  public var directory: String?

  public struct Entry: Sendable {
    public var file: String
    public var instance: Instance?
    public var problem: String?
  }

  public init(directory: String?) { self.directory = directory }

  public func entries() -> [Entry] {
    guard let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
    return names.filter { $0.hasSuffix(".json") }.sorted().map { name in
      let path = (directory as NSString).appendingPathComponent(name)
      do {
        return Entry(file: name, instance: try Instance.load(from: path), problem: nil)
      } catch {
        return Entry(file: name, instance: nil, problem: "\(error)")
      }
    }
  }

  /// The instance for the week starting `week` (the first file, by name, for that week).
  public func instance(week: CalendarDate) -> Instance? {
    entries().lazy.compactMap(\.instance).first { $0.weekStart == week }
  }
}
