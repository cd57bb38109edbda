"""A fingerprint of a short page's main text, to recognise one template served at many URLs
(soft 404s). Tokens holding digits, slashes, dashes, dots or underscores are left out, so a
template that echoes the requested URL or a request ID still fingerprints the same."""

from __future__ import annotations

import hashlib
import re

MAX_WORDS = 300  # error templates are short; longer pages get no fingerprint (no cost)
_VOLATILE = re.compile(r"\S*[\d/\\_.\-]\S*")


def text_fingerprint(main_text: str, words: int) -> str | None:
    if words > MAX_WORDS or words < 1:
        return None
    stable = " ".join(_VOLATILE.sub(" ", main_text.casefold()).split())
    return hashlib.blake2b(stable.encode("utf-8"), digest_size=8).hexdigest()
