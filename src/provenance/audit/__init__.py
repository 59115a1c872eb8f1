"""Tamper-evident audit: Merkle proofs, signed checkpoints, verification, custody, bundles."""
