"""The public sampler: from a commitment and a public seed, a stream of integers anyone can re-derive.

Short enough to re-implement in any language (docs/audit-protocol.md has the same text and test vectors):

1. The seed text is normalised (:func:`sortition.protocol.seed.normalise_seed`): Unicode NFC, surrounding
   whitespace removed, every run of inner whitespace replaced by one space. It must not be empty.
2. ``key = SHA-256( "sortition-toolkit draw v1" || 0x00 || commitment || 0x00 || seed )`` where
   ``commitment`` is the commitment hash in lowercase hexadecimal (ASCII) and ``seed`` the normalised seed
   in UTF-8.
3. The stream is ``SHA-256(key || 0) || SHA-256(key || 1) || ...``, the counter written as 8 bytes, big
   endian.
4. ``uniform(n)`` reads 8 bytes of the stream as a big-endian unsigned integer x, and returns ``x mod n``
   if ``x < 2**64 - (2**64 mod n)``; otherwise it reads the next 8 bytes and tries again (rejection, so
   every result is exactly equally likely).

Nothing here uses floating point or a library random generator: results are the same on every machine and
in every version of Python.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import TypeVar

from sortition.protocol.seed import normalise_seed

DOMAIN = b"sortition-toolkit draw v1"
T = TypeVar("T")
__all__ = ["DOMAIN", "Stream", "derive_key", "normalise_seed"]


def derive_key(commitment_hash: str, seed: str) -> bytes:
    """The 32-byte key of step 2."""
    if not re.fullmatch(r"[0-9a-f]{64}", commitment_hash):
        raise ValueError("the commitment hash must be 64 lowercase hexadecimal characters")
    material = DOMAIN + b"\x00" + commitment_hash.encode("ascii") + b"\x00" + normalise_seed(seed).encode("utf-8")
    return hashlib.sha256(material).digest()


class Stream:
    """The byte stream of step 3 and ``uniform`` of step 4; ``consumed`` counts the 8-byte words read."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the key must be 32 bytes")
        self.key = key
        self._counter = 0
        self._buffer = b""
        self.consumed = 0

    def _word(self) -> int:
        while len(self._buffer) < 8:
            self._buffer += hashlib.sha256(self.key + self._counter.to_bytes(8, "big")).digest()
            self._counter += 1
        word, self._buffer = self._buffer[:8], self._buffer[8:]
        self.consumed += 1
        return int.from_bytes(word, "big")

    def uniform(self, n: int) -> int:
        """An integer in [0, n), each with probability exactly 1/n."""
        if n < 1:
            raise ValueError("uniform(n) needs n >= 1")
        limit = 2**64 - (2**64 % n)
        while True:
            x = self._word()
            if x < limit:
                return x % n

    def choose(self, items: Sequence[T], count: int) -> list[T]:
        """``count`` items by a partial Fisher-Yates shuffle of ``items`` (in the given order): for i = 0..
        count-1, swap position i with position i + uniform(len - i); the first ``count`` are chosen."""
        pool = list(items)
        if not 0 <= count <= len(pool):
            raise ValueError("cannot choose more items than there are")
        for i in range(count):
            j = i + self.uniform(len(pool) - i)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:count]

    def shuffle(self, items: Sequence[T]) -> list[T]:
        """All of ``items`` in the order of a full Fisher-Yates shuffle (same rule as ``choose``)."""
        return self.choose(items, len(items))
