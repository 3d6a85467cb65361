import Foundation
import Testing

@testable import Store

@Suite struct MerkleTreeTests {
  func leaves(_ count: Int) -> [ChainHash] {
    (0..<count).map { index in
      MerkleTree.leafHash(ChainHash(w0: UInt64(index), w1: 7, w2: UInt64(index * 31), w3: 1))
    }
  }

  @Test func inclusionProofsVerify() {
    for size in 1...33 {
      let all = leaves(size)
      let root = MerkleTree.root(all[...])
      for index in 0..<size {
        let proof = MerkleTree.inclusionProof(index: index, all[...])
        #expect(MerkleTree.verifyInclusion(leaf: all[index], index: index, treeSize: size, proof: proof, root: root))
        let other = all[(index + 1) % size]
        if size > 1 {
          #expect(!MerkleTree.verifyInclusion(leaf: other, index: index, treeSize: size, proof: proof, root: root))
        }
      }
    }
  }

  @Test func consistencyProofsVerify() {
    for newSize in 2...33 {
      let all = leaves(newSize)
      let newRoot = MerkleTree.root(all[...])
      for oldSize in 1..<newSize {
        let oldRoot = MerkleTree.root(all.prefix(oldSize))
        let proof = MerkleTree.consistencyProof(oldSize: oldSize, all[...])
        #expect(
          MerkleTree.verifyConsistency(
            oldSize: oldSize, oldRoot: oldRoot, newSize: newSize, newRoot: newRoot, proof: proof),
          "\(oldSize) → \(newSize)")
        var forged = all
        forged[0] = MerkleTree.leafHash(.zero)
        #expect(
          !MerkleTree.verifyConsistency(
            oldSize: oldSize, oldRoot: MerkleTree.root(forged.prefix(oldSize)), newSize: newSize, newRoot: newRoot,
            proof: proof))
      }
    }
  }

  @Test func storeLeavesMatchRecords() throws {
    let dir = TempDir()
    let store = try LogStore.open(directory: dir.store)
    let records = try store.append((1...5).map { pending($0) })
    let leaves = try store.merkleLeaves()
    #expect(leaves == records.map { MerkleTree.leafHash($0.hash) })
    #expect(try store.merkleLeaves(upTo: 3).count == 3)
  }
}
