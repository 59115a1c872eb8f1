"""``VERIFY.md``, the text written into every inquiry bundle
(:func:`provenance.audit.bundle.write_bundle`): how to check the bundle with the tool and by
hand. ``{incident}`` is replaced by the bundled incident's id."""

from __future__ import annotations

VERIFY_MD = """# Verifying this bundle (incident `{incident}`)

This directory was written by `provenance audit bundle`. Everything in it can be checked
offline, with the public key obtained **from the monitor independently of this bundle**
(the copy in `pubkey.txt` is for reference only: a forger would replace it too).

## With the tool

    provenance audit verify-bundle THIS_DIRECTORY --pubkey KEY_FROM_THE_MONITOR.pub \\
        [--tsa-cert TSA-CA.pem]

It names every changed, missing or added file and every check that fails.

## By hand

1. **Files.** `MANIFEST.json` lists the SHA-256 of every other file (`sha256sum FILE`).
   `MANIFEST.sig` is base64 of a 4-byte key id followed by an Ed25519 signature of the
   exact bytes of `MANIFEST.json`.
2. **Checkpoint.** `checkpoint.txt` is a C2SP signed note: its first three lines (origin,
   log size, base64 Merkle root, each ending in a newline) are signed with Ed25519; the
   signature line is `— <key name> <base64(key id || signature)>`, the key id being the
   first 4 bytes of SHA-256(key name, newline, 0x01, public key).
3. **Events.** Each line of `log/events.jsonl` is one audit event, stored as the exact
   RFC 8785 canonical JSON bytes that were hashed. Event `seq` is leaf `seq - 1` of an
   RFC 6962 Merkle tree: leaf hash = SHA-256(0x00 || line bytes without the newline).
   `log/proofs.json` gives each event's audit path; fold it as in RFC 9162 section
   2.1.3.2 (node hash = SHA-256(0x01 || left || right)) and compare with the checkpoint's
   root. An event's `prev` is the SHA-256 of the previous event's bytes.
4. **Items.** Each event's `items.digest` is the SHA-256 of the RFC 8785 encoding of the
   sorted list of `[id, label, content hash, change]` rows in `log/items.json`. Each
   bundled item's `hash` is SHA-256 of the RFC 8785 encoding of its `data`, and must equal
   the hash recorded by the latest event that touched it: that is what ties each figure
   and source here to the signed log.
5. **Originals.** Each file in `originals/` is named by the SHA-256 of its bytes, which is
   the `sha256` recorded for its source at capture. `MANIFEST.json` lists under
   `originals.not_included` every captured original of a bundled source that this bundle
   lacks, and why.

6. **Trusted time.** When present, `checkpoint.txt.tsr` is an RFC 3161 timestamp reply
   (DER `TimeStampResp`) over the SHA-256 of the exact bytes of `checkpoint.txt`: a
   timestamp authority attests that the signed checkpoint existed at its `genTime`. Check
   it with the authority's root CA certificate, obtained from the authority:
   `openssl ts -verify -data checkpoint.txt -in checkpoint.txt.tsr -CAfile TSA-CA.pem`
   (the tool: `verify-bundle … --tsa-cert TSA-CA.pem`, which also checks that the signing
   certificate was valid at that time).

`corroboration.json` records the tool version and parameters that produced the results;
`judgements.json` the duplicate judgements (each points to its audit event by `seq`).
Witnesses appear only under pseudonymous ids.
"""
