"""Structure drift: a translation that lacks parts of its source (images, tables, headings,
code blocks) or names other versions than it does. Translators keep a page's structure, so
losing half of a kind of part, or "1.28" where the source now says "1.32", means the
translation was made from an older source or left parts out: a staleness signal that does
not depend on dates, which real sites set unreliably."""

from __future__ import annotations

from locaudit.models import Page

MIN_PARTS = 2  # a kind of part the source has at least this many of ...
LACKING = 0.5  # ... of which the translation has under this share is lacking
MAX_NAMED = 3  # versions named in a message


def drift_evidence(source: Page, translation: Page) -> str | None:
    """What the translation lacks of its source, or None."""
    parts = []
    for name, had, has in (("images", source.images, translation.images),
                           ("tables", source.tables, translation.tables),
                           ("headings", source.headings, translation.headings),
                           ("code blocks", source.code_blocks, translation.code_blocks)):
        if had >= MIN_PARTS and has < LACKING * had:
            parts.append(f"{has} of the source's {had} {name}")
    older = sorted(set(translation.versions) - set(source.versions))
    newer = sorted(set(source.versions) - set(translation.versions))
    if older and newer:  # numbers a locale writes otherwise ("0,5") are only missing
        parts.append(f"version {', '.join(older[:MAX_NAMED])} where the source says "
                     f"{', '.join(newer[:MAX_NAMED])}")
    return "; ".join(parts) or None
