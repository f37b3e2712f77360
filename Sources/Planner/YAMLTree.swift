import Foundation
import PaybackCore
import Yams

/// YAML read into the same ``JSONValue`` tree the JSON files use, so that one reader (with its
/// path-named errors) serves both.
enum YAMLTree {
  static func parse(_ text: String, source: String) throws -> JSONValue {
    let node: Node?
    do {
      node = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw InputError(source: source, path: "", message: "not valid YAML: \(describe(error))")
    } catch {
      throw InputError(source: source, path: "", message: "not valid YAML: \(error)")
    }
    guard let node else { return .object([]) }
    var problems: [InputError.Problem] = []
    let tree = convert(node, path: "", problems: &problems)
    guard problems.isEmpty else { throw InputError(source: source, problems: problems) }
    return tree
  }

  private static func describe(_ error: YamlError) -> String {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return "line \(mark.line), column \(mark.column): \(problem)"
    default:
      return "\(error)"
    }
  }

  private static func convert(_ node: Node, path: String, problems: inout [InputError.Problem]) -> JSONValue {
    switch node {
    case .scalar(let scalar):
      // A quoted scalar is always text, whatever it looks like.
      if scalar.style != .plain { return .string(scalar.string) }
      switch Tag.Name(rawValue: node.tag.description) {
      case .null: return .null
      case .bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
      case .int: return node.int.map { .number(Double($0)) } ?? .string(scalar.string)
      case .float: return node.float.map(JSONValue.number) ?? .string(scalar.string)
      default: return .string(scalar.string)
      }
    case .sequence(let sequence):
      return .array(sequence.enumerated().map { convert($1, path: "\(path)[\($0)]", problems: &problems) })
    case .mapping(let mapping):
      var members: [(String, JSONValue)] = []
      for (key, value) in mapping {
        guard case .scalar(let k) = key else {
          problems.append(.init(path: path, message: "a key must be plain text"))
          continue
        }
        members.append((k.string, convert(value, path: FieldReader.join(path, k.string), problems: &problems)))
      }
      return .object(members)
    case .alias:
      problems.append(.init(path: path, message: "YAML aliases are not supported here; write the value out"))
      return .null
    }
  }
}
