"""A static site's build folder as a static host serves it (Netlify, GitHub Pages, nginx):
which file answers a URL, and which URL each HTML file has.

- `index.html` is `/`, `foo/index.html` is `/foo/`, `foo.html` is `/foo.html`, or `/foo`
  when the site links its pages without the extension (Docusaurus `trailingSlash: false`,
  VitePress `cleanUrls`: decided by the links themselves, see `_prefers_clean_urls`);
- a URL finds its file as static hosts look it up: `/foo/` → `foo/index.html`; `/foo` →
  `foo`, `foo.html`, then `foo/index.html`; the query string is ignored;
- `404.html` files are the host's error page, never a page.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from locaudit.crawl.sitemaps import SitemapError, parse_sitemap
from locaudit.crawl.urls import normalize_url

HTML_SUFFIXES = (".html", ".htm")
NOT_FOUND_NAMES = frozenset({"404.html", "404.htm"})
# Where the generators put their sitemaps: sitemap.xml (Hugo, MkDocs, Sphinx, Docusaurus per
# locale), sitemap-index.xml and sitemap-0.xml (Astro), sitemap_index.xml (Yoast-style).
ROOT_SITEMAPS = ("sitemap.xml", "sitemap-index.xml", "sitemap_index.xml", "sitemap.xml.gz")
_SITEMAP_NAME = re.compile(r"^sitemap[\w.-]*\.xml(\.gz)?$")
_HREF = re.compile(rb"""<a\s[^>]*?href\s*=\s*["']([^"'#?]+)""", re.IGNORECASE)
CLEAN_URL_SAMPLE = 60  # HTML files whose links decide the URL form


@dataclass(frozen=True)
class SiteFiles:
    root: Path
    base: str  # the URL the folder's root is served at, normalised, ending in "/"
    files: frozenset[str]  # every file, as a POSIX path relative to root
    clean_urls: bool  # `foo.html` is served as `/foo`

    @classmethod
    def walk(cls, root: Path, base_url: str) -> SiteFiles:
        files = frozenset(_walk(root))
        base = normalize_url(base_url) or base_url
        base = base if base.endswith("/") else base + "/"
        return cls(root, base, files, _prefers_clean_urls(root, files))

    @property
    def base_path(self) -> str:
        return unquote(urlsplit(self.base).path)

    def html_files(self) -> list[str]:
        """The pages: HTML files but the error pages, sorted (the order they are read)."""
        return sorted(f for f in self.files if f.lower().endswith(HTML_SUFFIXES)
                      and posixpath.basename(f).lower() not in NOT_FOUND_NAMES)

    def url_of(self, rel: str) -> str:
        """The URL a static host serves the file at (normalised like a crawled URL)."""
        path = rel
        if rel == "index.html" or rel.endswith("/index.html"):
            path = rel[: -len("index.html")]
        elif self.clean_urls and rel.endswith(".html"):
            path = rel[: -len(".html")]
        return normalize_url(urljoin(self.base, quote(path))) or self.base + path

    def resolve(self, url: str) -> str | None:
        """The file a static host answers `url` with, or None (a 404)."""
        parts, base = urlsplit(url), urlsplit(self.base)
        path = unquote(parts.path)
        if parts.netloc != base.netloc or not path.startswith(self.base_path):
            return None
        rel = path[len(self.base_path):]
        if rel == "" or rel.endswith("/"):
            candidates = [rel + "index.html"]
        else:
            candidates = [rel, rel + ".html", rel + "/index.html"]
        return next((c for c in candidates if c in self.files), None)

    def read(self, rel: str) -> bytes:
        return (self.root / rel).read_bytes()

    def size(self, rel: str) -> int:
        return (self.root / rel).stat().st_size

    def sitemap_files(self) -> list[str]:
        """Every sitemap in the folder, by the generators' names, the root's first."""
        found = [f for f in sorted(self.files) if _SITEMAP_NAME.match(posixpath.basename(f))]
        return sorted(found, key=lambda f: (f.count("/"), f not in ROOT_SITEMAPS, f))


def _walk(root: Path) -> list[str]:
    """Every file under root, dot-folders (.git, .doctrees) left out; no symlinked folders."""
    out: list[str] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel = Path(folder).relative_to(root).as_posix()
        prefix = "" if rel == "." else rel + "/"
        # A name that is not UTF-8 has no URL a link could name: never served.
        out.extend(prefix + name for name in names if _utf8(prefix + name))
    return out


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _prefers_clean_urls(root: Path, files: frozenset[str]) -> bool:
    """Whether the site links `foo.html` as `/foo` more often than as `/foo.html`, judged
    on the links of a sample of pages spread over the folder."""
    named = {f for f in files if f.endswith(".html") and not f.endswith("index.html")}
    if not named:
        return False
    pages = sorted(f for f in files if f.endswith(".html"))
    step = max(1, len(pages) // CLEAN_URL_SAMPLE)
    clean = explicit = 0
    for rel in pages[::step][:CLEAN_URL_SAMPLE]:
        try:
            body = (root / rel).read_bytes()
        except OSError:
            continue
        for href in _HREF.findall(body):
            target = _file_path(rel, href.decode("utf-8", "replace"))
            if target is None or target.endswith("/"):
                continue
            if target in named:
                explicit += 1
            elif target + ".html" in named and target + "/index.html" not in files:
                clean += 1
    return clean > explicit


def _file_path(page: str, href: str) -> str | None:
    """The folder-relative path an href on `page` points to; None for other sites. Root
    paths are taken from the folder's root (a base path would only lower both counts)."""
    if "://" in href or href.startswith(("//", "mailto:", "javascript:", "data:")):
        return None
    joined = urljoin("http://h/" + quote(page), href.strip())
    return unquote(urlsplit(joined).path).lstrip("/")


def public_base_url(root: Path) -> str | None:
    """The public address the folder's own sitemap gives it (`https://docs.acme.com/`), when
    the URLs it lists are this folder's files served from that host's root; else None."""
    sitemap = next((name for name in ROOT_SITEMAPS if (root / name).is_file()), None)
    if sitemap is None:
        return None
    try:
        parsed = parse_sitemap((root / sitemap).read_bytes())
    except (SitemapError, OSError):
        return None
    listed = [u.loc for u in parsed.urls] or parsed.sitemaps
    first = normalize_url(listed[0]) if listed else None
    if first is None:
        return None
    base = f"{urlsplit(first).scheme}://{urlsplit(first).netloc}/"
    site = SiteFiles(root, base, frozenset(_walk(root)), clean_urls=False)
    sample = [u for u in (normalize_url(loc) for loc in listed[:20]) if u is not None]
    found = sum(site.resolve(u) is not None for u in sample)
    return base if found * 2 >= len(sample) else None
