"""Where each output goes: stdout, one file, or a folder of files (pure; the CLI writes).

The rules, as a user reads them:
- `-o report.html` with no `-f`: the format comes from the extension (.html .json .csv .md
  .txt .xml/.junit.xml); `-f` always wins.
- `-o DIR/` (a trailing slash) or an existing directory: a folder, one file per format
  (CSV as a folder of tables). Several formats always go to a folder.
- `-f csv -o backlog.csv`: one CSV file, the table `--table` names (default: the backlog).
- Several formats (or `all`) without `-o` would mix on stdout: a usage error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from locaudit.errors import ConfigError
from locaudit.formats import FILE_NAMES, Format

# Longest suffix first: report.junit.xml is JUnit, not "xml".
_BY_EXTENSION = ((".junit.xml", Format.JUNIT), (".xml", Format.JUNIT), (".html", Format.HTML),
                 (".htm", Format.HTML), (".json", Format.JSON), (".csv", Format.CSV),
                 (".md", Format.MARKDOWN), (".markdown", Format.MARKDOWN),
                 (".txt", Format.TABLE))
CSV_TABLES = ("locales", "articles", "backlog", "findings")


@dataclass(frozen=True)
class Target:
    """One output: `fmt` rendered to `path` (None: stdout). `csv_table` names the one CSV
    table of a single CSV file or of stdout; None means every table, as a folder."""

    fmt: Format
    path: Path | None
    csv_table: str | None = None


def plan(formats: list[Format] | None, output: str | None, *, output_is_dir: bool,
         csv_table: str | None = None) -> list[Target]:
    """The targets for the chosen formats (None: none given) and the -o path as typed (a
    trailing slash is kept: it says "folder")."""
    if csv_table is not None and csv_table not in CSV_TABLES:
        raise ConfigError(f"unknown table '{csv_table}' (choose from {', '.join(CSV_TABLES)})",
                          key="--table")
    folder = output is not None and (output_is_dir or output.endswith(("/", "\\")))
    path = None if output is None else Path(output)
    if formats is None:
        formats = [Format.TABLE] if path is None or folder else [format_for(path)]
    if path is None:
        if len(formats) > 1:
            raise ConfigError(f"{len(formats)} formats need -o DIR (one file each); on stdout "
                              "they would mix", key="--format")
        return [Target(formats[0], None, (csv_table or "locales")
                       if formats[0] is Format.CSV else None)]
    if folder or len(formats) > 1:
        return [Target(fmt, path / FILE_NAMES[fmt]) for fmt in formats]
    fmt = formats[0]
    return [Target(fmt, path, (csv_table or "backlog") if fmt is Format.CSV else None)]


def format_for(path: Path) -> Format:
    """The format a file name asks for; the terminal table when the extension says nothing."""
    name = path.name.lower()
    for suffix, fmt in _BY_EXTENSION:
        if name.endswith(suffix):
            return fmt
    return Format.TABLE


def summary(written: list[Path], output: str) -> str:
    """The one line the CLI prints once files are written."""
    html = next((p for p in written if p.suffix == ".html"), None)
    where = f"wrote {written[0]}" if len(written) == 1 else \
        f"wrote {len(written)} files to {Path(output)}"
    return where + (f" (open {html})" if html is not None and len(written) > 1 else "")
