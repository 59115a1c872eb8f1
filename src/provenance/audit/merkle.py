"""RFC 6962 / RFC 9162 Merkle trees over the audit log.

Leaf ``i`` of the tree is the exact RFC 8785 body of audit event ``seq = i + 1``. Hashes are
SHA-256 with the RFC 6962 domain separation: ``leaf = H(0x00 || data)``, ``node = H(0x01 ||
left || right)``; the empty tree's root is ``H("")`` (``e3b0c442…b855``).

:class:`MerkleTree` keeps every level of a tree in memory (about 64 bytes per leaf per
level, ~130 MB for a million events) and builds inclusion and consistency proofs for any
size up to its own. :class:`RootBuilder` computes roots while streaming, in O(log n) memory.
The verifiers follow RFC 9162 sections 2.1.3.2 and 2.1.4.2 step by step: they recompute every
hash, check every bound and reject proofs with missing, extra or wrongly sized elements.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from provenance.errors import ProvenanceError

HASH_SIZE = 32
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()


class ProofError(ProvenanceError):
    """A Merkle proof does not verify, or was asked for out of bounds."""


def leaf_hash(data: bytes) -> bytes:
    """``SHA-256(0x00 || data)``."""
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """``SHA-256(0x01 || left || right)``."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (``n >= 2``)."""
    return 1 << ((n - 1).bit_length() - 1)


class RootBuilder:
    """Streaming root computation: push leaf hashes, read :meth:`root` at any size."""

    def __init__(self) -> None:
        self._stack: list[tuple[int, bytes]] = []  # (subtree size, hash), sizes decreasing
        self.size = 0

    def push(self, leaf: bytes) -> None:
        """Append one leaf hash."""
        size, h = 1, leaf
        stack = self._stack
        while stack and stack[-1][0] == size:
            left = stack.pop()[1]
            h = node_hash(left, h)
            size *= 2
        stack.append((size, h))
        self.size += 1

    def root(self) -> bytes:
        """The root of the leaves pushed so far."""
        if not self._stack:
            return EMPTY_ROOT
        h = self._stack[-1][1]
        for _, left in reversed(self._stack[:-1]):
            h = node_hash(left, h)
        return h


