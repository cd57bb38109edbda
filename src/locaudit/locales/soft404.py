"""Soft 404s: error pages that answer HTTP 200, so a missing translation looks translated.

Three signals, each strict enough never to flag a real page:

1. the page's title (its h1, else <title>) *is* an error message in one of ~30 languages
   ("Seite nicht gefunden", "ページが見つかりません", "404 - Page not found | Acme"), the page is
   short, and its URL is not about that message (an HTTP reference's `/Status/404` page is
   real);
2. the page is the template a made-up URL got (the crawler's probes, crawl/probes.py);
3. the same short text and title are served for at least three different articles (URL
   paths with the locale removed) and the title shares no word with any of their URLs:
   one template, not content. Copies of one article across locales (fallbacks) share a
   path and are never counted here.

Flagged pages are left out of the analysis (the article counts as missing there) and each
is a `soft_404` finding.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from locaudit.extract.fingerprint import MAX_WORDS  # error templates are short
from locaudit.locales.urls import LocaleRule, detect_rule
from locaudit.models import Finding, FindingType, Page, Severity

MIN_TEMPLATE_PAGES = 3

# Error titles, lower-case, per language (en de fr es pt it nl pl ru uk cs sk hu ro sv da nb
# fi tr el he ar fa hi id vi th ja zh ko).
ERROR_TITLES = frozenset({
    "page not found", "not found", "file not found", "page cannot be found",
    "page could not be found", "the page could not be found", "this page does not exist",
    "page does not exist", "the page you requested could not be found",
    "oops! page not found", "sorry, page not found", "nothing found", "404 not found",
    "seite nicht gefunden", "nicht gefunden", "die seite wurde nicht gefunden",
    "seite existiert nicht", "diese seite existiert nicht",
    "page introuvable", "page non trouvée", "page inexistante", "cette page n'existe pas",
    "la page demandée est introuvable", "introuvable",
    "página no encontrada", "no se encontró la página", "esta página no existe",
    "página no existe",
    "página não encontrada", "página não existe", "esta página não existe",
    "pagina non trovata", "pagina non esistente", "questa pagina non esiste",
    "pagina niet gevonden", "niet gevonden", "deze pagina bestaat niet",
    "nie znaleziono strony", "strona nie została znaleziona", "strona nie istnieje",
    "страница не найдена", "страница не существует", "сторінку не знайдено",
    "сторінка не знайдена", "stránka nenalezena", "stránka nebyla nalezena",
    "stránka sa nenašla", "az oldal nem található", "oldal nem található",
    "pagina nu a fost găsită", "sidan kunde inte hittas", "sidan hittades inte",
    "siden blev ikke fundet", "siden ble ikke funnet", "siden finnes ikke",
    "sivua ei löytynyt", "sayfa bulunamadı", "η σελίδα δεν βρέθηκε", "הדף לא נמצא",
    "الصفحة غير موجودة", "لم يتم العثور على الصفحة", "صفحه پیدا نشد", "पृष्ठ नहीं मिला",
    "halaman tidak ditemukan", "không tìm thấy trang", "ไม่พบหน้าที่คุณต้องการ", "ไม่พบหน้า",
    "ページが見つかりません", "ページが見つかりませんでした",
    "お探しのページは見つかりませんでした", "お探しのページが見つかりません",
    "ページは存在しません",
    "页面未找到", "找不到页面", "页面不存在", "您访问的页面不存在", "找不到网页", "頁面不存在",
    "找不到頁面", "頁面未找到", "페이지를 찾을 수 없습니다", "페이지를 찾을 수 없음",
})
# "404", "Error 404", "404 error", "Fehler 404", "エラー 404", "404 - anything".
_CODE = re.compile(
    r"^(?:\w+\s*)?(?:404|410)(?:\s*(?:error|错误|錯誤|エラー|오류))?$|^(?:404|410)\b")
_SEPARATORS = re.compile(r"\s+[|–—·•:-]\s+|\s*[|–—·•]\s*")
_TRIM = " \t!.¡?¿。！？…'\"“”«»"
_WORD = re.compile(r"[^\W_]{2,}")
_GENERIC = frozenset({"page", "pages", "seite", "pagina", "página", "this", "does", "exist",
                      "could", "cannot", "sorry", "oops"})


def error_title(title: str) -> str | None:
    """The error message a title consists of, or None."""
    for part in _SEPARATORS.split(title.casefold()):
        part = " ".join(part.split()).strip(_TRIM)
        if part in ERROR_TITLES or _CODE.search(part):
            return part
    return None


def _url_words(url: str) -> set[str]:
    path = url.split("://", 1)[-1].split("/", 1)[-1]
    return set(_WORD.findall(path.casefold()))


def _about(url: str, message: str) -> bool:
    """Whether the URL is about the message (an HTTP reference's `/Status/404` page, a
    `/docs/not-found-handling` guide): then the page is content, not an error."""
    words = {w for w in _WORD.findall(message) if w.isdigit() or len(w) >= 4}
    return bool(words - _GENERIC & _url_words(url))


def soft_404s(pages: Iterable[Page], templates: Iterable[tuple[str, str]],
              article_of: Callable[[str], str] | None = None) -> dict[str, str]:
    """URL -> why, for the pages that are error pages served with HTTP 200. With
    `article_of` (URL -> path with the locale removed), also the shared-template signal."""
    probed = dict(templates)
    found: dict[str, str] = {}
    groups: dict[tuple[str, str], list[Page]] = defaultdict(list)
    pages = list(pages)
    by_url = {page.url: page for page in pages if page.alternates}
    for page in pages:
        if not page.ok or page.words > MAX_WORDS:
            continue
        message = error_title(page.title)
        if message is not None and not _about(page.url, message):
            found[page.url] = f'its title is an error message ("{page.title}")'
        elif page.fingerprint is not None and page.fingerprint in probed:
            found[page.url] = (f"it is the page a URL that cannot exist gets "
                               f"({probed[page.fingerprint]})")
        elif page.fingerprint is not None and page.title:
            groups[(page.fingerprint, page.title)].append(page)
    if article_of is not None:
        for (_, title), group in groups.items():
            # Pages the site itself pairs with their article by hreflang both ways are that
            # article's pages, duplicates at worst: an error template names no alternates.
            members = [p for p in group if not _confirmed_by_hreflang(p, by_url)]
            articles = {article_of(p.url) for p in members}
            title_words = set(_WORD.findall(title.casefold()))
            if len(articles) >= MIN_TEMPLATE_PAGES and not any(
                    title_words & _url_words(p.url) for p in members):
                for p in members:
                    found[p.url] = (f'{len(members)} pages for {len(articles)} different '
                                    f'articles show this same text titled "{title}"')
    return found


def _confirmed_by_hreflang(page: Page, by_url: dict[str, Page]) -> bool:
    for alternate in page.alternates:
        other = by_url.get(alternate.url)
        if other is not None and other is not page and other.names_alternate(page.url):
            return True
    return False


def drop_soft_404s(pages: list[Page], templates: Iterable[tuple[str, str]],
                   pattern: re.Pattern[str] | None = None
                   ) -> tuple[list[Page], LocaleRule, list[Finding]]:
    """The pages without their soft 404s, the locale rule read from the rest, and a finding
    per soft 404. Titles and probes first; then, with locales known, shared templates."""
    soft = soft_404s(pages, templates)
    rule = detect_rule([p for p in pages if p.url not in soft], pattern)
    soft.update(soft_404s([p for p in pages if p.url not in soft], (),
                          lambda url: rule.split(url)[1]))
    if not soft:
        return pages, rule, []
    kept = [p for p in pages if p.url not in soft]
    rule = detect_rule(kept, pattern)
    return kept, rule, soft_404_findings([p for p in pages if p.url in soft], soft,
                                         lambda url: rule.split(url)[0])


def soft_404_findings(pages: Iterable[Page], why: dict[str, str],
                      locale_of: Callable[[str], str | None]) -> list[Finding]:
    return [Finding(FindingType.SOFT_404, Severity.WARNING,
                    f"answers HTTP 200 but is an error page: {why[p.url]}; counted as missing "
                    "(a missing page should answer 404)", locale_of(p.url), p.url)
            for p in pages if p.url in why]
