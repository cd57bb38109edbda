"""Build folders in the shapes four static site generators write, and the static host that
serves such a folder over HTTP (the same bytes the `directory` source reads from disk).

Each builder writes its site into `root` with absolute URLs under `base` (the public address
in hreflang, canonical and sitemaps). Expected numbers, by construction:

- hugo: English at the root, /fr/ and /de/ prefixes, hreflang, a sitemap index with one
  sitemap per language, an alias page (meta refresh), a dead link, a linked PDF.
  6 articles; fr: 4 translated, 1 English under /fr/ (untranslated), 1 missing;
  de: 2 translated, 4 missing.
- docusaurus: `trailingSlash: false` (docs/intro.html served as /docs/intro), i18n locales
  fr and ja built in full with English fallback for untranslated docs, hreflang with
  x-default, one sitemap per locale. 5 docs; fr: 3 translated, 2 untranslated; ja: 2
  translated, 3 untranslated.
- mkdocs: Material with static-i18n folders (de/, es/), directory URLs, relative links,
  `<html lang>` only, sitemap.xml and sitemap.xml.gz. 4 pages; de: 2 translated, 2 missing;
  es: 3 translated, 1 missing.
- sphinx: Read the Docs layout /en/latest/ and /fr/latest/, `.html` URLs, relative links,
  a root index.html that redirects to /en/latest/, a dead link. 5 pages and the version's
  index (/en/latest/: its path without the locale is `latest/`, not a home page) are 6
  articles; fr: 4 translated (the index and 3 pages), 2 missing.
"""

from __future__ import annotations

import gzip
import html
import mimetypes
from collections.abc import Callable, Iterable
from pathlib import Path

from locaudit.demo import texts
from locaudit.demo.server import Resource, Site

Files = dict[str, str | bytes]


def write(root: Path, files: Files) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)


def page(lang: str, title: str, body: str, *, links: Iterable[tuple[str, str]] = (),
         alternates: Iterable[tuple[str, str]] = (), canonical: str | None = None) -> str:
    head = "".join(f'<link rel="alternate" hreflang="{h}" href="{u}">' for h, u in alternates)
    if canonical:
        head += f'<link rel="canonical" href="{canonical}">'
    nav = "".join(f'<li><a href="{u}">{html.escape(t)}</a></li>' for u, t in links)
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<title>{html.escape(title)}</title>{head}'
            '<link rel="stylesheet" href="/css/style.css"></head><body>'
            f'<nav><ul>{nav}</ul></nav><main><h1>{html.escape(title)}</h1>{body}</main>'
            "<footer>Built with a static site generator</footer></body></html>")


def prose(index: int, lang: str) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in texts.paragraphs(index, lang))


def sitemap(urls: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> str:
    entries = "".join(
        f"<url><loc>{loc}</loc>" + "".join(
            f'<xhtml:link rel="alternate" hreflang="{h}" href="{u}"/>' for h, u in alts)
        + "</url>" for loc, alts in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
            'schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'
            f"{entries}</urlset>")


def sitemap_index(locs: Iterable[str]) -> str:
    items = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps'
            f'.org/schemas/sitemap/0.9">{items}</sitemapindex>')


NOT_FOUND = "<!doctype html><html lang=en><title>404</title><h1>Page not found</h1></html>"
ASSETS: Files = {"css/style.css": "body{margin:0}", "img/logo.png": b"\x89PNG\r\n\x1a\n"}

# --------------------------------------------------------------------------- hugo

HUGO_POSTS = ("install", "configure", "deploy", "upgrade", "backup", "billing")
HUGO_TRANSLATED = {"fr": HUGO_POSTS[:4], "de": HUGO_POSTS[:2]}
HUGO_ENGLISH_UNDER_FR = "backup"


