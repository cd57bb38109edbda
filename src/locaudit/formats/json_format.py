"""The JSON report (SPEC section 7, schema_version 1): the interchange format."""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
from typing import Any

from locaudit.errors import ReportFileError
from locaudit.models import (
    ArticleRow,
    BacklogItem,
    CrawlStats,
    Finding,
    FindingType,
    GateResult,
    LocalePlan,
    LocaleRow,
    Report,
    SectionRow,
    Severity,
    SiteInfo,
    Status,
    Summary,
    TrafficSummary,
    Translation,
    Unserved,
)

_DIGITS = 6  # enough for any gate; short enough to read


def _r(value: float) -> float:
    return round(value, _DIGITS)


def to_dict(report: Report) -> dict[str, Any]:
    crawl = report.crawl
    return {
        "schema_version": report.schema_version,
        "tool": {"name": "locaudit", "version": report.tool_version},
        "generated_at": report.generated_at,
        "site": {"name": report.site.name, "start_urls": list(report.site.start_urls),
                 "source_locale": report.site.source_locale},
        "crawl": {"pages": crawl.pages, "errors": crawl.errors, "duration_s": crawl.duration_s,
                  "robots_blocked": crawl.robots_blocked, "complete": crawl.complete,
                  "stop_reason": crawl.stop_reason},
        "summary": {"source_articles": report.summary.source_articles,
                    "locales": report.summary.locales, "score": _r(report.summary.score),
                    "unserved_demand": _r(report.summary.unserved_demand)},
        "locales": [
            {"locale": r.locale, "demand": _r(r.demand), "translated": r.translated,
             "stale": r.stale, "untranslated": r.untranslated, "missing": r.missing,
             "coverage": _r(r.coverage), "weighted_coverage": _r(r.weighted_coverage),
             "fresh_coverage": _r(r.fresh_coverage)}
            for r in report.locales
        ],
        "unserved": [{"language": u.language, "demand": _r(u.demand)} for u in report.unserved],
        "sections": [{"section": s.section, "locale": s.locale, "coverage": _r(s.coverage)}
                     for s in report.sections],
        "articles": [
            {"key": a.key, "title": a.title, "section": a.section, "words": a.words,
             "weight": a.weight, "source_url": a.source_url,
             "translations": {loc: _translation(t) for loc, t in a.translations.items()}}
            for a in report.articles
        ],
        "backlog": [_item(b, cumulative=True) for b in report.backlog],
        "updates": [_item(b, cumulative=False) for b in report.updates],
        "plans": [
            {"locale": p.locale, "articles": p.articles, "words": p.words, "cost": p.cost,
             "weighted_coverage_before": _r(p.weighted_coverage_before),
             "weighted_coverage_after": _r(p.weighted_coverage_after),
             "score_gain": _r(p.score_gain)}
            for p in report.plans
        ],
        "findings": [
            {"type": f.type.value, "severity": f.severity.value, "locale": f.locale,
             "url": f.url, "article": f.article, "message": f.message}
            for f in report.findings
        ],
        "gates": [{"name": g.name, "passed": g.passed, "actual": g.actual,
                   "threshold": g.threshold, "message": g.message} for g in report.gates],
        "notes": list(report.notes),
        "currency": report.currency,
        "traffic": None if report.traffic is None else {
            "rows": report.traffic.rows, "matched": report.traffic.matched,
            "unmatched": report.traffic.unmatched,
            "matched_views": report.traffic.matched_views,
            "unmatched_views": report.traffic.unmatched_views,
            "unmatched_examples": list(report.traffic.unmatched_examples)},
    }


def _translation(t: Translation) -> dict[str, Any]:
    out: dict[str, Any] = {"status": t.status.value, "url": t.url}
    if t.target_share is not None:
        out["target_share"] = _r(t.target_share)
    return out


def _item(item: BacklogItem, *, cumulative: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"article": item.article, "locale": item.locale,
                           "gain": _r(item.gain), "words": item.words, "cost": item.cost}
    if cumulative:
        out["cumulative_score"] = _r(item.cumulative_score or 0.0)
    return out


def format(report: Report) -> str:
    return json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"


