"""Expanded secrets never leave the program (design §3).

A config's `${VAR}` values (tokens in a start URL, a header, any string) are put back as
`${VAR}` wherever text leaves locaudit: in a report (every string of it, before any format
escapes it), in an error message, in a line on stderr. One mechanism, applied by the CLI
where it writes outputs and where it prints messages; `audit.py` also keeps the report's
`site.start_urls` in their written form.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Mapping
from typing import Any, TypeVar
from urllib.parse import quote, quote_plus

T = TypeVar("T")

# A value shorter than this is no secret (a port, a locale tag) and replacing it everywhere
# would garble the output; documented in docs/reports.md.
MIN_LENGTH = 4


class Redactor:
    """Replaces each secret value, as typed or percent-encoded (as it appears in a crawled
    URL), with `${NAME}`, in one pass."""

    def __init__(self, secrets: Mapping[str, str] | None = None) -> None:
        forms: dict[str, str] = {}
        for name, value in (secrets or {}).items():
            if len(value) < MIN_LENGTH:
                continue
            for form in (value, quote(value, safe=""), quote(value), quote_plus(value)):
                forms.setdefault(form, f"${{{name}}}")
        self._forms = forms
        self._pattern = re.compile("|".join(
            re.escape(form) for form in sorted(forms, key=len, reverse=True))) if forms else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def text(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._forms[m.group(0)], text)

    def value(self, obj: T) -> T:
        """`obj` with every string in it redacted: dataclasses (a Report), tuples, lists and
        dicts (keys too); numbers, enums and None as they are."""
        if self._pattern is None:
            return obj
        return self._walk(obj)

    def _walk(self, obj: Any) -> Any:
        if isinstance(obj, enum.Enum) or obj is None or isinstance(obj, bool | int | float):
            return obj
        if isinstance(obj, str):
            return self.text(obj)
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            changes = {f.name: self._walk(getattr(obj, f.name))
                       for f in dataclasses.fields(obj) if f.init}
            return dataclasses.replace(obj, **changes)
        if isinstance(obj, tuple):
            return tuple(self._walk(item) for item in obj)
        if isinstance(obj, list):
            return [self._walk(item) for item in obj]
        if isinstance(obj, dict):
            return {self._walk(k): self._walk(v) for k, v in obj.items()}
        return obj
