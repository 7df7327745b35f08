"""Duplicate documents within a run: the same URL or the same text again is dropped with ``duplicate_of``;
near-duplicates (MinHash over word shingles, LSH) are recorded in ``near_duplicates`` for the dedup stage."""

from __future__ import annotations

import hashlib
import re
from itertools import accumulate
from typing import Any

from rasd.pipeline.extract.furniture import fold

_NUM_PERM = 64
_SHINGLE = 4


class Seen:
    def __init__(self, threshold: float = 0.8) -> None:
        self.urls: dict[str, str] = {}
        # Keyed by the first 8 bytes of the folded text's SHA-1 as an int (a 40-character hex key cost ~90 B a
        # document, the int ~30 B; a false match needs a 64-bit collision).
        self.texts: dict[int, str] = {}
        self.threshold = threshold
        # The near-duplicate index: MinHashLSH's banding (its b bands of r hash values, from datasketch's
        # optimal parameters for the threshold), kept compactly. datasketch stores each band key as bytes in a
        # set per bucket plus a per-document key list (~1.6 KB a document, most of the run's growth); here a
        # bucket is one dict entry, keyed by an 8-byte digest of the band as an int, holding the one document id
        # that fills most buckets or a list of them. Same candidates as MinHashLSH.query (up to 64-bit
        # collisions).
        self._bands: list[dict[int, str | list[str]]] | None = None
        self._ranges: list[tuple[int, int]] = []
        self._names: set[str] = set()
        self._perms: Any = None
        self._n = 0

    @staticmethod
    def url_key(url: str) -> str:
        u = re.sub(r"^https?://(www\.)?", "", url.strip()).split("#", 1)[0]
        return u.rstrip("/")

    def check(self, doc_id: str, url: str | None, body: str) -> tuple[str | None, list[str]]:
        """(id of an exact duplicate seen before or None, ids of near-duplicates). Registers the document.

        ``self.last_match`` says what matched: "URL" or "text"."""
        key = fold(body)
        tkey = int.from_bytes(hashlib.sha1(key.encode("utf-8")).digest()[:8], "little")
        ukey = self.url_key(url) if url else None
        if ukey and ukey in self.urls and self.urls[ukey] != doc_id:
            self.last_match = "URL"
            return self.urls[ukey], []
        if key and tkey in self.texts:
            self.last_match = "text"
            return self.texts[tkey], []
        self.texts[tkey] = doc_id
        if ukey:
            self.urls[ukey] = doc_id
        words = key.split()
        if len(words) < 3 * _SHINGLE:
            return None, []
        from datasketch import MinHash, MinHashLSH

        if self._bands is None:
            lsh = MinHashLSH(threshold=self.threshold, num_perm=_NUM_PERM)
            self._ranges = [(int(a), int(b)) for a, b in lsh.hashranges]
            self._bands = [{} for _ in self._ranges]
            # MinHash() draws its permutations from a seeded RNG on every call (~0.2 ms); the same seed gives the
            # same permutations, so draw them once and reuse them (identical hash values).
            template = MinHash(num_perm=_NUM_PERM)
            self._perms = (template.permutations, template.scheme)
        # The shingles are hashed here with datasketch's default hash (the first 4 bytes of SHA-1, little-endian,
        # see _sha1_32) in one comprehension, and MinHash gets them through ``int`` (a C call): the same values
        # as its per-shingle Python hash function, without a Python frame per shingle.
        mh = MinHash(num_perm=_NUM_PERM, hashfunc=int, permutations=self._perms[0], scheme=self._perms[1])
        mh.update_batch(_key_shingle_hashes(key))
        hv = mh.hashvalues
        keys = [
            int.from_bytes(hashlib.blake2b(hv[a:b].tobytes(), digest_size=8).digest(), "little")
            for a, b in self._ranges
        ]
        found: set[str] = set()
        for band, k in zip(self._bands, keys, strict=True):
            got = band.get(k)
            if got is not None:
                found.update((got,) if isinstance(got, str) else got)
        near = [x for x in found if x != doc_id]
        self._n += 1
        name = doc_id if doc_id not in self._names else f"{doc_id}#{self._n}"
        self._names.add(name)
        for band, k in zip(self._bands, keys, strict=True):
            got = band.get(k)
            if got is None:
                band[k] = name
            elif isinstance(got, str):
                band[k] = [got, name]
            else:
                got.append(name)
        return None, sorted(n.split("#", 1)[0] for n in near)


def _shingle_hashes(words: list[str]) -> list[int]:
    """datasketch's ``sha1_hash32`` of each word shingle (``_SHINGLE`` words joined by a space, UTF-8)."""
    sha1, from_bytes = hashlib.sha1, int.from_bytes
    return [
        from_bytes(sha1(" ".join(words[i : i + _SHINGLE]).encode("utf-8")).digest()[:4], "little")
        for i in range(len(words) - _SHINGLE + 1)
    ]


def _key_shingle_hashes(key: str) -> list[int]:
    """:func:`_shingle_hashes` of ``key.split()`` for a key whose words are joined by single spaces (what
    :func:`~rasd.pipeline.extract.furniture.fold` returns): a shingle is then a slice of the key, hashed from
    its UTF-8 bytes as sliced from the whole key's, without joining and encoding each one."""
    b = key.encode("utf-8")
    offs = list(accumulate((len(w) + 1 for w in b.split(b" ")), initial=0))  # byte start of each word (+ 1 at end)
    sha1, from_bytes = hashlib.sha1, int.from_bytes
    return [
        from_bytes(sha1(b[offs[i] : offs[i + _SHINGLE] - 1]).digest()[:4], "little")
        for i in range(len(offs) - _SHINGLE)
    ]
