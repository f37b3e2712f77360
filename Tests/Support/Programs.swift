import Foundation

// Running programs, and the built `payback` binary, as a user would: shared by every test target
// that runs a process.
//
// `swift build --build-tests` builds every product, so `payback` sits beside the test bundle in
// `.build/<triple>/debug`. Set `PAYBACK_BINARY` to test another build.

/// The repository root (this file is `Tests/Support/Programs.swift`).
public let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A path inside the repository, e.g. `repositoryPath("instances/tiny.json")`.
public func repositoryPath(_ relative: String) -> String { repositoryRoot.appendingPathComponent(relative).path }

/// The `payback` executable under test, or nil when none is built.
public let paybackBinary: String? = {
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

/// How a program ended and what it printed.
public struct ProgramRun: Sendable, CustomStringConvertible {
  /// The exit status; -1 when the program could not be started (the reason is in `stderr`).
  public var status: Int32
  public var stdout: String
  public var stderr: String

  /// Both streams, standard output first.
  public var output: String { stdout + stderr }

  public var description: String { "status \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
}

/// Runs the program at `path` with `arguments` and waits for it to finish.
///
/// Output goes through temporary files rather than pipes, so a program that writes a lot to both
/// streams can never deadlock the test. `environment` replaces the whole environment when given;
/// `directory` is the working directory (default: this process's).
public func runProgram(
  _ path: String, _ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil,
  in directory: String? = nil
) -> ProgramRun {
  let fm = FileManager.default
  let scratch = fm.temporaryDirectory.appendingPathComponent("payback-run-\(UUID().uuidString)")
  do {
    try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
  } catch {
    return ProgramRun(status: -1, stdout: "", stderr: "cannot create \(scratch.path): \(error)")
  }
  defer { try? fm.removeItem(at: scratch) }
  let outURL = scratch.appendingPathComponent("stdout")
  let errURL = scratch.appendingPathComponent("stderr")
  let inURL = scratch.appendingPathComponent("stdin")
  _ = fm.createFile(atPath: outURL.path, contents: nil)
  _ = fm.createFile(atPath: errURL.path, contents: nil)
  _ = fm.createFile(atPath: inURL.path, contents: Data((stdin ?? "").utf8))

  let process = Process()
  process.executableURL = URL(fileURLWithPath: path)
  process.arguments = arguments
  if let environment { process.environment = environment }
  if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
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
    return ProgramRun(status: -1, stdout: "", stderr: "cannot run \(path): \(error)")
  }
  let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
  let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
  return ProgramRun(status: process.terminationStatus, stdout: stdout, stderr: stderr)
}

/// Runs the built `payback` with `arguments`.
///
/// `environment` changes this process's environment for the run (a nil value removes the
/// variable). With no binary built the result is status -1, which no test expects: a missing
/// binary fails the tests rather than passing them.
public func runPayback(
  _ arguments: [String], stdin: String? = nil, environment: [String: String?] = [:], in directory: String? = nil
) -> ProgramRun {
  guard let binary = paybackBinary else {
    return ProgramRun(
      status: -1, stdout: "",
      stderr: "no built payback binary found (run `swift build --build-tests`, or set PAYBACK_BINARY)")
  }
  var env = ProcessInfo.processInfo.environment
  for (name, value) in environment { env[name] = value }
  return runProgram(binary, arguments, stdin: stdin, environment: env, in: directory)
}

/// Writes `text` to a new file in a fresh temporary directory and returns its path.
public func temporaryFile(_ text: String, name: String = "input.json") -> String {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("payback-test-\(UUID().uuidString)")
  try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  let url = dir.appendingPathComponent(name)
  try? Data(text.utf8).write(to: url)
  return url.path
}
