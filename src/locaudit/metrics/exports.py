"""Reading analytics exports (GA4, Universal Analytics, Matomo, Plausible, plain CSV).

Shared by the traffic import (page views per URL) and the market import (users per country).
"""

from __future__ import annotations

import csv
from pathlib import Path

from locaudit.errors import ConfigError


def read_rows(path: Path) -> list[list[str]]:
    """CSV rows of an analytics export, without the `#` comment lines GA4 puts on top."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", file=str(path)) from exc
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not lines:
        raise ConfigError("the file is empty", file=str(path))
    return list(csv.reader(lines))


def find_column(header: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def parse_count(raw: str) -> float:
    """`5,310`, `"5 310"`, `1234.0` -> a number; anything else -> 0."""
    text = raw.strip().replace(",", "").replace("\u00a0", "").replace(" ", "")
    try:
        return float(text)
    except ValueError:
        return 0.0