class MerkleTree:
    """A whole tree in memory: every complete subtree hash, level by level."""

    def __init__(self, leaf_hashes: Sequence[bytes]) -> None:
        self.levels: list[list[bytes]] = [list(leaf_hashes)]
        level = self.levels[0]
        while len(level) > 1:
            nxt = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
            self.levels.append(nxt)
            level = nxt

    @classmethod
    def from_leaves(cls, leaves: Iterable[bytes]) -> MerkleTree:
        """Build from raw leaf data (hashed with the leaf prefix)."""
        return cls([leaf_hash(d) for d in leaves])

    @property
    def size(self) -> int:
        return len(self.levels[0])

    def _subtree(self, lo: int, hi: int) -> bytes:
        """The hash of leaves ``[lo, hi)`` (``hi <= size``, ``lo < hi``)."""
        n = hi - lo
        if n & (n - 1) == 0 and lo % n == 0:
            return self.levels[n.bit_length() - 1][lo // n]
        k = _split(n)
        return node_hash(self._subtree(lo, lo + k), self._subtree(lo + k, hi))

    def root(self, size: int | None = None) -> bytes:
        """The root of the first ``size`` leaves (default: all)."""
        size = self.size if size is None else size
        self._check_size(size)
        return EMPTY_ROOT if size == 0 else self._subtree(0, size)

    def _check_size(self, size: int) -> None:
        if not 0 <= size <= self.size:
            raise ProofError(
                f"tree size {size} is outside 0..{self.size}", "ask for a size the log has"
            )

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """RFC 6962 ``PATH(index, D[size])``: the audit path of leaf ``index``."""
        size = self.size if size is None else size
        self._check_size(size)
        if not 0 <= index < size:
            raise ProofError(
                f"leaf index {index} is outside 0..{size - 1}", "ask for an event in the tree"
            )
        proof: list[bytes] = []
        lo, hi = 0, size
        while hi - lo > 1:
            k = _split(hi - lo)
            if index < lo + k:
                proof.append(self._subtree(lo + k, hi))
                hi = lo + k
            else:
                proof.append(self._subtree(lo, lo + k))
                lo += k
        proof.reverse()
        return proof

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        """RFC 6962 ``PROOF(size1, D[size2])``; empty when ``size1`` is 0 or equals ``size2``."""
        size2 = self.size if size2 is None else size2
        self._check_size(size2)
        if not 0 <= size1 <= size2:
            raise ProofError(
                f"cannot prove size {size1} consistent with the smaller size {size2}",
                "give the older size first",
            )
        if size1 == 0 or size1 == size2:
            return []
        proof: list[bytes] = []
        lo, hi, complete = 0, size2, True
        m = size1
        while True:
            n = hi - lo
            if m == n:
                if not complete:
                    proof.append(self._subtree(lo, hi))
                break
            k = _split(n)
            if m <= k:
                proof.append(self._subtree(lo + k, hi))
                hi = lo + k
            else:
                proof.append(self._subtree(lo, lo + k))
                lo += k
                m -= k
                complete = False
        proof.reverse()
        return proof


def _check_hash(value: bytes, what: str) -> None:
    if len(value) != HASH_SIZE:
        raise ProofError(f"{what} is {len(value)} bytes, not {HASH_SIZE}", "the proof is malformed")


def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """Recompute the root from a leaf hash and its audit path (RFC 9162 2.1.3.2)."""
    folds = inclusion_folds(index, size, leaf, proof)
    return folds[-1][2] if folds else leaf


def inclusion_folds(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes]
) -> list[tuple[str, bytes, bytes]]:
    """The folds of RFC 9162 2.1.3.2 from leaf ``index`` of a tree of ``size`` leaves: per
    proof element, ``(side, sibling, result)`` (``side`` ``"left"``: the sibling is hashed
    on the left); the last result is the root. :class:`ProofError` for a malformed proof."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is outside 0..{size - 1}", "wrong index or size")
    _check_hash(leaf, "the leaf hash")
    fn, sn, r = index, size - 1, leaf
    folds: list[tuple[str, bytes, bytes]] = []
    for i, p in enumerate(proof):
        _check_hash(p, f"proof element {i}")
        if sn == 0:
            raise ProofError("the inclusion proof has extra elements", "the proof is malformed")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            folds.append(("left", p, r))
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
            folds.append(("right", p, r))
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the inclusion proof is missing elements", "the proof is malformed")
    return folds


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    """Raise :class:`ProofError` unless ``leaf`` is leaf ``index`` of the tree ``(size, root)``."""
    _check_hash(root, "the root")
    if root_from_inclusion_proof(index, size, leaf, proof) != root:
        raise ProofError(
            f"the inclusion proof of leaf {index} does not lead to the root of size {size}",
            "the event, the proof or the checkpoint was altered",
        )


def verify_consistency(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes
) -> None:
    """Raise :class:`ProofError` unless tree ``(size2, root2)`` extends ``(size1, root1)``.

    RFC 9162 2.1.4.2, with the edge cases made explicit: equal sizes need equal roots and an
    empty proof; from the empty tree any tree is consistent (with an empty proof).
    """
    _check_hash(root1, "the first root")
    _check_hash(root2, "the second root")
    if size1 < 0 or size2 < size1:
        raise ProofError(f"size {size2} is smaller than size {size1}", "a log never shrinks")
    for i, p in enumerate(proof):
        _check_hash(p, f"proof element {i}")
    if size1 == size2:
        if proof:
            raise ProofError("equal sizes need an empty proof", "the proof is malformed")
        if root1 != root2:
            raise ProofError(f"two different roots for size {size1}", "the log was rewritten")
        return
    if size1 == 0:
        if proof:
            raise ProofError("a proof from the empty tree must be empty", "the proof is malformed")
        return
    if not proof:
        raise ProofError("the consistency proof is empty", "the proof is malformed")
    path = list(proof)
    if size1 & (size1 - 1) == 0:
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("the consistency proof has extra elements", "the proof is malformed")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the consistency proof is missing elements", "the proof is malformed")
    if fr != root1 or sr != root2:
        raise ProofError(
            f"the tree of size {size2} does not extend the tree of size {size1}",
            "the log was rewritten, or a root or proof was altered",
        )
