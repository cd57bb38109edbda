"""Output formats. Each is a pure function `format(report) -> str`, chosen by the enum.

CSV is a directory of tables: `csv_format.tables(report)` gives every file; its `format`
gives the per-locale table alone (for stdout).
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from locaudit.models import Report


class Format(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    HTML = "html"
    JUNIT = "junit"


def formatter(fmt: Format) -> Callable[[Report], str]:
    from locaudit.formats import csv_format, html, json_format, junit, markdown, table

    return {Format.TABLE: table.format, Format.JSON: json_format.format,
            Format.CSV: csv_format.format, Format.MARKDOWN: markdown.format,
            Format.HTML: html.format, Format.JUNIT: junit.format}[fmt]


# File names when writing into a directory (CSV writes a folder of tables instead).
FILE_NAMES = {Format.TABLE: "report.txt", Format.JSON: "report.json",
              Format.CSV: "csv", Format.MARKDOWN: "report.md", Format.HTML: "report.html",
              Format.JUNIT: "report.junit.xml"}
