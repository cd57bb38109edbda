"""Fingerprints of a page's text, to recognise the same text served at other URLs.

- `text_fingerprint`: a short page's main text, to recognise one template served at many URLs
  (soft 404s). Tokens holding digits, slashes, dashes, dots or underscores are left out, so a
  template that echoes the requested URL or a request ID still fingerprints the same.
- `block_sketch`: the smallest hashes of all of a page's text blocks (a bottom-k sketch), to
  tell how much of a translation's text is its source page's, verbatim, on pages whose
  blocks are too many to store one by one or too few to be prose (a list of names and dates).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable

MAX_WORDS = 300  # error templates are short; longer pages get no fingerprint (no cost)
_VOLATILE = re.compile(r"\S*[\d/\\_.\-]\S*")
SKETCH_SIZE = 32  # hashes kept per page: a containment estimate within about 0.1


def text_fingerprint(main_text: str, words: int) -> str | None:
    if words > MAX_WORDS or words < 1:
        return None
    stable = " ".join(_VOLATILE.sub(" ", main_text.casefold()).split())
    return hashlib.blake2b(stable.encode("utf-8"), digest_size=8).hexdigest()


def block_sketch(blocks: Iterable[str]) -> str:
    """The SKETCH_SIZE smallest distinct CRC-32s of the blocks' case-folded text, in hex. A
    page holding fewer distinct blocks has all of them in its sketch."""
    hashes = sorted({zlib.crc32(block.casefold().encode()) for block in blocks})
    return " ".join(f"{h:08x}" for h in hashes[:SKETCH_SIZE])


def sketch_hashes(sketch: str) -> list[int]:
    return [int(h, 16) for h in sketch.split()]


def containment(page: list[int], source: list[int], ignore: frozenset[int]
                ) -> tuple[float, int]:
    """(the estimated share of the page's blocks that its source has too, how many of the
    page's hashes the estimate rests on); `ignore`d hashes (chrome) left out. A hash of the
    page's sketch at most the source sketch's largest is in the source's sketch exactly when
    the source has that block, so those hashes are an unbiased sample of the page's blocks."""
    if not page or not source:
        return 0.0, 0
    limit = source[-1] if len(source) >= SKETCH_SIZE else 0xFFFFFFFF
    known = set(source)
    considered = [h for h in page if h <= limit and h not in ignore]
    if not considered:
        return 0.0, 0
    return sum(1 for h in considered if h in known) / len(considered), len(considered)
