import AccountingKit

/// SplitMix64 (Steele, Lea, Flood 2014): a small, fast generator whose output depends only on the
/// seed, on every platform and Swift version. The simulation draws every choice from it, through
/// its own methods (never the standard library's `random(in:)` or `shuffled()`, whose algorithms
/// may change), so a seed always gives the same operations.
public struct SplitMix64: Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// An integer in `0..<n` (n > 0), by multiply-shift (a bias of at most n / 2^64).
  public mutating func below(_ n: Int) -> Int {
    precondition(n > 0)
    return Int(UInt64(n).multipliedFullWidth(by: next()).high)
  }

  /// An integer in `range` (closed).
  public mutating func int(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + below(range.upperBound - range.lowerBound + 1)
  }

  /// True with probability `percent` / 100.
  public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

  /// One element of a non-empty array.
  public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

  /// An index drawn with the given integer weights (at least one positive).
  public mutating func weighted(_ weights: [Int]) -> Int {
    let total = weights.reduce(0, +)
    var r = below(total)
    for (i, w) in weights.enumerated() {
      if r < w { return i }
      r -= w
    }
    return weights.count - 1
  }

  /// Fisher-Yates, in place.
  public mutating func shuffle<T>(_ items: inout [T]) {
    guard items.count > 1 else { return }
    for i in stride(from: items.count - 1, to: 0, by: -1) {
      items.swapAt(i, below(i + 1))
    }
  }
}

/// A set of ids with O(1) insert, remove and uniform random pick, whose order (hence every pick)
/// depends only on the sequence of operations: dictionaries are never iterated (Swift seeds its
/// hashing per process).
struct IDPool {
  private(set) var ids: [Int] = []
  private var position: [Int: Int] = [:]

  var count: Int { ids.count }
  var isEmpty: Bool { ids.isEmpty }

  func contains(_ id: Int) -> Bool { position[id] != nil }

  mutating func insert(_ id: Int) {
    guard position[id] == nil else { return }
    position[id] = ids.count
    ids.append(id)
  }

  mutating func remove(_ id: Int) {
    guard let i = position.removeValue(forKey: id) else { return }
    let last = ids.removeLast()
    if i < ids.count {
      ids[i] = last
      position[last] = i
    }
  }

  func random(_ rng: inout SplitMix64) -> Int? {
    ids.isEmpty ? nil : ids[rng.below(ids.count)]
  }
}

extension Dictionary where Value == IDPool {
  /// Moves `id` from the pool under `from` to the pool under `to` (created when missing): removed,
  /// then inserted, so a move within one pool puts it last.
  mutating func move(_ id: Int, from: Key, to: Key) {
    self[from]?.remove(id)
    self[to, default: IDPool()].insert(id)
  }
}
