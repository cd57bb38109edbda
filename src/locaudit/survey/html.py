"""The survey aggregate as one self-contained HTML page (inline SVG charts, no script),
built with the report's templates, filters and chart macro."""

from __future__ import annotations

from datetime import UTC, datetime

from locaudit.formats.html import ChartRow, render
from locaudit.survey.aggregate import SurveyAggregate

SHOWN_LANGUAGES = 15  # chart rows; the table lists every language


def format_html(agg: SurveyAggregate) -> str:
    dist = agg.languages_per_site
    histogram = [ChartRow(f"{n} language{'s' if n != 1 else ''}", (count / agg.finished,))
                 for n, count in (dist.histogram if dist else ())]
    languages = [ChartRow(r.language, (r.share, r.median_depth))
                 for r in agg.languages[:SHOWN_LANGUAGES]]
    medians = {r.language: r.median_depth for r in agg.languages}
    ranks = [ChartRow(r.language, (r.depth, medians.get(r.language, 0.0)),
                      f"rank {r.rank} of {r.of}") for r in agg.ranks[:SHOWN_LANGUAGES]]
    return render("survey.html.j2", agg=agg, histogram=histogram, languages=languages,
                  ranks=ranks, date=datetime.now(UTC).strftime("%Y-%m-%d"))
