"""Fingerprints of texts: MinHash signatures over 5-character shingles, LSH bands.

Pure: no Django. The band layout is fixed (changing it means rebuilding every
stored fingerprint, `manage.py rebuild_fingerprints`); the threshold is not,
it only filters estimated similarities.
"""

from __future__ import annotations

import functools
import hashlib
import zlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

SHINGLE_LENGTH = 5
BANDS = 20
ROWS = 6  # permutations per band
NUM_PERM = BANDS * ROWS
SEED = 1
# datasketch 2's 32-bit affine permutations; stored with each fingerprint so a
# change of method is seen, not compared as if it were the same.
HASH_SCHEME = "affine32"
SCHEME = f"minhash-{HASH_SCHEME}-crc32-s{SHINGLE_LENGTH}-{BANDS}x{ROWS}-v1"
SIGNATURE_DTYPE = np.dtype("<u4")
# datasketch's default (a 32-bit slice of SHA-1) costs three times as much as
# CRC-32, and buys nothing here: both give 32 bits, which the affine32 scheme
# mixes (murmur's finaliser) before permuting.
SHINGLE_HASH = zlib.crc32


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A text's MinHash signature (NUM_PERM 32-bit values) and shingle count."""

    signature: bytes
    shingle_count: int

    def values(self) -> np.ndarray:
        return np.frombuffer(self.signature, dtype=SIGNATURE_DTYPE)

    def bands(self) -> list[int]:
        """One signed 64-bit hash per LSH band (BANDS of them, band i at i)."""
        return band_hashes(self.signature)

    def similarity(self, other: Fingerprint) -> float:
        """The estimated Jaccard similarity of the two texts' shingle sets."""
        return estimate_similarity(self.signature, other.signature)


def shingles(text: str) -> set[str]:
    """Every run of SHINGLE_LENGTH characters; a shorter text is one shingle."""
    if len(text) <= SHINGLE_LENGTH:
        return {text} if text else set()
    last = len(text) - SHINGLE_LENGTH + 1
    return {text[start : start + SHINGLE_LENGTH] for start in range(last)}


@functools.cache
def permutations() -> np.ndarray:
    """The permutations every fingerprint uses, made once per process."""
    return new_minhash(permutations=None).permutations


def new_minhash(*, permutations: np.ndarray | None) -> MinHash:
    return MinHash(
        num_perm=NUM_PERM,
        seed=SEED,
        scheme=HASH_SCHEME,
        hashfunc=SHINGLE_HASH,
        permutations=permutations,
    )


def fingerprint(text: str) -> Fingerprint | None:
    """The fingerprint of a normalised text, or None for an empty one."""
    pieces = shingles(text)
    if not pieces:
        return None
    minhash = new_minhash(permutations=permutations())
    minhash.update_batch([piece.encode("utf-8") for piece in pieces])
    signature = minhash.hashvalues.astype(SIGNATURE_DTYPE).tobytes()
    return Fingerprint(signature=signature, shingle_count=len(pieces))


def band_hashes(signature: bytes) -> list[int]:
    """Hash each band's ROWS values to one signed 64-bit integer (a BigInteger)."""
    width = ROWS * SIGNATURE_DTYPE.itemsize
    return [
        int.from_bytes(
            hashlib.blake2b(
                signature[band * width : (band + 1) * width],
                digest_size=8,
                person=band.to_bytes(16, "little"),
            ).digest(),
            "little",
            signed=True,
        )
        for band in range(BANDS)
    ]


def estimate_similarity(signature: bytes, other: bytes) -> float:
    """The share of equal MinHash values: an unbiased estimate of Jaccard."""
    mine = np.frombuffer(signature, dtype=SIGNATURE_DTYPE)
    theirs = np.frombuffer(other, dtype=SIGNATURE_DTYPE)
    if mine.shape != theirs.shape:
        return 0.0
    return float(np.count_nonzero(mine == theirs)) / len(mine)
