"""The HTML report in a real headless browser (Debian's chromium, driven by Playwright).

It must render, log no console error, load nothing from the network, and show a hostile
crawled title as text without running it.
"""

from __future__ import annotations

import base64
import io
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright
from pypdf import PdfReader

from locaudit.config.model import ReportBranding
from locaudit.formats import html
from tests.report_fixture import BASE, EVIL_TITLE, sample_report, tiny_png

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "chromium is needed: apt-get install -y chromium (tests/run.sh does it)"
    return path


def test_html_report_renders_offline_and_runs_nothing(tmp_path: Path) -> None:
    page_file = tmp_path / "report.html"
    page_file.write_text(html.format(sample_report()), encoding="utf-8")
    console_errors: list[str] = []
    dialogs: list[str] = []
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error"
                else None)
        page.on("pageerror", lambda e: console_errors.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_file.as_uri())
        page.wait_for_load_state("load")
        shot = page.screenshot(full_page=True)
        body_text = page.inner_text("body")
        images = page.eval_on_selector_all("img", "els => els.length")
        heading = page.inner_text("h1")
        title = page.title()
        sections = page.eval_on_selector_all("main > section > h2",
                                             "els => els.map(e => e.textContent)")
        heat = page.eval_on_selector_all(
            "table.heat td.cell", "els => els.map(e => getComputedStyle(e).backgroundColor)")
        page.emulate_media(media="print")
        toc_in_print = page.eval_on_selector("nav.toc", "e => getComputedStyle(e).display")
        pdf = page.pdf(format="A4")
        browser.close()
    assert len(shot) > 20_000  # a real rendering, not a blank page
    assert console_errors == []
    assert dialogs == []  # alert(1) / onerror=alert(2) never ran
    assert images == 0  # the <img onerror> became text, not an element
    assert EVIL_TITLE in body_text  # shown to the reader as text
    assert requests == [page_file.as_uri()]  # nothing fetched: it opens offline
    assert heading == "Acme <Help> & Co"
    assert title == "Localization audit: Acme <Help> & Co (2026-11-22)"
    assert sections == ["Executive summary", "Coverage by locale", "Coverage by section",
                        "What to translate next", "Articles by locale", "Findings",
                        "Methodology"]
    assert "45.0%" in body_text and "Methodology" in body_text
    # de covers Account fully: hsl(120, 65%, 82%); ja not at all: hsl(0, 65%, 82%). With
    # C = (1 - |2 * 0.82 - 1|) * 0.65 = 0.234 and m = 0.82 - C / 2 = 0.703, the channels are
    # 0.703 * 255 = 179 and (0.703 + 0.234) * 255 = 239.
    assert heat == ["rgb(179, 239, 179)", "rgb(239, 179, 179)"]
    assert toc_in_print == "none"  # the on-screen contents links are not printed
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


# The smallest text of each chart as rendered: its font size times the SVG's scale.
CHART_TEXT_PX = """els => els.map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return Math.min(...[...svg.querySelectorAll('text')].map(
    t => parseFloat(getComputedStyle(t).fontSize) * scale)); })"""


def branded_report(tmp_path: Path) -> Path:
    """The sample report with a long unbroken site name and title, and a client's branding."""
    from dataclasses import replace

    base = sample_report()
    long_word = "Kontoeinstellungsverwaltungsübersicht" * 4
    report = replace(base, site=replace(base.site, name=f"Acme {long_word}"),
                     articles=(base.articles[0],
                               replace(base.articles[1], title=f"How to {long_word}")))
    logo = "data:image/png;base64," + base64.b64encode(tiny_png()).decode()
    brand = ReportBranding(title="Localization audit Q4", client="Globex Corporation",
                           logo=logo)
    page_file = tmp_path / "report.html"
    page_file.write_text(html.format(report, brand), encoding="utf-8")
    return page_file


def test_html_report_on_desktop_and_phone(tmp_path: Path) -> None:
    """At 1280 px and at 390 px (a phone) the report shows its three SVG charts with text
    of 10 px or more, and on the phone the page never scrolls sideways: wide tables scroll
    inside their own box and a long unbroken title or site name wraps."""
    page_file = branded_report(tmp_path)
    widths: dict[int, tuple[int, int]] = {}
    charts: dict[int, list[float]] = {}
    chart_text: dict[int, list[float]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for width in (1280, 390):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            shot = tmp_path / f"report-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 20_000
            widths[width] = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]")
            charts[width] = page.eval_on_selector_all(
                "svg.chart", "els => els.map(e => e.getBoundingClientRect().right)")
            chart_text[width] = page.eval_on_selector_all("svg.chart", CHART_TEXT_PX)
            if width == 390:
                boxes = page.eval_on_selector_all(
                    "div.scroll", "els => els.filter(e => e.scrollWidth > e.clientWidth)"
                    ".length")
                logo_width = page.eval_on_selector(".brand img", "e => e.naturalWidth")
                # The matrix: each status links to its translation, missing links nowhere.
                cells = page.eval_on_selector_all(
                    "table.matrix td.st", "els => els.map(e => [e.textContent.trim(), "
                    "e.querySelector('a') ? e.querySelector('a').href : null])")
            page.close()
        browser.close()
    assert len(charts[1280]) >= 3 and len(charts[390]) >= 3
    assert all(right <= 1280 for right in charts[1280])
    assert all(right <= 390 for right in charts[390])  # charts shrink to the screen
    assert min(chart_text[390]) >= 10 and min(chart_text[1280]) >= 10  # readable on a phone
    scroll_width, inner_width = widths[390]
    assert scroll_width <= inner_width  # no horizontal page scroll on a phone
    assert widths[1280][0] <= widths[1280][1]
    assert boxes >= 1  # the wide tables scroll inside their box instead
    assert logo_width == 8  # the embedded logo decodes
    assert cells == [["translated", f"{BASE}/de/articles/1"],
                     ["untranslated", f"{BASE}/ja/articles/1"],
                     ["stale", f"{BASE}/de/articles/2"], ["missing", None]]


def test_html_report_on_paper(tmp_path: Path) -> None:
    """Printed, the report has a cover (title, site, client, date, logo), page numbers on
    every other page, its charts, and no page holding one small table alone."""
    page_file = branded_report(tmp_path)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(page_file.as_uri())
        page.emulate_media(media="print")
        printed = page.eval_on_selector_all(
            "svg.chart", "els => els.filter(e => e.getBoundingClientRect().width > 0).length")
        cover_logo = page.eval_on_selector(".cover img", "e => e.getBoundingClientRect().width")
        # The page size and margins of the report's @page rule, as a browser prints it.
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        browser.close()
    assert printed >= 3  # the charts print
    assert cover_logo > 0
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    total = len(pages)
    assert total >= 3
    cover = pages[0]
    for shown in ("Localization audit Q4", "Globex Corporation", "2026-11-22", "Acme"):
        assert shown in cover, cover
    assert "Page " not in cover and "Executive summary" not in cover  # a page of its own
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {total}" in text
    # No page between the cover and the last holds one small table alone: the heatmap's
    # 2-row table used to get a page of its own.
    assert all(len(text) > 600 for text in pages[1:-1]), [len(t) for t in pages]
