import Crypto

/// An RFC 6962 (RFC 9162 §2.1) Merkle tree over the records' chain hashes, for short proofs: a record is
/// in the log (inclusion, O(log n) hashes) and a later log extends an earlier one (consistency), without
/// handing over the whole log. Leaf i is record seq i+1; leaf hash = SHA-256(0x00 ‖ record hash), node hash
/// = SHA-256(0x01 ‖ left ‖ right).
public enum MerkleTree {
  public static func leafHash(_ recordHash: ChainHash) -> ChainHash {
    hash(prefix: 0, recordHash, nil)
  }

  static func nodeHash(_ left: ChainHash, _ right: ChainHash) -> ChainHash {
    hash(prefix: 1, left, right)
  }

  private static func hash(prefix: UInt8, _ first: ChainHash, _ second: ChainHash?) -> ChainHash {
    var hasher = SHA256()
    var bytes = [prefix] + first.bytes
    if let second { bytes += second.bytes }
    hasher.update(data: bytes)
    return hasher.finalize().withUnsafeBytes { ChainHash(pointer: $0.baseAddress!) }
  }

  /// The largest power of two smaller than `n` (n ≥ 2).
  private static func split(_ n: Int) -> Int {
    var k = 1
    while k << 1 < n { k <<= 1 }
    return k
  }

  /// Merkle tree hash of leaf hashes (`.zero`-free: the empty tree is SHA-256 of nothing).
  public static func root(_ leaves: ArraySlice<ChainHash>) -> ChainHash {
    if leaves.isEmpty { return SHA256.hash(data: [UInt8]()).withUnsafeBytes { ChainHash(pointer: $0.baseAddress!) } }
    if leaves.count == 1 { return leaves[leaves.startIndex] }
    let k = split(leaves.count)
    return nodeHash(root(leaves.prefix(k)), root(leaves.dropFirst(k)))
  }

  /// Audit path for leaf `index` in the tree of `leaves` (RFC 6962 §2.1.1).
  public static func inclusionProof(index: Int, _ leaves: ArraySlice<ChainHash>) -> [ChainHash] {
    guard leaves.count > 1 else { return [] }
    let k = split(leaves.count)
    if index < k {
      return inclusionProof(index: index, leaves.prefix(k)) + [root(leaves.dropFirst(k))]
    }
    return inclusionProof(index: index - k, leaves.dropFirst(k)) + [root(leaves.prefix(k))]
  }

  /// Checks an audit path (RFC 9162 §2.1.3.2).
  public static func verifyInclusion(
    leaf: ChainHash, index: Int, treeSize: Int, proof: [ChainHash], root expected: ChainHash
  ) -> Bool {
    guard index < treeSize else { return false }
    var fn = index
    var sn = treeSize - 1
    var r = leaf
    for p in proof {
      if sn == 0 { return false }
      if fn & 1 == 1 || fn == sn {
        r = nodeHash(p, r)
        if fn & 1 == 0 {
          while fn & 1 == 0 && fn != 0 {
            fn >>= 1
            sn >>= 1
          }
        }
      } else {
        r = nodeHash(r, p)
      }
      fn >>= 1
      sn >>= 1
    }
    return sn == 0 && r == expected
  }

  /// Consistency proof between the first `oldSize` leaves and all `leaves` (RFC 6962 §2.1.2).
  public static func consistencyProof(oldSize: Int, _ leaves: ArraySlice<ChainHash>) -> [ChainHash] {
    guard oldSize > 0, oldSize < leaves.count else { return [] }
    return subproof(oldSize, leaves, complete: true)
  }

  private static func subproof(_ m: Int, _ leaves: ArraySlice<ChainHash>, complete: Bool) -> [ChainHash] {
    let n = leaves.count
    if m == n { return complete ? [] : [root(leaves)] }
    let k = split(n)
    if m <= k {
      return subproof(m, leaves.prefix(k), complete: complete) + [root(leaves.dropFirst(k))]
    }
    return subproof(m - k, leaves.dropFirst(k), complete: false) + [root(leaves.prefix(k))]
  }

  /// Checks a consistency proof (RFC 9162 §2.1.4.2).
  public static func verifyConsistency(
    oldSize: Int, oldRoot: ChainHash, newSize: Int, newRoot: ChainHash, proof: [ChainHash]
  ) -> Bool {
    if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
    guard oldSize > 0, oldSize < newSize, !proof.isEmpty else { return false }
    var path = proof
    if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
    var fn = oldSize - 1
    var sn = newSize - 1
    while fn & 1 == 1 {
      fn >>= 1
      sn >>= 1
    }
    var fr = path[0]
    var sr = path[0]
    for c in path.dropFirst() {
      if sn == 0 { return false }
      if fn & 1 == 1 || fn == sn {
        fr = nodeHash(c, fr)
        sr = nodeHash(c, sr)
        if fn & 1 == 0 {
          while fn & 1 == 0 && fn != 0 {
            fn >>= 1
            sn >>= 1
          }
        }
      } else {
        sr = nodeHash(sr, c)
      }
      fn >>= 1
      sn >>= 1
    }
    return fr == oldRoot && sr == newRoot && sn == 0
  }
}

extension LogStore {
  /// The Merkle tree root over records 1...`seq` (the head when nil), with the leaf hashes, verified.
  public func merkleLeaves(upTo seq: UInt64? = nil) throws -> [ChainHash] {
    var leaves: [ChainHash] = []
    let limit = seq ?? UInt64.max
    try read(from: 1) { record in
      if record.seq <= limit { leaves.append(MerkleTree.leafHash(record.hash)) }
    }
    return leaves
  }
}
