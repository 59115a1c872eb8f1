"""RFC 6962 Merkle trees: known answers and negative vectors of transparency-dev/merkle.

The hex vectors below are data from github.com/transparency-dev/merkle
(``testonly/constants.go``, ``proof/verify_test.go``, ``rfc6962/rfc6962_test.go``, Apache-2.0),
used to check this independent implementation.
"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.audit.merkle import (
    EMPTY_ROOT,
    MerkleTree,
    ProofError,
    RootBuilder,
    leaf_hash,
    node_hash,
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)

h = bytes.fromhex
LEAVES = [h(x) for x in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                          "606162636465666768696a6b6c6d6e6f")]  # fmt: skip
ROOTS = [
    EMPTY_ROOT,
    h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
    h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
    h("aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"),
    h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
    h("4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"),
    h("76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef"),
    h("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"),
    h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"),
]
LEVEL0 = [h(x) for x in (
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1")]  # fmt: skip
LEVEL1 = [h(x) for x in (
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0")]  # fmt: skip
LEVEL2 = [h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
          h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]  # fmt: skip
SOME_HASH = h("abacaba000000000000000000000000000000000000000000060061e00123456")

# (leaf number starting at 1, tree size, proof)
INCLUSION = [
    (1, 1, []),
    (1, 8, [LEVEL0[1], LEVEL1[1], LEVEL2[1]]),
    (6, 8, [LEVEL0[4], LEVEL1[3], LEVEL2[0]]),
    (3, 3, [LEVEL1[0]]),
    (2, 5, [LEVEL0[0], LEVEL1[1], LEVEL0[4]]),
]
CONSISTENCY = [
    (1, 1, []),
    (1, 8, [LEVEL0[1], LEVEL1[1], LEVEL2[1]]),
    (6, 8, [LEVEL1[2], LEVEL1[3], LEVEL2[0]]),
    (2, 5, [LEVEL1[1], LEVEL0[4]]),
    (6, 7, [LEVEL1[2], LEVEL0[6], LEVEL2[0]]),
]


def test_hasher_known_answers() -> None:
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert (
        leaf_hash(b"").hex() == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    )
    assert (
        leaf_hash(b"L123456").hex()
        == "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"
    )
    assert (
        node_hash(b"N123", b"N456").hex()
        == "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"
    )
    # domain separation: a node is not the leaf of its children's concatenation
    a, b = leaf_hash(b"Hello"), leaf_hash(b"World")
    assert node_hash(a, b) != leaf_hash(a + b)
    assert node_hash(a, b) != node_hash(b, a)


def test_roots_and_levels() -> None:
    assert [leaf_hash(x) for x in LEAVES] == LEVEL0
    tree = MerkleTree.from_leaves(LEAVES)
    assert tree.levels[1] == LEVEL1 and tree.levels[2] == LEVEL2
    for size, root in enumerate(ROOTS):
        assert tree.root(size) == root
        assert MerkleTree.from_leaves(LEAVES[:size]).root() == root
        builder = RootBuilder()
        for leaf in LEAVES[:size]:
            builder.push(leaf_hash(leaf))
        assert builder.root() == root


@pytest.mark.parametrize(("leaf", "size", "proof"), INCLUSION)
def test_inclusion_known_answers(leaf: int, size: int, proof: list[bytes]) -> None:
    tree = MerkleTree.from_leaves(LEAVES)
    assert tree.inclusion_proof(leaf - 1, size) == proof
    lh = leaf_hash(LEAVES[leaf - 1])
    assert root_from_inclusion_proof(leaf - 1, size, lh, proof) == ROOTS[size]
    verify_inclusion(leaf - 1, size, lh, proof, ROOTS[size])
    for desc, probe in _corrupt_inclusion(leaf - 1, size, proof, ROOTS[size], lh):
        with pytest.raises(ProofError):
            verify_inclusion(*probe)
        assert desc  # every probe is named, for the failure message


def _corrupt_inclusion(
    index: int, size: int, proof: list[bytes], root: bytes, leaf: bytes
) -> list[tuple[str, tuple[int, int, bytes, list[bytes], bytes]]]:
    probes = [
        ("index - 1", (index - 1, size, leaf, proof, root)),
        ("index + 1", (index + 1, size, leaf, proof, root)),
        ("index ^ 2", (index ^ 2, size, leaf, proof, root)),
        ("size * 2", (index, size * 2, leaf, proof, root)),
        ("size // 2", (index, size // 2, leaf, proof, root)),
        ("wrong leaf", (index, size, b"WrongLeaf", proof, root)),
        ("empty root", (index, size, leaf, proof, EMPTY_ROOT)),
        ("random root", (index, size, leaf, proof, SOME_HASH)),
        ("trailing garbage", (index, size, leaf, [*proof, b""], root)),
        ("trailing root", (index, size, leaf, [*proof, root], root)),
        ("preceding garbage", (index, size, leaf, [b"", *proof], root)),
        ("preceding root", (index, size, leaf, [root, *proof], root)),
    ]
    for i in range(len(proof)):
        bad = list(proof)
        bad[i] = bytes([bad[i][0] ^ 8]) + bad[i][1:]
        probes.append((f"modified proof[{i}] bit 3", (index, size, leaf, bad, root)))
    if proof:
        probes.append(("removed component", (index, size, leaf, proof[:-1], root)))
    if len(proof) > 1:
        probes.append(
            ("inserted component", (index, size, leaf, [SOME_HASH, proof[0], *proof[1:]], root))
        )
    # the single-leaf tree: index ^ 2 etc. may coincide with a valid probe only if equal
    return [(d, p) for d, p in probes if p != (index, size, leaf, proof, root)]


def test_inclusion_bad_arguments() -> None:
    for index, size in ((0, 0), (0, 1), (1, 0), (2, 1)):
        with pytest.raises(ProofError):
            verify_inclusion(index, size, SOME_HASH, [], b"")
        with pytest.raises(ProofError):
            verify_inclusion(index, size, b"", [], EMPTY_ROOT)
        with pytest.raises(ProofError):
            verify_inclusion(index, size, SOME_HASH, [], EMPTY_ROOT)
    single = leaf_hash(b"data")
    verify_inclusion(0, 1, single, [], single)
    for leaf, root in ((single, b""), (b"", single), (b"", b"")):
        with pytest.raises(ProofError):
            verify_inclusion(0, 1, leaf, [], root)
    tree = MerkleTree.from_leaves(LEAVES)
    for index, size in ((8, 8), (-1, 8), (0, 0), (0, 9)):
        with pytest.raises(ProofError):
            tree.inclusion_proof(index, size)


@pytest.mark.parametrize(("size1", "size2", "proof"), CONSISTENCY)
def test_consistency_known_answers(size1: int, size2: int, proof: list[bytes]) -> None:
    tree = MerkleTree.from_leaves(LEAVES)
    assert tree.consistency_proof(size1, size2) == proof
    r1, r2 = ROOTS[size1], ROOTS[size2]
    verify_consistency(size1, size2, proof, r1, r2)
    if not proof:
        return
    probes = [
        (size1 - 1, size2, r1, r2, proof),
        (size1 + 1, size2, r1, r2, proof),
        (size1 ^ 2, size2, r1, r2, proof),
        (size1, size2 * 2, r1, r2, proof),
        (size1, size2 // 2, r1, r2, proof),
        (size1, size2, b"WrongRoot", r2, proof),
        (size1, size2, r1, b"WrongRoot", proof),
        (size1, size2, r2, r1, proof),
        (size1, size2, r1, r2, []),
        (size1, size2, r1, r2, [*proof, b""]),
        (size1, size2, r1, r2, [*proof, r1]),
        (size1, size2, r1, r2, [*proof, r2]),
        (size1, size2, r1, r2, [b"", *proof]),
        (size1, size2, r1, r2, [r1, *proof]),
        (size1, size2, r1, r2, [r2, *proof]),
        (size1, size2, r1, r2, [proof[0], *proof]),
        (size1, size2, r1, r2, proof[:-1]),
    ]
    for i in range(len(proof)):
        bad = list(proof)
        bad[i] = bytes([bad[i][0] ^ 16]) + bad[i][1:]
        probes.append((size1, size2, r1, r2, bad))
    for s1, s2, a, b, p in probes:
        with pytest.raises(ProofError):
            verify_consistency(s1, s2, p, a, b)


def test_consistency_edge_cases() -> None:
    r1, r2 = hashlib.sha256(b"1").digest(), hashlib.sha256(b"2").digest()
    ok = [(0, 0, r1, r1, []), (0, 1, r1, r2, []), (1, 1, r2, r2, [])]
    bad = [
        (0, 0, r1, r2, []),
        (1, 1, r1, r2, []),
        (1, 0, r1, r2, []),
        (2, 1, r1, r2, []),
        (1, 2, r1, r2, []),
        (0, 0, EMPTY_ROOT, r2, []),
        (0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT]),
        (0, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT]),
        (1, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT]),
    ]
    for s1, s2, a, b, p in ok:
        verify_consistency(s1, s2, p, a, b)
    for s1, s2, a, b, p in bad:
        with pytest.raises(ProofError):
            verify_consistency(s1, s2, p, a, b)


def _reference_root(hashes: list[bytes]) -> bytes:
    """RFC 6962 MTH straight from its recursive definition."""
    if not hashes:
        return EMPTY_ROOT
    if len(hashes) == 1:
        return hashes[0]
    k = 1 << ((len(hashes) - 1).bit_length() - 1)
    return node_hash(_reference_root(hashes[:k]), _reference_root(hashes[k:]))


@given(st.integers(min_value=1, max_value=70), st.data())
def test_every_proof_verifies_and_tampering_fails(n: int, data: st.DataObject) -> None:
    leaves = [i.to_bytes(4, "big") for i in range(n)]
    hashes = [leaf_hash(x) for x in leaves]
    tree = MerkleTree(hashes)
    size = data.draw(st.integers(min_value=1, max_value=n))
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    root = _reference_root(hashes[:size])
    assert tree.root(size) == root == root_of_prefix(hashes, size)
    proof = tree.inclusion_proof(index, size)
    assert len(proof) <= (size - 1).bit_length()
    verify_inclusion(index, size, hashes[index], proof, root)
    with pytest.raises(ProofError):
        verify_inclusion(index, size, leaf_hash(b"forged"), proof, root)
    if size > 1:
        with pytest.raises(ProofError):
            verify_inclusion((index + 1) % size, size, hashes[index], proof, root)
    size1 = data.draw(st.integers(min_value=0, max_value=size))
    cproof = tree.consistency_proof(size1, size)
    root1 = _reference_root(hashes[:size1])
    verify_consistency(size1, size, cproof, root1, root)
    if 0 < size1 < size:
        forged = _reference_root([*hashes[: size1 - 1], leaf_hash(b"forged")])
        with pytest.raises(ProofError):
            verify_consistency(size1, size, cproof, forged, root)


def root_of_prefix(hashes: list[bytes], size: int) -> bytes:
    builder = RootBuilder()
    for x in hashes[:size]:
        builder.push(x)
    return builder.root()
