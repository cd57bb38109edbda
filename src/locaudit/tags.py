"""BCP 47 locale tags: normalisation and comparison, shared by every stage.

`en-us`, `en_US`, `EN-us` all become `en-US`; deprecated codes are replaced (`iw` -> `he`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import langcodes

_TAG_SHAPE = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$")
# langdetect's labels that are not plain ISO 639-1 codes.
_LANGDETECT_TO_BCP47 = {"zh-cn": "zh-Hans", "zh-tw": "zh-Hant"}


class InvalidTag(ValueError):
    """A string that is not a well-formed, known BCP 47 language tag."""


@lru_cache(maxsize=4096)
def normalize_tag(raw: str) -> str:
    """Return the normalised BCP 47 form of `raw`, or raise InvalidTag.

    Only tags whose language subtag is a real language are accepted: `jp`, `us-en` and `xx`
    are rejected, so hreflang and config validation can name them.
    """
    text = raw.strip()
    if not text or not _TAG_SHAPE.match(text):
        raise InvalidTag(raw)
    try:
        lang = langcodes.Language.get(text.replace("_", "-"), normalize=True)
    except (ValueError, LookupError) as exc:  # langcodes raises LanguageTagError(ValueError)
        raise InvalidTag(raw) from exc
    if not lang.language or not lang.is_valid():
        raise InvalidTag(raw)
    return str(lang.to_tag())


def try_normalize(raw: str | None) -> str | None:
    """normalize_tag, but None for anything that is not a valid tag."""
    if raw is None:
        return None
    try:
        return normalize_tag(raw)
    except InvalidTag:
        return None


def language_of(tag: str) -> str:
    """The language subtag: `de-CH` -> `de`, `zh-Hant` -> `zh`."""
    return tag.split("-", 1)[0].lower()


def from_langdetect(label: str) -> str:
    """Map a langdetect label to BCP 47 (`zh-cn` -> `zh-Hans`)."""
    return _LANGDETECT_TO_BCP47.get(label, label)


# Individual languages that text detection reports under their macrolanguage: langdetect
# says `no` for Bokmål (`nb`) and Nynorsk, `tl` for Filipino (`fil`).
_MACROLANGUAGE = {"nb": "no", "nn": "no", "fil": "tl"}


def same_language(a: str, b: str) -> bool:
    """Whether two tags name the same language, ignoring region (`de-AT` ~ `de`).

    Chinese scripts are kept apart: `zh-Hans` text is not a `zh-Hant` translation.
    """
    la, lb = language_of(a), language_of(b)
    if _MACROLANGUAGE.get(la, la) != _MACROLANGUAGE.get(lb, lb):
        return False
    if language_of(a) == "zh":
        sa, sb = _zh_script(a), _zh_script(b)
        return sa is None or sb is None or sa == sb
    return True


def _zh_script(tag: str) -> str | None:
    lang = langcodes.Language.get(tag)
    if lang.script:
        return str(lang.script)
    if lang.territory in ("TW", "HK", "MO"):
        return "Hant"
    if lang.territory in ("CN", "SG"):
        return "Hans"
    return None


def matching_locale(wanted: str, locales: Iterable[str]) -> str | None:
    """The one locale of `locales` that a configured tag means: itself, else the only one
    with its language (`de` means a site's `de-DE`; `en-US` means `en`), else None.

    Used wherever a user's tag meets the site's tags: target locales, the source locale,
    per-locale gates.
    """
    candidates = sorted(locales)
    if wanted in candidates:
        return wanted
    same = [tag for tag in candidates if tag.split("-")[0] == wanted.split("-")[0]]
    return same[0] if len(same) == 1 else None
