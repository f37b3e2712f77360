import Foundation
import PaybackCore

/// What a stream of random numbers is for; each purpose has its own streams so that a change in
/// one (say more intake) never shifts the numbers another (say attendance) sees.
public enum RandomPurpose: UInt64, Sendable {
  case attendance = 1
  case standDown = 2
  case intakeCount = 3
  case newOrder = 4
  case court = 5
}

/// Keyed random streams for common random numbers.
///
/// A stream is named by (seed, replication, purpose, keys...), never by how many numbers were
/// drawn before, so that the same person on the same date sees the same attendance draw in every
/// scenario, the same session on the same date the same stand-down draw, and week w the same new
/// orders. Scenarios then differ only by what they change, not by the luck of the draw, and the
/// comparison between them needs far fewer replications.
public struct RandomStreams: Sendable {
  public var seed: UInt64
  public var replication: Int

  public init(seed: UInt64, replication: Int) {
    self.seed = seed
    self.replication = replication
  }

  /// A fresh generator for `purpose` and the given keys.
  public func stream(_ purpose: RandomPurpose, _ a: UInt64, _ b: UInt64 = 0) -> SplitMix64 {
    var h = SplitMix64.mix(seed ^ 0x5EED_5EED_5EED_5EED)
    h = SplitMix64.mix(h ^ UInt64(truncatingIfNeeded: replication) &* 0x9E37_79B9_7F4A_7C15)
    h = SplitMix64.mix(h ^ purpose.rawValue &* 0xD6E8_FEB8_6659_FD93)
    h = SplitMix64.mix(h ^ a)
    h = SplitMix64.mix(h ^ b &* 0xA076_1D64_78BD_642F)
    return SplitMix64(seed: h)
  }

  /// A stable 64-bit hash of a string (FNV-1a), for keying streams by ids.
  public static func key(_ text: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
      h ^= UInt64(byte)
      h &*= 0x0000_0100_0000_01B3
    }
    return SplitMix64.mix(h)
  }
}

extension SplitMix64 {
  /// A Poisson draw by inversion from one uniform: a larger mean never gives a smaller count for
  /// the same stream, which keeps intake comparable across scenarios with different growth.
  public mutating func poisson(mean: Double) -> Int {
    guard mean > 0 else { return 0 }
    let u = uniform()
    if mean > 500 {
      // Normal approximation; inversion would be slow and lose precision.
      let u2 = uniform()
      let z = (-2 * log(max(u, 1e-300))).squareRoot() * cos(2 * Double.pi * u2)
      return max(0, Int((mean + z * mean.squareRoot()).rounded()))
    }
    var k = 0
    var p = exp(-mean)
    var cumulative = p
    while u > cumulative, k < 100_000 {
      k += 1
      p *= mean / Double(k)
      cumulative += p
    }
    return k
  }
}
