"""The HTML report's per-article matrix and its folds: unserved languages and info findings."""

from __future__ import annotations

from dataclasses import replace

import pytest

from locaudit.formats import html, html_matrix
from locaudit.models import (
    ArticleRow,
    Finding,
    FindingType,
    Severity,
    Status,
    Translation,
    Unserved,
)
from tests.report_fixture import BASE, sample_report


def test_matrix_cells_show_status_as_text_and_link_to_each_translation() -> None:
    text = html.format(sample_report())
    matrix = text[text.index('<section id="matrix">'):text.index('<section id="findings">')]
    assert f'<td class="st st-translated"><a href="{BASE}/de/articles/1" rel="noreferrer" ' \
           'title="de: translated">translated</a></td>' in matrix
    assert f'<a href="{BASE}/ja/articles/1" rel="noreferrer" title="ja: untranslated">' \
           'untranslated</a>' in matrix
    assert '<td class="st st-missing">missing</td>' in matrix  # no page: nothing to link
    assert f'<td class="art"><a href="{BASE}/en-us/articles/1" rel="noreferrer">' in matrix
    # Most read first: article 1 weighs 3 of 4 (75.0%), article 2 1 of 4 (25.0%).
    assert matrix.index("75.0%") < matrix.index("25.0%")
    assert matrix.index("&lt;script&gt;") < matrix.index("=HYPERLINK(")
    assert "<details" not in matrix  # two articles: nothing to fold


def test_matrix_never_links_a_non_http_translation_url() -> None:
    base = sample_report()
    bad = replace(base.articles[0], translations={
        "de": Translation(Status.TRANSLATED, "javascript:alert(5)"),
        "ja": Translation(Status.MISSING)})
    text = html.format(replace(base, articles=(bad, base.articles[1])))
    assert "javascript:" not in text
    assert '<td class="st st-translated">translated</td>' in text


def big_site(articles: int) -> list[ArticleRow]:
    """`articles` articles: the first third in Billing (missing in ja), the rest in Account
    (translated everywhere), weights falling from `articles` to 1."""
    rows = []
    for i in range(articles):
        billing = i < articles // 3
        rows.append(ArticleRow(
            f"a{i:03}", f"Article {i:03}", "Billing" if billing else "Account", 100,
            float(articles - i), f"{BASE}/en-us/articles/{i}",
            {"de": Translation(Status.TRANSLATED, f"{BASE}/de/articles/{i}"),
             "ja": Translation(Status.MISSING) if billing
             else Translation(Status.TRANSLATED, f"{BASE}/ja/articles/{i}")}))
    return rows


def test_a_big_site_shows_the_most_read_open_and_folds_every_article_by_section() -> None:
    report = replace(sample_report(), articles=tuple(big_site(30)))
    matrix = html_matrix.build_matrix(report)
    assert [row.article.key for row in matrix.top] == [f"a{i:03}" for i in range(25)]
    # Billing (weights 30..21, 255 in all) is read more than Account (20..1, 210): its fold
    # comes first, and counts its 10 articles missing in ja.
    assert [(g.section, g.articles, g.gaps) for g in matrix.groups] == [
        ("Billing", 10, (("de", 0), ("ja", 10))), ("Account", 20, (("de", 0), ("ja", 0)))]
    assert matrix.folded == 30 and matrix.total == 30
    text = html.format(report)
    assert "<h3>The 25 most read of 30 articles</h3>" in text
    assert "<summary><b>Billing</b>: 10 articles; missing or untranslated:\nja 10</summary>" \
        in text
    assert "<summary><b>Account</b>: 20 articles; no gaps</summary>" in text


def test_past_matrix_rows_the_folds_point_to_articles_csv(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_matrix, "MATRIX_ROWS", 12)
    report = replace(sample_report(), articles=tuple(big_site(30)))
    matrix = html_matrix.build_matrix(report)
    assert [len(g.rows) for g in matrix.groups] == [10, 2] and matrix.folded == 12
    text = html.format(report)
    assert "The first\n    12 articles are listed here; all 30 are in articles.csv." in text


def test_many_unserved_languages_fold_and_the_chart_groups_the_smallest() -> None:
    languages = [f"l{i:02}" for i in range(14)]
    unserved = tuple(Unserved(lang, 0.01 * (14 - i) / 10) for i, lang in enumerate(languages))
    text = html.format(replace(sample_report(), unserved=unserved))
    assert "<summary>14 languages the site does not offer:" in text
    locales = text[text.index('<section id="locales">'):text.index('<section id="heatmap">')]
    table = locales[locales.index("<table>"):locales.index("</table>")]
    assert "l00" not in table  # the main locale table lists served locales only
    demand = text[text.index('id="chart-demand"'):text.index("</svg>",
                                                              text.index('id="chart-demand"'))]
    shown = [lang for lang in languages if f">{lang}</text>" in demand]
    assert shown == languages[:5] and ">9 others</text>" in demand
    assert "and 9 more." in text  # the key findings name the five largest


def test_info_findings_fold_by_type_with_a_count() -> None:
    base = sample_report()
    blocked = tuple(Finding(FindingType.BLOCKED_BY_ROBOTS, Severity.INFO,
                            "robots.txt disallows it", None, f"{BASE}/private/{i}")
                    for i in range(3))
    text = html.format(replace(base, findings=base.findings + blocked))
    details = text[text.index("<h3>Details"):text.index('<section id="methodology">')]
    open_part = details[:details.index("<details")]
    assert "sev-error" in open_part and "blocked_by_robots" not in open_part
    assert "<summary><b>blocked_by_robots</b>: 3 info findings</summary>" in details
    assert details.count(f"{BASE}/private/") == 6  # 3 rows: link text and href each
