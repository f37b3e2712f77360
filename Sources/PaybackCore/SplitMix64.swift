/// SplitMix64: a small, fast, well-mixed generator whose whole state is one 64-bit word.
///
/// Deterministic on every platform and Swift release (unlike `SystemRandomNumberGenerator` or
/// `Hasher`), so a seed reproduces a plan, a generated week or a property test exactly. The
/// project's one copy: the planner's streams, the generator's seeding and the tests' random
/// weeks all draw from it.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  /// The whole state; the next output is `mix(state + golden gamma)`.
  public var state: UInt64

  public init(seed: UInt64) { state = seed }

  @inlinable public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return SplitMix64.mix(state)
  }

  /// The SplitMix64 output function: a bijective avalanche of one word.
  @inlinable public static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform number in [0, 1) with 53 random bits.
  @inlinable public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// A uniform integer in `range` (the tiny modulo bias is irrelevant here and keeps draws cheap).
  @inlinable public mutating func int(in range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(next() % UInt64(range.count))
  }
}
