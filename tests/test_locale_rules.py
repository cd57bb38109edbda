"""Where the locale sits in URLs, detected from the pages alone (the locales stage is pure:
these tests hand it pages as the crawler would store them)."""

from __future__ import annotations

import re

from locaudit.locales.align import align
from locaudit.locales.urls import detect_rule
from locaudit.models import Alternate, Page


def page(url: str, lang: str | None, alternates: tuple[Alternate, ...] = ()) -> Page:
    return Page(url=url, requested_url=url, status=200, is_html=True, html_lang=lang,
                alternates=alternates, words=300)


def test_locale_in_the_first_host_label() -> None:
    pages = [page(f"https://{host}docs.acme.example/article/{n}-guide", lang)
             for host, lang in (("", "en"), ("fr.", "fr"), ("de.", "de")) for n in (1, 2, 3)]
    pages = pages[:-1]  # de has two of the three articles
    rule = detect_rule(pages)
    assert rule.slot == ("host", 0) and rule.values == {"fr", "de"}
    assert rule.split("https://fr.docs.acme.example/article/2-guide") == ("fr", "/article/2-guide")
    alignment = align(pages, rule)
    assert alignment.source_locale == "en"
    assert [sorted(u.pages) for u in alignment.units] == [["de", "en", "fr"]] * 2 + [["en", "fr"]]


def test_locale_as_a_file_suffix() -> None:
    pages = [page(f"https://acme.example/manual/{name}{suffix}.html", lang)
             for suffix, lang in (("", "en"), (".ja", "ja")) for name in ("setup", "usage")]
    rule = detect_rule(pages)
    assert rule.slot == ("suffix", 0)
    assert rule.split("https://acme.example/manual/usage.ja.html") == ("ja", "/manual/usage.html")
    assert rule.split("https://acme.example/manual/usage.html") == (None, "/manual/usage.html")
    units = align(pages, rule).units
    assert [(u.key, sorted(u.pages)) for u in units] == [
        ("/manual/setup.html", ["en", "ja"]), ("/manual/usage.html", ["en", "ja"])]


def test_a_tag_like_segment_without_agreement_is_not_a_locale() -> None:
    pages = [page(f"https://acme.example{path}", lang) for path, lang in (
        ("/it/vpn", "en"), ("/it/mail", "en"), ("/no/refunds", "en"), ("/fr/vpn", "fr"))]
    rule = detect_rule(pages)
    assert rule.slot == ("path", 0) and rule.values == {"fr"}
    assert rule.split("https://acme.example/it/vpn") == (None, "/it/vpn")


def test_query_parameter_with_salesforce_style_values() -> None:
    pages = [page(f"https://acme.my.site.com/s/article/Reset?language={v}", lang)
             for v, lang in (("en_US", "en-US"), ("ja", "ja"), ("de", "de"))]
    rule = detect_rule(pages)
    assert rule.query_key == "language"
    assert rule.split(pages[0].url) == ("en-US", "/s/article/Reset")


def test_hreflang_self_reference_confirms_a_locale_without_html_lang() -> None:
    url = "https://help.acme.example/hc/pt-br/articles/1-x"
    pages = [page(url, None, (Alternate("pt-BR", url),)),
             page("https://help.acme.example/hc/en-us/articles/1-x", "en-US")]
    assert detect_rule(pages).values == {"pt-br", "en-us"}


def test_configured_locale_pattern_wins() -> None:
    pattern = re.compile(r"^/help-(?P<locale>[a-z]{2})/")
    rule = detect_rule([page("https://a.example/help-de/x", "de")], pattern)
    assert rule.split("https://a.example/help-de/x") == ("de", "/help-/x")  # group removed


def test_canonical_pairs_pages_that_nothing_else_pairs() -> None:
    base = "https://docs.acme.example"
    pages = [page(f"{base}/guide/install", "en"), page(f"{base}/guide/export", "en"),
             page(f"{base}/fr/guide/exporter", "fr"),
             Page(url=f"{base}/fr/guide/installer", requested_url=f"{base}/fr/guide/installer",
                  status=200, is_html=True, html_lang="fr", canonical=f"{base}/guide/install")]
    units = align(pages, detect_rule(pages)).units
    assert [(u.key, sorted(u.pages)) for u in units] == [
        ("/guide/export", ["en"]), ("/guide/exporter", ["fr"]),  # an orphan: no en source
        ("/guide/install", ["en", "fr"])]


def test_canonical_never_merges_two_articles_of_one_locale() -> None:
    base = "https://docs.acme.example"

    def linked(path: str, lang: str, name: str, canonical: str | None = None) -> Page:
        alternates = tuple(Alternate(loc, f"{base}{'/fr' if loc == 'fr' else ''}/{name}")
                           for loc in ("en", "fr"))
        url = f"{base}{path}"
        return Page(url=url, requested_url=url, status=200, is_html=True, html_lang=lang,
                    alternates=alternates, canonical=canonical)

    pages = [linked("/a", "en", "a"), linked("/fr/a", "fr", "a"),
             linked("/b", "en", "b"), linked("/fr/b", "fr", "b", canonical=f"{base}/fr/a")]
    alignment = align(pages, detect_rule(pages))
    assert [(u.key, sorted(u.pages)) for u in alignment.units] == [
        ("/a", ["en", "fr"]), ("/b", ["en", "fr"])]
    assert alignment.duplicates == ()


def test_a_one_way_hreflang_to_another_articles_page_merges_nothing() -> None:
    """en/1 says hreflang="de" for the de page of article 2 (a copy-paste slip): article 1
    stays an article of its own with no de page, article 2 keeps its pair."""
    base = "https://help.acme.example/hc"

    def url(locale: str, n: int) -> str:
        return f"{base}/{locale}/articles/{n}-x"

    pair = (Alternate("en", url("en", 2)), Alternate("de", url("de", 2)))
    pages = [page(url("en", 1), "en", (Alternate("en", url("en", 1)),
                                       Alternate("de", url("de", 2)))),
             page(url("en", 2), "en", pair), page(url("de", 2), "de", pair)]
    alignment = align(pages, detect_rule(pages))
    assert [(u.key, sorted(u.pages)) for u in alignment.units] == [
        ("1", ["en"]), ("2", ["de", "en"])]
    assert alignment.duplicates == ()


def test_a_one_way_hreflang_still_pairs_pages_nothing_else_pairs() -> None:
    base = "https://docs.acme.example"
    en, fr = f"{base}/guide/install", f"{base}/fr/guide/installer"
    pages = [page(en, "en", (Alternate("en", en), Alternate("fr", fr))), page(fr, "fr")]
    units = align(pages, detect_rule(pages)).units
    assert [(u.key, sorted(u.pages)) for u in units] == [("/guide/install", ["en", "fr"])]
