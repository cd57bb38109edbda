"""The survey aggregate in each format: each a pure `format(aggregate) -> str`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from locaudit.survey.aggregate import LanguageRow, SurveyAggregate, to_dict
from locaudit.survey.html import format_html


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


def _language_lines(rows: tuple[LanguageRow, ...], indent: str = "  ") -> list[str]:
    lines = [f"{indent}{'language':<10} {'sites':>5} {'share':>6} {'median depth':>12} "
             f"{'demand':>6}"]
    lines += [f"{indent}{r.language:<10} {r.sites:>5} {_pct(r.share):>6} "
              f"{_pct(r.median_depth):>12} {_pct(r.demand):>6}" for r in rows]
    return lines


def format_table(agg: SurveyAggregate) -> str:
    lines = [f"Survey: {agg.finished} of {agg.sites} sites audited"
             + (f", {len(agg.failed)} failed" if agg.failed else "")]
    dist = agg.languages_per_site
    if dist is not None:
        lines.append(f"Languages per site: mean {dist.mean:.1f}, median {dist.median:g}, "
                     f"quartiles {dist.q1:g}-{dist.q3:g}, range {dist.min:g}-{dist.max:g}")
        lines.append("  " + "  ".join(f"{n} lang: {'#' * count} {count}"
                                      for n, count in dist.histogram))
    lines += ["", "Per language (depth: share of source articles translated):"]
    lines += _language_lines(agg.languages)
    if agg.ranks:
        lines += ["", f"{agg.self_site} against its peers (1 = deepest):"]
        lines += [f"  {r.language:<10} depth {_pct(r.depth):>4}  rank {r.rank} of {r.of}"
                  for r in agg.ranks]
    if agg.rare:
        lines += ["", f"Languages customers read that fewer than {agg.rare_below:.0%} of "
                      "sites offer:"]
        lines += [f"  {r.language:<10} demand {_pct(r.demand):>4}, offered by "
                  f"{_pct(r.share)} of sites" for r in agg.rare]
    for group in agg.groups:
        lines += ["", f"{group.tag}={group.value}: {group.sites} sites, median "
                      f"{group.languages_per_site:g} languages"]
        lines += _language_lines(group.languages, "    ")
    if agg.failed:
        lines += ["", "Failed (run again with --retry-failed):"]
        lines += [f"  {f.name}: exit {f.exit_code}: {f.reason}" for f in agg.failed]
    return "\n".join(lines) + "\n"


def format_markdown(agg: SurveyAggregate) -> str:
    out = [f"# Survey: {agg.finished} of {agg.sites} sites", ""]
    dist = agg.languages_per_site
    if dist is not None:
        out += [f"Languages per site: mean {dist.mean:.1f}, median {dist.median:g}, "
                f"quartiles {dist.q1:g}–{dist.q3:g}.", ""]
    out += ["| language | sites | share | median depth | demand |", "|---|--:|--:|--:|--:|"]
    out += [f"| {r.language} | {r.sites} | {_pct(r.share)} | {_pct(r.median_depth)} | "
            f"{_pct(r.demand)} |" for r in agg.languages]
    if agg.ranks:
        out += ["", f"## {agg.self_site} against its peers", "",
                "| language | depth | rank |", "|---|--:|--:|"]
        out += [f"| {r.language} | {_pct(r.depth)} | {r.rank} of {r.of} |" for r in agg.ranks]
    if agg.rare:
        out += ["", f"## Read by customers, offered by fewer than {agg.rare_below:.0%} of "
                    "sites", ""]
        out += [f"- {r.language}: demand {_pct(r.demand)}, offered by {_pct(r.share)}"
                for r in agg.rare]
    if agg.failed:
        out += ["", "## Failed sites", ""]
        out += [f"- {f.name}: exit {f.exit_code}: {f.reason}" for f in agg.failed]
    return "\n".join(out) + "\n"


def format_json(agg: SurveyAggregate) -> str:
    return json.dumps({"survey_version": 1, **to_dict(agg)}, indent=2, sort_keys=False) + "\n"


def format_languages_csv(agg: SurveyAggregate) -> str:
    """One row per (group, language); the whole survey is group `all`."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["group", "language", "sites", "share", "median_depth", "demand"])
    groups = [("all", agg.languages)] + [(f"{g.tag}={g.value}", g.languages)
                                         for g in agg.groups]
    for name, rows in groups:
        for r in rows:
            writer.writerow([name, r.language, r.sites, f"{r.share:.6g}",
                             f"{r.median_depth:.6g}",
                             "" if r.demand is None else f"{r.demand:.6g}"])
    return buf.getvalue()


def format_sites_csv(agg: SurveyAggregate) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["site", "self", "languages", "count", "score", "pages", "tags", "failed"])
    for s in agg.site_rows:
        writer.writerow([s.name, "yes" if s.is_self else "", " ".join(s.languages),
                         len(s.languages), f"{s.score:.6g}", s.pages,
                         " ".join(f"{k}={v}" for k, v in s.tags), ""])
    for f in agg.failed:
        writer.writerow([f.name, "", "", "", "", "", "", f"exit {f.exit_code}: {f.reason}"])
    return buf.getvalue()


# The files a survey writes into its folder, and what stdout can show.
FILES: dict[str, Callable[[SurveyAggregate], str]] = {
    "aggregate.json": format_json,
    "aggregate.md": format_markdown,
    "languages.csv": format_languages_csv,
    "sites.csv": format_sites_csv,
    "aggregate.html": format_html,
}
STDOUT: dict[str, Callable[[SurveyAggregate], str]] = {
    "table": format_table, "markdown": format_markdown, "json": format_json,
}