def hugo(root: Path, base: str) -> None:
    prefixes = {"en": "", "fr": "fr/", "de": "de/"}
    present = {"en": HUGO_POSTS, "fr": (*HUGO_TRANSLATED["fr"], HUGO_ENGLISH_UNDER_FR),
               "de": HUGO_TRANSLATED["de"]}
    files: Files = {**ASSETS, "404.html": NOT_FOUND, "files/guide.pdf": b"%PDF-1.4\n"}
    listed: dict[str, list[tuple[str, list[tuple[str, str]]]]] = {}
    for lang, prefix in prefixes.items():
        links = [(f"/{prefix}posts/{s}/", s) for s in present[lang]]
        home_links = [*links, ("/", "English"), ("/fr/", "Français"), ("/de/", "Deutsch")]
        if lang == "en":
            home_links += [("/posts/setup/", "Setup (old link)"),
                           ("/files/guide.pdf", "PDF guide")]
        files[f"{prefix}index.html"] = page(lang, texts.UI[lang]["home"], prose(99, lang),
                                            links=home_links)
        listed[lang] = [(f"{base}/{prefix}", [])]
        for i, slug in enumerate(HUGO_POSTS):
            if slug not in present[lang]:
                continue
            alternates = [(other, f"{base}/{p}posts/{slug}/") for other, p in prefixes.items()
                          if slug in present[other]]
            text_lang = "en" if slug == HUGO_ENGLISH_UNDER_FR else lang
            extra = [("/posts/rollback/", "Roll back")] if (lang, slug) == ("en", "deploy") \
                else []
            files[f"{prefix}posts/{slug}/index.html"] = page(
                lang, texts.title(i, text_lang), prose(i, text_lang), links=links + extra,
                alternates=alternates, canonical=f"{base}/{prefix}posts/{slug}/")
            listed[lang].append((f"{base}/{prefix}posts/{slug}/", alternates))
        files[f"{'en/' if lang == 'en' else prefix}sitemap.xml"] = sitemap(listed[lang])
    files["sitemap.xml"] = sitemap_index(f"{base}/{p or 'en/'}sitemap.xml"
                                         for p in prefixes.values())
    # Hugo's `aliases:` page: a redirect stub at the old URL.
    target = f"{base}/posts/install/"
    files["posts/setup/index.html"] = (
        f'<!DOCTYPE html><html lang="en-us"><head><title>{target}</title>'
        f'<link rel="canonical" href="{target}"><meta name="robots" content="noindex">'
        f'<meta charset="utf-8"><meta http-equiv="refresh" content="0; url={target}">'
        "</head></html>")
    write(root, files)


# --------------------------------------------------------------------------- docusaurus

DOCUSAURUS_DOCS = ("intro", "installation", "configuration", "deployment", "faq")
DOCUSAURUS_TRANSLATED = {"fr": DOCUSAURUS_DOCS[:3], "ja": DOCUSAURUS_DOCS[:2]}


def docusaurus(root: Path, base: str) -> None:
    prefixes = {"en": "", "fr": "fr/", "ja": "ja/"}
    files: Files = {**ASSETS, "404.html": NOT_FOUND, "fr/404.html": NOT_FOUND,
                    "ja/404.html": NOT_FOUND, "assets/js/main.js": "console.log(1)"}
    for lang, prefix in prefixes.items():
        links = [(f"/{prefix}docs/{d}", d) for d in DOCUSAURUS_DOCS]
        files[f"{prefix}index.html"] = page(
            lang, texts.UI[lang]["home"], prose(98, lang),
            links=[*links, ("/", "English"), ("/fr/", "Français"), ("/ja/", "日本語")])
        for i, doc in enumerate(DOCUSAURUS_DOCS):
            # Untranslated docs are built in English under the locale (i18n fallback).
            text_lang = lang if lang == "en" or doc in DOCUSAURUS_TRANSLATED[lang] else "en"
            alternates = [(other, f"{base}/{p}docs/{doc}") for other, p in prefixes.items()]
            alternates.append(("x-default", f"{base}/docs/{doc}"))
            files[f"{prefix}docs/{doc}.html"] = page(
                lang, texts.title(i, text_lang), prose(i, text_lang), links=links,
                alternates=alternates, canonical=f"{base}/{prefix}docs/{doc}")
        files[f"{prefix}sitemap.xml"] = sitemap(
            [(f"{base}/{prefix}", [])] + [(f"{base}/{prefix}docs/{d}", [])
                                          for d in DOCUSAURUS_DOCS])
    write(root, files)


# --------------------------------------------------------------------------- mkdocs

