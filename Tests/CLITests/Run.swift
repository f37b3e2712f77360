import Foundation

// Helpers for running the built `payback` binary as a user would.
//
// `swift build --build-tests` builds every product, so `payback` sits beside the test bundle
// in `.build/<triple>/debug`. Set `PAYBACK_BINARY` to test another build.

/// The repository root (this file is `Tests/CLITests/Run.swift`).
let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A path inside the repository, e.g. `repositoryPath("instances/tiny.json")`.
func repositoryPath(_ relative: String) -> String { repositoryRoot.appendingPathComponent(relative).path }

/// The `payback` executable under test, or nil when none is built.
let paybackBinary: String? = {
  let fm = FileManager.default
  if let path = ProcessInfo.processInfo.environment["PAYBACK_BINARY"], fm.isExecutableFile(atPath: path) { return path }
  var directories: [URL] = []
  if let first = CommandLine.arguments.first {
    directories.append(URL(fileURLWithPath: first).deletingLastPathComponent())
  }
  // macOS: the tests run inside .build/debug/X.xctest, loaded by a runner elsewhere.
  directories.append(Bundle.main.bundleURL.deletingLastPathComponent())
  for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
    directories.append(bundle.bundleURL.deletingLastPathComponent())
  }
  directories.append(repositoryRoot.appendingPathComponent(".build/debug"))
  for dir in directories {
    var d = dir
    // Walk up a few levels: the runner may sit inside X.xctest/Contents/MacOS.
    for _ in 0..<4 {
      let candidate = d.appendingPathComponent("payback").path
      if fm.isExecutableFile(atPath: candidate) { return candidate }
      d = d.deletingLastPathComponent()
    }
  }
  return nil
}()

/// Runs `payback` with `args` and waits for it to finish.
///
/// Output goes through temporary files rather than pipes, so a command that writes a lot to
/// both streams can never deadlock the test. A launch failure comes back as status -1 with
/// the reason in `stderr`.
func runPayback(
  _ args: [String], stdin: String? = nil, environment: [String: String] = [:]
) -> (status: Int32, stdout: String, stderr: String) {
  guard let binary = paybackBinary else {
    return (-1, "", "no built payback binary found (run `swift build --build-tests`, or set PAYBACK_BINARY)")
  }
  let fm = FileManager.default
  let scratch = fm.temporaryDirectory.appendingPathComponent("payback-run-\(UUID().uuidString)")
  do {
    try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
  } catch {
    return (-1, "", "cannot create \(scratch.path): \(error)")
  }
  defer { try? fm.removeItem(at: scratch) }
  let outURL = scratch.appendingPathComponent("stdout")
  let errURL = scratch.appendingPathComponent("stderr")
  let inURL = scratch.appendingPathComponent("stdin")
  fm.createFile(atPath: outURL.path, contents: nil)
  fm.createFile(atPath: errURL.path, contents: nil)
  fm.createFile(atPath: inURL.path, contents: Data((stdin ?? "").utf8))

  let process = Process()
  process.executableURL = URL(fileURLWithPath: binary)
  process.arguments = args
  process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  do {
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    let input = try FileHandle(forReadingFrom: inURL)
    defer {
      try? out.close()
      try? err.close()
      try? input.close()
    }
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    process.waitUntilExit()
  } catch {
    return (-1, "", "cannot run \(binary): \(error)")
  }
  let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
  let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
  return (process.terminationStatus, stdout, stderr)
}

/// Writes `text` to a new file in a fresh temporary directory and returns its path.
func temporaryFile(_ text: String, name: String = "input.json") -> String {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("payback-test-\(UUID().uuidString)")
  try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  let url = dir.appendingPathComponent(name)
  try? Data(text.utf8).write(to: url)
  return url.path
}
