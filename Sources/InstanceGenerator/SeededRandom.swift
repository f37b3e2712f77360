import PaybackCore

/// A small seeded pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// The generator's output must be the same for a seed on every machine and every Swift
/// release, so it draws bounded integers and doubles itself instead of relying on the
/// standard library's `random(in:using:)` (whose algorithm is not promised to stay put),
/// and it uses only exact IEEE arithmetic (no `log`, `exp`) on the values it draws.
struct SeededRandom {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  init(seed: UInt64) {
    // SplitMix64 spreads any seed, even 0, over the four words of state.
    var seeder = SplitMix64(seed: seed)
    s0 = seeder.next()
    s1 = seeder.next()
    s2 = seeder.next()
    s3 = seeder.next()
  }

  /// The next 64 random bits (xoshiro256**).
  mutating func next() -> UInt64 {
    let result = rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotl(s3, 45)
    return result
  }

  private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// A uniform integer in `range` (Lemire's multiply-and-reject, so without bias).
  mutating func int(in range: ClosedRange<Int>) -> Int {
    let span = UInt64(range.upperBound - range.lowerBound) &+ 1
    if span == 0 { return Int(bitPattern: UInt(next())) }  // the whole Int range
    var m = next().multipliedFullWidth(by: span)
    if m.low < span {
      let threshold = (0 &- span) % span
      while m.low < threshold { m = next().multipliedFullWidth(by: span) }
    }
    return range.lowerBound + Int(m.high)
  }

  /// A uniform index into a collection of `count` elements.
  mutating func index(_ count: Int) -> Int { int(in: 0...(count - 1)) }

  /// A uniform double in [0, 1).
  mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// A uniform double in [lower, upper).
  mutating func double(_ lower: Double, _ upper: Double) -> Double { lower + (upper - lower) * unit() }

  /// True with probability `p`.
  mutating func chance(_ p: Double) -> Bool { unit() < p }

  /// One element, uniformly.
  mutating func pick<T>(_ items: [T]) -> T { items[index(items.count)] }

  /// An index drawn with the given non-negative weights.
  mutating func weighted(_ weights: [Double]) -> Int {
    let total = weights.reduce(0, +)
    var x = unit() * total
    for (i, w) in weights.enumerated() {
      if x < w { return i }
      x -= w
    }
    return weights.count - 1
  }

  /// A copy of `items` in random order (Fisher-Yates).
  mutating func shuffled<T>(_ items: [T]) -> [T] {
    var a = items
    if a.count < 2 { return a }
    for i in stride(from: a.count - 1, to: 0, by: -1) {
      a.swapAt(i, int(in: 0...i))
    }
    return a
  }
}