MKDOCS_PAGES = ("install", "usage", "config", "faq")
MKDOCS_TRANSLATED = {"de": MKDOCS_PAGES[:2], "es": MKDOCS_PAGES[:3]}


def mkdocs(root: Path, base: str) -> None:
    prefixes = {"en": "", "de": "de/", "es": "es/"}
    files: Files = {**ASSETS, "404.html": NOT_FOUND,
                    "search/search_index.json": '{"docs": []}',
                    "assets/stylesheets/main.css": "h1{}"}
    urls = []
    for lang, prefix in prefixes.items():
        present = MKDOCS_PAGES if lang == "en" else MKDOCS_TRANSLATED[lang]
        files[f"{prefix}index.html"] = page(
            lang, texts.UI[lang]["home"], prose(97, lang),
            links=[(f"{p}/", p) for p in present] + [("/de/", "Deutsch"), ("/es/", "Español")])
        urls.append((f"{base}/{prefix}", []))
        for i, name in enumerate(MKDOCS_PAGES):
            if name not in present:
                continue
            links = [(f"../{p}/", p) for p in present] + [("../", "Home")]
            files[f"{prefix}{name}/index.html"] = page(lang, texts.title(i, lang),
                                                       prose(i, lang), links=links)
            urls.append((f"{base}/{prefix}{name}/", []))
    files["sitemap.xml"] = sitemap(urls)
    files["sitemap.xml.gz"] = gzip.compress(sitemap(urls).encode("utf-8"), mtime=0)
    write(root, files)


# --------------------------------------------------------------------------- sphinx

SPHINX_PAGES = ("install", "tutorial", "api", "changelog", "glossary")
SPHINX_TRANSLATED = SPHINX_PAGES[:3]


def sphinx(root: Path, base: str) -> None:
    files: Files = {"index.html": '<!doctype html><html><head><meta http-equiv="refresh" '
                                  'content="0; url=en/latest/"></head></html>'}
    for lang, present in (("en", SPHINX_PAGES), ("fr", SPHINX_TRANSLATED)):
        folder = f"{lang}/latest/"
        toc = [(f"{p}.html", p) for p in present] + [("../../fr/latest/", "fr"),
                                                     ("../../en/latest/", "en")]
        files[f"{folder}index.html"] = page(lang, texts.UI[lang]["home"], prose(96, lang),
                                            links=toc)
        files[f"{folder}_static/basic.css"] = "div{}"
        for i, name in enumerate(SPHINX_PAGES):
            if name not in present:
                continue
            extra = [("missing.html", "See also")] if (lang, name) == ("en", "tutorial") \
                else []
            files[f"{folder}_sources/{name}.rst.txt"] = name
            files[f"{folder}{name}.html"] = page(lang, texts.title(i, lang), prose(i, lang),
                                                 links=toc + extra)
    write(root, files)


BUILDERS: dict[str, Callable[[Path, str], None]] = {
    "hugo": hugo, "docusaurus": docusaurus, "mkdocs": mkdocs, "sphinx": sphinx}


# --------------------------------------------------------------------------- the host


def static_host(root: Path) -> Site:
    """The folder as Netlify or GitHub Pages serve it: `dir/` → `dir/index.html`, `dir` →
    301 to `dir/`, `foo` → `foo.html`; anything else is the server's 404."""
    site: dict[str, Resource] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        kind = mimetypes.guess_type(rel)[0] or "application/octet-stream"
        if rel.endswith(".gz"):
            kind = "application/gzip"
        resource = Resource(path.read_bytes(), headers={"Content-Type": kind})
        site[f"/{rel}"] = resource
        if rel == "index.html" or rel.endswith("/index.html"):
            folder = rel[: -len("index.html")]
            site[f"/{folder}"] = resource
            if folder:
                site[f"/{folder.rstrip('/')}"] = Resource(
                    status=301, headers={"Location": f"/{folder}"})
        elif rel.endswith(".html"):
            site.setdefault(f"/{rel[: -len('.html')]}", resource)
    return site


def build_and_serve(root: Path, name: str) -> Callable[[str], Site]:
    """For SiteServer: write the folder with the server's address as its base, serve it."""

    def build(base_url: str) -> Site:
        BUILDERS[name](root, base_url)
        return static_host(root)

    return build
