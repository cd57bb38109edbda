"""The HTML report's trend charts in a real headless browser: on a desktop the charts sit
side by side, on a 390 px phone one a row without scrolling the page sideways, and they
print."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from locaudit.formats import html
from tests.test_html_browser import CHROMIUM_ARGS, chromium_path
from tests.test_trend_formats import with_weeks


def test_trend_charts_on_desktop_phone_and_paper(tmp_path: Path) -> None:
    page_file = tmp_path / "report.html"
    page_file.write_text(html.format(with_weeks()), encoding="utf-8")
    found: dict[int, tuple[list[list[float]], list[int]]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for width in (1280, 390):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            boxes = page.eval_on_selector_all(
                "#history svg.chart", "els => els.map(e => { const r = "
                "e.getBoundingClientRect(); return [r.left, r.top, r.right, r.width]; })")
            found[width] = (boxes, page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"))
            page.close()
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(page_file.as_uri())
        page.emulate_media(media="print")
        printed = page.eval_on_selector_all("#history svg.chart", "els => els.length")
        pdf = page.pdf(format="A4")
        browser.close()
    desktop, phone = found[1280][0], found[390][0]
    assert len(desktop) == len(phone) == 3  # the score, de and ja
    assert desktop[0][1] == desktop[1][1]  # side by side: the same top
    assert len({round(top) for _, top, _, _ in phone}) == 3  # one a row
    scroll_width, inner_width = found[390][1]
    assert scroll_width <= inner_width  # the page never scrolls sideways
    assert all(right <= 390 and width >= 250 for _, _, right, width in phone)
    assert printed == 3 and pdf.startswith(b"%PDF")
