"""Output formats. Each is a pure function `format(report) -> str`, chosen by the enum."""

from __future__ import annotations

import enum
from collections.abc import Callable

from locaudit.models import Report


class Format(enum.StrEnum):
    TABLE = "table"
    JSON = "json"


def formatter(fmt: Format) -> Callable[[Report], str]:
    from locaudit.formats import json_format, table

    return {Format.TABLE: table.format, Format.JSON: json_format.format}[fmt]


EXTENSIONS = {Format.TABLE: "txt", Format.JSON: "json"}