def load_report(path: str) -> Report:
    """Read a JSON report written by locaudit (for --baseline, --report and diff)."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise ReportFileError(f"{path}: cannot read report: {exc.strerror}") from exc
    except ValueError as exc:
        raise ReportFileError(f"{path}: not a JSON file: {exc}") from exc
    try:
        if not isinstance(data, dict):
            raise ValueError(f"the top level is {_json_type(data)}, not an object")
        report = from_dict(data)
        check_types(report)
    except KeyError as exc:
        raise ReportFileError(f"{path}: not a locaudit report (schema_version 1): "
                              f"missing key {exc}") from exc
    except (TypeError, ValueError, AttributeError) as exc:
        raise ReportFileError(f"{path}: not a locaudit report (schema_version 1): {exc}") \
            from exc
    return report


def check_types(value: object, hint: Any = Report, where: str = "report") -> None:
    """Raise ValueError naming the first field whose value does not fit the model's type.

    A report file is input like any other: a number written as a string must be a one-line
    error here, not a crash later inside a gate.
    """
    origin = typing.get_origin(hint)
    if hint is Any:
        return
    if origin in (typing.Union, types.UnionType):
        errors = []
        for option in typing.get_args(hint):
            try:
                check_types(value, option, where)
                return
            except ValueError as exc:
                errors.append(exc)
        raise errors[-1]
    if origin is tuple:
        _expect(isinstance(value, tuple), value, "a list", where)
        for i, item in enumerate(typing.cast(tuple[Any, ...], value)):
            check_types(item, typing.get_args(hint)[0], f"{where}[{i}]")
        return
    if origin is dict:
        _expect(isinstance(value, dict), value, "an object", where)
        _, value_hint = typing.get_args(hint)
        for key, item in typing.cast(dict[Any, Any], value).items():
            _expect(isinstance(key, str), key, "a string key", where)
            check_types(item, value_hint, f"{where}.{key}")
        return
    if hint is type(None):
        _expect(value is None, value, "null", where)
    elif hint is float:
        _expect(isinstance(value, int | float) and not isinstance(value, bool), value,
                "a number", where)
    elif hint is int:
        _expect(isinstance(value, int) and not isinstance(value, bool), value, "an integer",
                where)
    elif hint is bool:
        _expect(isinstance(value, bool), value, "true or false", where)
    elif hint is str:
        _expect(isinstance(value, str), value, "a string", where)
    elif isinstance(hint, type) and issubclass(hint, enum.Enum):
        _expect(isinstance(value, hint), value, hint.__name__, where)
    elif isinstance(hint, type) and dataclasses.is_dataclass(hint):
        _expect(isinstance(value, hint), value, hint.__name__, where)
        hints = typing.get_type_hints(hint)
        for field in dataclasses.fields(hint):
            check_types(getattr(value, field.name), hints[field.name], f"{where}.{field.name}")


def _expect(ok: bool, value: object, what: str, where: str) -> None:
    if not ok:
        raise ValueError(f"{where} should be {what}, not {_json_type(value)}")


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    for kind, name in ((bool, "true/false"), (int | float, "a number"), (str, "a string"),
                       (list | tuple, "a list"), (dict, "an object")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def from_dict(data: dict[str, Any]) -> Report:
    if data.get("schema_version") != 1:
        raise ValueError(f"schema_version is {data.get('schema_version')!r}")
    site, crawl, summary = data["site"], data["crawl"], data["summary"]
    return Report(
        tool_version=data["tool"]["version"], generated_at=data["generated_at"],
        site=SiteInfo(site["name"], tuple(site["start_urls"]), site["source_locale"]),
        crawl=CrawlStats(pages=crawl["pages"], errors=crawl["errors"],
                         duration_s=crawl["duration_s"], robots_blocked=crawl["robots_blocked"],
                         complete=crawl["complete"], stop_reason=crawl.get("stop_reason")),
        summary=Summary(summary["source_articles"], summary["locales"], summary["score"],
                        summary["unserved_demand"]),
        locales=tuple(LocaleRow(**row) for row in data["locales"]),
        unserved=tuple(Unserved(**u) for u in data.get("unserved", [])),
        sections=tuple(SectionRow(**s) for s in data.get("sections", [])),
        articles=tuple(
            ArticleRow(a["key"], a["title"], a.get("section"), a["words"], a["weight"],
                       a["source_url"],
                       {loc: Translation(Status(t["status"]), t.get("url"),
                                         t.get("target_share"))
                        for loc, t in a["translations"].items()})
            for a in data.get("articles", [])
        ),
        backlog=tuple(BacklogItem(**b) for b in data.get("backlog", [])),
        updates=tuple(BacklogItem(**b) for b in data.get("updates", [])),
        plans=tuple(LocalePlan(**p) for p in data.get("plans", [])),
        findings=tuple(
            Finding(FindingType(f["type"]), Severity(f["severity"]), f["message"],
                    f.get("locale"), f.get("url"), f.get("article"))
            for f in data.get("findings", [])
        ),
        gates=tuple(GateResult(g["name"], g["passed"], g["actual"], g["threshold"],
                               g.get("message", "")) for g in data.get("gates", [])),
        notes=tuple(data.get("notes", [])),
        currency=data.get("currency", "USD"),
        traffic=TrafficSummary(**{**data["traffic"], "unmatched_examples": tuple(
            data["traffic"]["unmatched_examples"])}) if data.get("traffic") else None,
    )
