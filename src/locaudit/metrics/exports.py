"""Reading analytics exports (GA4, Universal Analytics, Matomo, Plausible, plain CSV).

Shared by the traffic import (page views per URL) and the market import (users per country).
The delimiter is sniffed (`,`, `;` or a tab: spreadsheets in many European locales save
with `;`), and numbers are read in the file's convention: in a `;` file `1.234` and
`1 234` are a thousand two hundred and thirty-four, `12,5` is twelve and a half.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from locaudit.errors import ConfigError

DELIMITERS = (",", ";", "\t")
_SAMPLE_ROWS = 20
_GROUPED_DOTS = re.compile(r"\d{1,3}(\.\d{3})+(,\d*)?")  # 1.234 / 1.234.567,5


@dataclass(frozen=True)
class Export:
    rows: list[list[str]]  # the header first; no comment lines
    delimiter: str

    def count(self, raw: str) -> float:
        """A cell as a number, in the file's convention; anything else -> 0."""
        return parse_count(raw, decimal_comma=self.delimiter == ";")


def read_export(path: Path) -> Export:
    """The CSV rows of an analytics export, without the `#` comment lines GA4 puts on top,
    split on the delimiter the header uses."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", file=str(path)) from exc
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not lines:
        raise ConfigError("the file is empty", file=str(path))
    delimiter = sniff_delimiter(lines)
    return Export(list(csv.reader(lines, delimiter=delimiter)), delimiter)


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the header into the most columns, the data rows agreeing
    (a `,` inside the numbers of a `;` file never wins: the header has none); `,` when
    nothing splits."""
    sample = lines[:_SAMPLE_ROWS]

    def score(delimiter: str) -> tuple[int, int]:
        rows = list(csv.reader(sample, delimiter=delimiter))
        width = len(rows[0])
        return width, sum(len(row) == width for row in rows[1:])

    best = max(DELIMITERS, key=score)  # ties: the first, `,`
    return best if score(best)[0] > 1 else ","


def find_column(header: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def parse_count(raw: str, *, decimal_comma: bool = False) -> float:
    """`5,310`, `"5 310"`, `1234.0` -> a number; with `decimal_comma` (a `;` file) also
    `1.234` (thousands) and `12,5`; anything else -> 0."""
    text = (raw.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
            .replace("'", ""))
    if decimal_comma:
        if _GROUPED_DOTS.fullmatch(text) or "," in text:
            text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        return 0.0
