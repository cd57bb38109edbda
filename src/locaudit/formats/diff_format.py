"""`locaudit diff` output: the comparison of two reports as text, Markdown or JSON.

Pure functions of a ReportDiff, like every format; Markdown cells are escaped as in the
report's own Markdown.
"""

from __future__ import annotations

import json

from locaudit.formats.changes import kinds
from locaudit.formats.markdown import md, warning_lines
from locaudit.models import ReportDiff


def to_dict(d: ReportDiff) -> dict[str, object]:
    return {
        "score": {"before": round(d.score_before, 6), "after": round(d.score_after, 6),
                  "delta": round(d.score_after - d.score_before, 6)},
        "locales": [
            {"locale": x.locale, "coverage_before": x.coverage_before,
             "coverage_after": x.coverage_after, "weighted_before": x.weighted_before,
             "weighted_after": x.weighted_after,
             "delta": None if x.coverage_before is None or x.coverage_after is None
             else round(x.coverage_after - x.coverage_before, 6)}
            for x in d.locales
        ],
        "newly_missing": [vars(c) for c in d.newly_missing],
        "newly_translated": [vars(c) for c in d.newly_translated],
        "newly_stale": [vars(c) for c in d.newly_stale],
        "warnings": list(d.warnings),
    }


def markdown(d: ReportDiff) -> str:
    lines = [f"### locaudit diff: score {d.score_before:.1%} → {d.score_after:.1%} "
             f"({(d.score_after - d.score_before) * 100:+.1f} pt)", "",
             *warning_lines(d),
             "| locale | coverage before | after | change |", "|---|---:|---:|---:|"]
    for x in d.locales:
        b = "–" if x.coverage_before is None else f"{x.coverage_before:.1%}"
        a = "–" if x.coverage_after is None else f"{x.coverage_after:.1%}"
        ch = "–" if x.coverage_before is None or x.coverage_after is None else \
            f"{(x.coverage_after - x.coverage_before) * 100:+.1f} pt"
        lines.append(f"| {md(x.locale)} | {b} | {a} | {ch} |")
    for heading, items in kinds(d):
        lines += ["", f"**{heading}** ({len(items)})", ""]
        lines += [f"- {md(c.locale)}: {md(c.article)} {md(c.title)} ({c.before} → {c.after})"
                  for c in items]
    return "\n".join(lines) + "\n"


def text(d: ReportDiff) -> str:
    return markdown(d).replace("### ", "").replace("**", "").replace("\n> ", "\n")


def json_text(d: ReportDiff) -> str:
    return json.dumps(to_dict(d), indent=2) + "\n"


RENDERERS = {"table": text, "markdown": markdown, "json": json_text}
