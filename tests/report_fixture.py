"""A hand-built Report shared by the format tests: every value fixed, some of them hostile.

Numbers (2 source articles weighing 3 and 1; demand de 0.45, ja 0.45, unserved pl 0.1):
  de: a1 translated, a2 stale        -> coverage 1.0, weighted 1.0, fresh 3/4 = 0.75
  ja: a1 untranslated, a2 missing    -> coverage 0.0
  score = 0.45 * 1.0 + 0.45 * 0.0 = 0.45
  backlog gains: ja a1 0.45 * 3/4 = 0.3375, ja a2 0.45 * 1/4 = 0.1125
  plan ja: a1 closes 3/4 of ja's gap (< 80 %), a1 + a2 all of it -> 2 articles, 500 words,
           60.0, weighted 0 -> 1, score +0.45; de has nothing to translate: no plan
"""

from __future__ import annotations

from typing import Any

from locaudit.models import (
    ArticleRow,
    BacklogItem,
    CrawlStats,
    Finding,
    FindingType,
    LocalePlan,
    LocaleRow,
    Report,
    SectionRow,
    Severity,
    SiteInfo,
    Status,
    Summary,
    ToolInfo,
    Translation,
    Unserved,
)

EVIL_TITLE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
FORMULA_TITLE = "=HYPERLINK(\"http://evil.example\",\"click\")"
BASE = "https://help.acme.example/hc"


def sample_report() -> Report:
    return Report(
        tool=ToolInfo(version="0.1.0"), generated_at="2026-11-22T10:00:00Z",
        site=SiteInfo("Acme <Help> & Co", (f"{BASE}/en-us",), "en-US"),
        crawl=CrawlStats(pages=6, errors=1, duration_s=1.5, robots_blocked=0, complete=True),
        summary=Summary(source_articles=2, locales=2, score=0.45, unserved_demand=0.1),
        locales=(
            LocaleRow("de", 0.45, 1, 1, 0, 0, 1.0, 1.0, 0.75),
            LocaleRow("ja", 0.45, 0, 0, 1, 1, 0.0, 0.0, 0.0),
        ),
        unserved=(Unserved("pl", 0.1),),
        sections=(SectionRow("Account", "de", 1.0), SectionRow("Account", "ja", 0.0)),
        articles=(
            ArticleRow("1", EVIL_TITLE, "Account", 400, 3.0, f"{BASE}/en-us/articles/1",
                       {"de": Translation(Status.TRANSLATED, f"{BASE}/de/articles/1"),
                        "ja": Translation(Status.UNTRANSLATED, f"{BASE}/ja/articles/1")}),
            ArticleRow("2", FORMULA_TITLE, "Account", 100, 1.0, f"{BASE}/en-us/articles/2",
                       {"de": Translation(Status.STALE, f"{BASE}/de/articles/2"),
                        "ja": Translation(Status.MISSING)}),
        ),
        backlog=(BacklogItem("1", "ja", 0.3375, 400, 48.0, 0.7875),
                 BacklogItem("2", "ja", 0.1125, 100, 12.0, 0.9)),
        updates=(BacklogItem("2", "de", 0.1125, 100, 12.0),),
        plans=(LocalePlan("ja", 2, 500, 60.0, 0.0, 1.0, 0.45),),
        findings=(
            Finding(FindingType.UNTRANSLATED_CONTENT, Severity.ERROR,
                    "served as ja, text is en (0.99)", "ja", f"{BASE}/ja/articles/1", "1"),
            Finding(FindingType.BROKEN_PAGE, Severity.ERROR, "HTTP 404; fix the links",
                    None, f"{BASE}/en-us/articles/9"),
            Finding(FindingType.STALE_TRANSLATION, Severity.WARNING,
                    "-cmd|' /C calc'!A0", "de", f"{BASE}/de/articles/2", "2"),
        ),
        notes=("no markets configured: equal demand",),
    )


def tiny_png(width: int = 8, height: int = 8) -> bytes:
    """A valid PNG (a blue square), built here so no binary file sits in the tests."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    rows = b"".join(b"\x00" + b"\x25\x53\xb8" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def comparable(report: dict[str, Any]) -> dict[str, Any]:
    """A JSON report without what differs between two runs of the same site by design: when
    it was made, how long the crawl took, and the trend figures (a later run has the earlier
    one in its history)."""
    report.pop("generated_at")
    report["crawl"].pop("duration_s")
    report.pop("history", None)
    return report
