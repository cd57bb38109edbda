"""Render real public documentation with real translations into static sites, with the chrome
their projects publish, plus the ground truth of which localized page is translated.

    python benchmarks/realdocs/render.py [--corpus NAME] [--data DIR] [--mirror DIR]

Reads bare git mirrors (owner+name/repo under --mirror, default $REALDOCS_MIRROR or
benchmarks/realdocs/mirror/; see README.md for how to get them), writes into --data (default $REALDOCS_DATA
or benchmarks/realdocs/data/): src/<corpus>/ (the markdown used), site/<corpus>/ (the HTML),
truth/<corpus>.json (full ground truth), and the small committed summary into
benchmarks/realdocs/truth/<corpus>.json.

Ground truth is the file tree: a page is translated in a locale when the locale's tree has the
same file. Two refinements, both from the projects' own publishing:
- opentelemetry.io mounts content/en/docs into every locale (Hugo module mounts): a docs page
  missing in a locale is served under /<lang>/docs/... with the English text. Those pages are
  "fallback" (truly untranslated).
- the Vue and React translation repositories are full copies of the English site; a file not
  translated yet is the English file, served under the localized site. For these CJK locales a
  file whose prose (code, URLs, front matter, markup removed) has under 20% CJK characters
  among its letters is "fallback"; files the translators did translate are far above that.
"""

# ruff: noqa: E501  (the page templates keep the real sites' markup on long lines)
from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import posixpath
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = os.environ.get(
    "REALDOCS_DATA", os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))
DEFAULT_MIRROR = os.environ.get(
    "REALDOCS_MIRROR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "mirror"))


# --------------------------------------------------------------------------- git access

class Repo:
    """A bare git mirror, read with ls-tree / cat-file / log (no work tree needed)."""

    def __init__(self, mirror: Path, name: str) -> None:
        self.name = name  # owner+name
        self.git = mirror / name / "repo"
        if not self.git.exists():
            raise SystemExit(f"missing mirror {self.git}: see benchmarks/realdocs/README.md")
        self.head = self._run("rev-parse", "HEAD").strip()

    def _run(self, *args: str, data: bytes | None = None) -> str:
        out = subprocess.run(["git", f"--git-dir={self.git}", *args], input=data,
                             capture_output=True, check=True)
        return out.stdout.decode("utf-8", "replace")

    def files(self, prefix: str, suffixes: tuple[str, ...] = (".md",)) -> dict[str, str]:
        """path -> blob sha of the files under prefix with one of the suffixes."""
        out = self._run("ls-tree", "-r", "HEAD", "--", prefix)
        found = {}
        for line in out.splitlines():
            meta, path = line.split("\t", 1)
            if path.endswith(suffixes):
                found[path] = meta.split()[2]
        return found

    def read(self, shas: Iterable[str]) -> dict[str, str]:
        """blob sha -> text, in one `git cat-file --batch`."""
        wanted = sorted(set(shas))
        proc = subprocess.run(["git", f"--git-dir={self.git}", "cat-file", "--batch"],
                              input="\n".join(wanted).encode() + b"\n", capture_output=True,
                              check=True)
        raw, texts, pos = proc.stdout, {}, 0
        for sha in wanted:
            end = raw.index(b"\n", pos)
            header = raw[pos:end].split()
            pos = end + 1
            if len(header) < 3 or header[1] == b"missing":
                continue
            size = int(header[2])
            texts[sha] = raw[pos:pos + size].decode("utf-8", "replace")
            pos += size + 1
        return texts

    def show(self, path: str) -> str:
        try:
            return self._run("show", f"HEAD:{path}")
        except subprocess.CalledProcessError:
            return ""

    def last_commits(self, prefix: str) -> dict[str, tuple[str, str, str]]:
        """path -> (date, subject, short hash) of the last commit touching it, one git log."""
        out = self._run("log", "--format=%x00%h%x01%as%x01%s", "--name-only", "--", prefix)
        last: dict[str, tuple[str, str, str]] = {}
        for chunk in out.split("\x00")[1:]:
            head, _, names = chunk.partition("\n")
            short, date, subject = head.split("\x01", 2)
            for name in names.split("\n"):
                if name and name not in last:
                    last[name] = (date, subject, short)
        return last


# --------------------------------------------------------------------------- pages

@dataclass
class Doc:
    locale: str  # the site locale it is served under ("en" for the source)
    key: str  # the page's path with no locale, e.g. "docs/concepts/signals"
    body: str  # markdown, front matter removed
    meta: dict[str, Any]
    kind: str  # "source" | "translated" | "fallback"
    repo_path: str  # file in its repository
    repo: str  # owner+name
    commit: tuple[str, str, str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        title = self.meta.get("title") or self.meta.get("linkTitle")
        if not title:
            match = re.search(r"^#\s+(.+?)\s*(\{#[^}]*\})?\s*$", self.body, re.M)
            title = match.group(1) if match else self.key.rsplit("/", 1)[-1] or "Home"
        return str(title)


_FRONT = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*$\n?", re.S | re.M)


def split_front(text: str) -> tuple[dict[str, Any], str]:
    match = _FRONT.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError:
        meta = {}
    return (meta if isinstance(meta, dict) else {}), text[match.end():]


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def cjk_share(markdown: str) -> float:
    """CJK characters among the letters of the prose: code, URLs, tags, front matter out."""
    text = re.sub(r"```.*?```|~~~.*?~~~", " ", markdown, flags=re.S)
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"<[^>\n]*>|\{[^}\n]*\}|\]\([^)\s]*\)|https?://\S+", " ", text)
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return cjk / (cjk + latin) if cjk + latin else 0.0


def sample(keys: Iterable[str], limit: int | None, salt: str) -> set[str]:
    """A deterministic sample: the `limit` keys with the smallest salted hash."""
    ordered = sorted(keys, key=lambda k: hashlib.sha1(f"{salt}:{k}".encode()).hexdigest())
    return set(ordered if limit is None else ordered[:limit])


# --------------------------------------------------------------------------- markdown

def markdown(code_block: Callable[[str, str], str]) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])

    def fence(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        lang = (token.info or "").strip().split(" ")[0].split("{")[0]
        return code_block(lang, token.content)

    md.add_render_rule("fence", fence)

    def heading_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        inline = tokens[idx + 1]
        match = re.search(r"\s*\{(?:#|/\*)([^}*]+)(?:\*/)?\}\s*$", inline.content)
        if match:
            anchor = match.group(1).strip()
            inline.content = inline.content[:match.start()]
            if inline.children:
                last = inline.children[-1]
                last.content = re.sub(r"\s*\{(?:#|/\*)[^}]*\}\s*$", "", last.content)
        else:
            anchor = re.sub(r"[^\w]+", "-", inline.content.lower()).strip("-")
        return f'<{tokens[idx].tag} id="{html.escape(anchor)}">'

    md.add_render_rule("heading_open", heading_open)
    return md


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def reduce_hugo(body: str, params: dict[str, Any] | None = None) -> str:
    """Hugo shortcodes out, their inner text kept; alerts become docsy alert boxes; `param`
    shortcodes become the page's front matter value."""
    params = params or {}
    body = re.sub(r"\{\{[<%]\s*_?param\s+\"?([\w.]+)\"?\s*[>%]\}\}",
                  lambda m: str(params.get(m.group(1), f"https://opentelemetry.io/#{m.group(1)}")),
                  body)
    body = re.sub(r"\{\{[<%]\s*alert\b([^>%]*)[>%]\}\}",
                  lambda m: _alert_open(m.group(1)), body)
    body = re.sub(r"\{\{[<%]\s*/alert\s*[>%]\}\}", "\n\n</div>\n\n", body)
    body = re.sub(r"\{\{[<%]\s*/?\s*[\w/.-]+[^}]*?[>%]\}\}", "\n", body)
    return body


def _alert_open(args: str) -> str:
    title = re.search(r'title="([^"]*)"', args)
    color = re.search(r'color="?(\w+)', args)
    head = f'<h4 class="alert-heading">{escape(title.group(1))}</h4>\n' if title else ""
    return (f'\n\n<div class="alert alert-{color.group(1) if color else "primary"}" '
            f'role="alert">\n{head}\n')


_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$", re.S | re.M)


def outside_code(body: str, fn: Callable[[str], str]) -> str:
    """Apply fn to the markdown outside fenced code blocks."""
    out, pos = [], 0
    for m in _FENCE.finditer(body):
        out += [fn(body[pos:m.start()]), m.group(0)]
        pos = m.end()
    return "".join([*out, fn(body[pos:])])


def reduce_components(body: str, keep_self_closing: Callable[[str, str], str] | None = None
                      ) -> str:
    """Vue/MDX components: <script>/<style> out, tags out, inner text kept (not in code)."""
    return outside_code(body, partial(_reduce_components, keep_self_closing=keep_self_closing))


def _drop_blocks(body: str) -> str:
    """<script>/<style> blocks (Vue SFC style, at the start of a line) out."""
    return re.sub(r"^[ \t]*<(script|style)\b[^>]*>.*?</\1>[ \t]*$", "", body,
                  flags=re.S | re.M)


def _reduce_components(body: str, keep_self_closing: Callable[[str, str], str] | None
                       ) -> str:
    # Inline code (`<Fragment>`) is text, not a component: set it aside meanwhile.
    spans: list[str] = []

    def keep(m: re.Match[str]) -> str:
        spans.append(m.group(0))
        return f"\x00{len(spans) - 1}\x00"

    body = re.sub(r"`[^`\n]+`", keep, _drop_blocks(body))
    body = _strip_components(body, keep_self_closing)
    return re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], body)


def _strip_components(body: str, keep_self_closing: Callable[[str, str], str] | None
                      ) -> str:
    if keep_self_closing is not None:
        body = re.sub(r"<([A-Z][\w.]*)\b([^<>]*?)/>",
                      lambda m: keep_self_closing(m.group(1), m.group(2)), body, flags=re.S)
    body = re.sub(r"<([A-Z][\w.]*)\b[^<>]*?/>", "", body, flags=re.S)
    body = re.sub(r"^[ \t]*</?[A-Z][\w.]*\b[^<>]*>[ \t]*$", "\n", body, flags=re.M)
    body = re.sub(r"</?[A-Z][\w.]*\b[^<>]*>", "", body)
    return body


def vitepress_containers(body: str, labels: dict[str, str]) -> str:
    def open_(m: re.Match[str]) -> str:
        kind, title = m.group(1), (m.group(2) or "").strip()
        title = title or labels.get(kind, kind.upper())
        return (f'\n<div class="{kind} custom-block"><p class="custom-block-title">'
                f"{escape(title)}</p>\n\n")

    body = re.sub(r"^:::\s*(tip|info|warning|danger|details)\b(.*)$", open_, body, flags=re.M)
    return re.sub(r"^:::\s*$", "\n</div>\n", body, flags=re.M)


def page_file(root: Path, url_path: str, pretty: bool) -> Path:
    """Where the file serving url_path goes: dir/index.html, or path.html (clean URLs)."""
    rel = url_path.strip("/")
    if pretty or not rel:
        return root / rel / "index.html"
    return root / f"{rel}.html"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def sitemap(root: Path, base_paths: list[str]) -> None:
    """sitemap.xml with the host left as {BASE}: run.py's server fills in its address."""
    urls = "".join(f"<url><loc>{{BASE}}{escape(p)}</loc></url>" for p in base_paths)
    write(root / "sitemap.xml",
          '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
          f'schemas/sitemap/0.9">{urls}</urlset>\n')


# --------------------------------------------------------------------------- opentelemetry.io

OTEL_LOCALES = ("bn", "es", "fr", "ja", "pt", "ro", "uk", "zh")
OTEL_HTML_LANG = {"en": "en", "bn": "bn", "es": "es", "fr": "fr", "ja": "ja", "pt": "pt-BR",
                  "ro": "ro-RO", "uk": "uk-UA", "zh": "zh-CN"}
OTEL_LABEL = {"en": "English", "bn": "বাংলা", "es": "Español", "fr": "Français",
              "ja": "日本語", "pt": "Português", "ro": "Română", "uk": "Українська",
              "zh": "中文"}
OTEL_FALLBACK_SECTIONS = ("docs/", "announcements/")


def otel_key(rel: str) -> str:
    key = re.sub(r"(^|/)(_index|index)\.md$", "", rel)
    return key[:-3] if key.endswith(".md") else key


def otel_collect(mirror: Path, max_fallback: int | None) -> tuple[list[Doc], dict[str, Any]]:
    repo = Repo(mirror, "open-telemetry+opentelemetry.io")
    files = {p: s for p, s in repo.files("content/").items()
             if "/_includes/" not in p and "/specs/" not in p}
    texts = repo.read(files.values())
    commits = repo.last_commits("content/")
    by_locale: dict[str, dict[str, str]] = {}
    for path in files:
        _, locale, rel = path.split("/", 2)
        by_locale.setdefault(locale, {})[otel_key(rel)] = path

    def doc(locale: str, key: str, path: str, kind: str) -> Doc:
        meta, body = split_front(texts.get(files[path], ""))
        return Doc(locale, key, body, meta, kind, path, repo.name, commits.get(path))

    docs = [doc("en", k, p, "source") for k, p in by_locale["en"].items()]
    for locale in OTEL_LOCALES:
        own = by_locale.get(locale, {})
        missing = [k for k in by_locale["en"] if k not in own and k.startswith(
            OTEL_FALLBACK_SECTIONS)]
        served = sample(missing, max_fallback, locale)
        for key, path in sorted(by_locale["en"].items()):
            if key in own:
                docs.append(doc(locale, key, own[key], "translated"))
            elif key in served:
                docs.append(doc(locale, key, path, "fallback"))
        if "" in own and "" not in by_locale["en"]:
            docs.append(doc(locale, "", own[""], "translated"))
    includes = {}
    for locale in ("en", *OTEL_LOCALES):
        for name in ("page-not-translated-msg", "page-drifted-msg"):
            text = repo.show(f"content/{locale}/_includes/{name}.md")
            if text:
                includes[(locale, name)] = split_front(text)[1]
    known = {otel_key(p.split("/", 2)[2]) for p in repo.files("content/en/", ("",))}
    known |= {k.rsplit("/", 1)[0] for k in known} | {"community/mission", "community/roadmap"}
    return docs, {"repo": repo, "includes": includes, "known": known}


def otel_render(docs: list[Doc], ctx: dict[str, Any], root: Path) -> list[str]:
    repo: Repo = ctx["repo"]
    includes: dict[tuple[str, str], str] = ctx["includes"]
    md = markdown(lambda lang, code: (
        f'<div class="highlight"><pre tabindex="0" class="chroma"><code class="language-'
        f'{escape(lang)}" data-lang="{escape(lang)}">'
        + "".join(f'<span class="line"><span class="cl">{escape(line)}\n</span></span>'
                  for line in code.splitlines()) + "</code></pre></div>"))
    served = {(d.locale, d.key): d for d in docs}
    en = {d.key: d for d in docs if d.locale == "en"}

    def url(locale: str, key: str) -> str:
        prefix = "" if locale == "en" else f"/{locale}"
        return f"{prefix}/{key}/" if key else f"{prefix}/"

    known = ctx["known"]  # every content path of the repository (specs, blog assets, ...)
    aliases = {str(a).strip("/"): d.key for d in docs if d.locale == "en"
               for a in (d.meta.get("aliases") or []) if isinstance(a, str) and
               a.startswith("/")}

    def link(locale: str, page_url: str, href: str) -> str:
        """Hugo's render-link hook: a link to a page goes to the locale's page when it is
        served there, else to the English one; links to what this corpus does not render
        (specs, images, other sections) go to the real site. Links to nothing stay."""
        href = href.strip()
        if href.startswith(("//", "#", "mailto:")) or re.match(r"^[a-z]+:", href):
            return href
        path, _, frag = href.partition("#")
        path = path.split("?")[0]
        if not path.startswith("/"):
            path = posixpath.normpath(posixpath.join(page_url, path))
        key = path.strip("/")
        for lang in OTEL_LOCALES:
            if key == lang or key.startswith(lang + "/"):
                key = key[len(lang):].strip("/")
        key = aliases.get(key, key)
        frag = f"#{frag}" if frag else ""
        if ("en", key) in served:
            return url(locale if (locale, key) in served else "en", key) + frag
        if key in known or key.startswith("docs/specs") or "." in key.rsplit("/", 1)[-1]:
            return f"https://opentelemetry.io/{key}" + frag
        return href

    def include(locale: str, name: str) -> str:
        return includes.get((locale, name)) or includes.get(("en", name), "")

    sections: dict[tuple[str, str], list[Doc]] = {}
    children: dict[tuple[str, str], list[Doc]] = {}
    for d in docs:
        top = d.key.split("/", 2)
        sections.setdefault((d.locale, "/".join(top[:2])), []).append(d)
        if d.key:
            children.setdefault((d.locale, d.key.rpartition("/")[0]), []).append(d)
    written = []
    for d in docs:
        locale = d.locale
        body = reduce_hugo(reduce_components(d.body), d.meta)
        content = md.render(body)
        here = url(locale, d.key)
        content = re.sub(
            r'href="([^"]*)"',
            lambda m, loc=locale, here=here:  # type: ignore[misc]
            f'href="{escape(link(loc, here, html.unescape(m.group(1))))}"', content)
        prose_lang = "en" if d.kind in ("source", "fallback") else locale
        alternates = "".join(
            f'<link rel="alternate" hreflang="{OTEL_HTML_LANG[loc]}" href="{url(loc, d.key)}">'
            for loc in ("en", *OTEL_LOCALES) if (loc, d.key) in served)
        canonical = url("en" if d.kind == "fallback" else locale, d.key)
        banner = ""
        if d.kind == "fallback":
            banner = (f'<div class="pageinfo pageinfo-secondary"><div class="ps-4">'
                      f'{md.render(include(locale, "page-not-translated-msg"))}</div></div>')
        elif d.kind == "translated" and d.meta.get("drifted_from_default") and d.key in en:
            src = en[d.key]
            new = src.commit[2] if src.commit else repo.head[:7]
            old = str(d.meta.get("default_lang_commit", ""))[:8]
            msg = include(locale, "page-drifted-msg")
            msg = re.sub(r"\{\{\s*if \$show_details\s*\}\}(.*?)\{\{\s*end\s*\}\}",
                         lambda m: m.group(1), msg, flags=re.S)
            msg = re.sub(r"\{\{\s*if \$no_default_lang_page\s*\}\}.*?\{\{\s*end\s*\}\}", "",
                         msg, flags=re.S)
            values = {"default_lang_page_url": url("en", d.key),
                      "compare_url": f"https://github.com/open-telemetry/opentelemetry.io/"
                                     f"compare/{old}..{new}",
                      "default_lang_commit_short": old, "default_lang_hash_short": new,
                      "def_lang_path": src.repo_path}
            msg = re.sub(r"\{\{\s*\$(\w+)\s*\}\}",
                         lambda m, v=values: escape(v.get(m.group(1), "")),  # type: ignore[misc]
                         msg)
            banner = (f'<div class="pageinfo pageinfo-secondary"><div class="ps-4">'
                      f"{md.render(msg)}</div></div>")
        crumbs = []
        parts = d.key.split("/") if d.key else []
        for i in range(1, len(parts)):
            anc = "/".join(parts[:i])
            a = served.get((locale, anc)) or en.get(anc)
            if a is not None:
                crumbs.append(f'<li class="breadcrumb-item"><a href="{url(locale if (locale, anc) in served else "en", anc)}">'
                              f"{escape(str(a.meta.get('linkTitle') or a.title))}</a></li>")
        crumbs.append(f'<li class="breadcrumb-item active" aria-current="page">'
                      f"{escape(str(d.meta.get('linkTitle') or d.title))}</li>")
        lastmod = ""
        if d.commit:
            date, subject, short = d.commit
            lastmod = (f'<div class="td-page-meta__lastmod">Last modified {_long_date(date)}: '
                       f'<a data-proofer-ignore href="https://github.com/open-telemetry/'
                       f'opentelemetry.io/commit/{short}">{escape(subject)} ({short})</a></div>')
        feedback = (
            '<div class="d-print-none"><h2 class="feedback--title">Feedback</h2>'
            '<p class="feedback--question">Was this page helpful?</p>'
            '<button class="btn btn-primary mb-4 feedback--answer feedback--answer-yes">Yes'
            '</button> <button class="btn btn-primary mb-4 feedback--answer '
            'feedback--answer-no">No</button><p class="feedback--response '
            'feedback--response-yes">Thank you. Your feedback is appreciated!</p>'
            '<p class="feedback--response feedback--response-no">Please let us know <a '
            'class="external-link" target="_blank" rel="noopener" href="https://github.com/'
            'open-telemetry/opentelemetry.io/issues/new?template=PAGE_FEEDBACK.yml">how we '
            "can improve this page</a>. Your feedback is appreciated!</p></div>")
        top = "/".join(d.key.split("/", 2)[:2])
        sidebar = "".join(
            f'<li class="td-sidebar-nav__section-title"><a class="td-sidebar-link" '
            f'href="{url(locale, s.key)}">{escape(str(s.meta.get("linkTitle") or s.title))}'
            "</a></li>" for s in sorted(sections.get((locale, top), []), key=lambda s: s.key))
        tops = sorted({k.split("/")[0] for (loc, k) in served if loc == locale and k})
        nav = "".join(f'<li class="nav-item"><a class="nav-link" href="{url(locale, t)}">'
                      f"{escape(t.title())}</a></li>" for t in tops)
        langs = "".join(f'<a class="dropdown-item" href="{url(loc, "")}">{OTEL_LABEL[loc]}</a>'
                        for loc in ("en", *OTEL_LOCALES))
        edit = (f"https://github.com/open-telemetry/opentelemetry.io/edit/main/"
                f"{d.repo_path}")
        description = d.meta.get("description")
        if d.repo_path.endswith("_index.md"):
            # A section page lists its children (Docsy's section index, Hugo's blog list):
            # title and description of each, as served in this locale.
            kids = sorted(children.get((locale, d.key), []),
                          key=lambda c: (-int(str(c.meta.get("date", ""))[:4] or 0)
                                         if str(c.meta.get("date", ""))[:4].isdigit() else 0,
                                         c.meta.get("weight", 999)
                                         if isinstance(c.meta.get("weight"), int) else 999,
                                         c.key))
            entries = "".join(
                f'<div class="entry"><h5><a href="{url(locale, c.key)}">'
                f"{escape(str(c.meta.get('linkTitle') or c.title))}</a></h5>"
                + (f"<p>{escape(str(c.meta['description']))}</p>"
                   if c.meta.get("description") else "")
                + (f'<p class="td-blog-summary">{escape(_summary(c.body, c.meta))}</p>'
                   if d.key.startswith(("blog", "announcements")) else "") + "</div>"
                for c in kids[:20])
            if entries:
                content += f'<div class="section-index"><hr class="panel-line">{entries}</div>'
        page = f"""<!doctype html>
<html itemscope itemtype="http://schema.org/WebPage" lang="{OTEL_HTML_LANG[prose_lang]}" class="no-js">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
{alternates}<link rel="canonical" href="{canonical}" data-proofer-ignore>
<title>{escape(d.title)} | OpenTelemetry</title>
<meta name="description" content="{escape(str(description or ''))}">
</head>
<body class="td-page">
<header><nav class="td-navbar navbar-dark js-navbar-scroll"><a class="navbar-brand" href="{url(locale, '')}">OpenTelemetry</a>
<ul class="navbar-nav">{nav}<li class="nav-item dropdown"><a class="nav-link dropdown-toggle" href="#">{OTEL_LABEL[locale]}</a><div class="dropdown-menu">{langs}</div></li></ul>
<div class="td-search"><input type="search" placeholder="Search this site…" aria-label="Search this site…"></div></nav></header>
<div class="container-fluid td-outer"><div class="td-main"><div class="row flex-xl-nowrap">
<aside class="col-12 col-md-3 col-xl-2 td-sidebar d-print-none"><div id="google_translate_element"></div><nav class="td-sidebar-nav"><ul class="td-sidebar-nav__section">{sidebar}</ul></nav></aside>
<aside class="td-sidebar-toc"><div class="td-page-meta"><a href="https://github.com/open-telemetry/opentelemetry.io/tree/main/{d.repo_path}">View page source</a>
<a href="{edit}">Edit this page</a><a href="https://github.com/open-telemetry/opentelemetry.io/new/main/{d.repo_path.rsplit('/', 1)[0]}">Create child page</a>
<a href="https://github.com/open-telemetry/opentelemetry.io/issues/new?title={escape(d.title)}">Create documentation issue</a></div></aside>
<main class="col-12 col-md-9 col-xl-8 ps-md-5" role="main">
<nav aria-label="breadcrumb" class="td-breadcrumbs"><ol class="breadcrumb">{''.join(crumbs)}</ol></nav>
<div class="td-content">
<h1>{escape(d.title)}</h1>
{f'<div class="lead">{escape(str(description))}</div>' if description else ''}
{banner}
{content}
{feedback}
{lastmod}
</div>
</main></div></div>
<footer class="td-footer row d-print-none"><div class="container-fluid"><div class="row mx-md-2">
<div class="td-footer__left"><ul class="td-footer__links-list"><li><a href="https://github.com/open-telemetry/community#mailing-lists">Mailing Lists</a></li><li><a href="https://bsky.app/profile/opentelemetry.io">Bluesky</a></li></ul></div>
<div class="td-footer__center"><span class="td-footer__copyright">&copy; 2019–2026 OpenTelemetry Authors | Docs <a href="https://creativecommons.org/licenses/by/4.0">CC BY 4.0</a></span>
<span class="td-footer__all_rights_reserved">All Rights Reserved</span> <a href="https://www.linuxfoundation.org/legal/privacy-policy">Privacy Policy</a></div></div></div></footer>
</div></body></html>
"""
        path = url(locale, d.key)
        write(page_file(root, path, pretty=True), page)
        written.append(path)
    return written


def _summary(body: str, meta: dict[str, Any], limit: int = 70) -> str:
    """Hugo's automatic summary: the first words of the page's prose."""
    text = reduce_hugo(reduce_components(body), meta)
    text = re.sub(r"```.*?```|<[^>]+>|^\s*[#>|].*$|^\[[^\]]+\]:.*$", " ", text,
                  flags=re.S | re.M)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\[[^\]]*\]",
                  lambda m: m.group(1) or m.group(2) or "", text)
    words = re.sub(r"[*_`]", "", text).split()
    return " ".join(words[:limit]) + (" …" if len(words) > limit else "")


def _long_date(iso: str) -> str:
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
    y, m, d = iso.split("-")
    return f"{months[int(m) - 1]} {int(d)}, {y}"


# --------------------------------------------------------------------------- translation repos

# Vue and React keep each translation in a full copy of the English repository: a file the
# translators have not done yet is the English file, and the localized site serves it.

def prose_lines(text: str) -> set[str]:
    """Lines of running text (6+ words or 8+ CJK characters; code, URLs, link targets and
    tags removed)."""
    text = re.sub(r"```.*?```|~~~.*?~~~", " ", split_front(text)[1], flags=re.S)
    lines = set()
    for line in text.splitlines():
        line = re.sub(r"`[^`]*`|<[^>]*>|\]\([^)]*\)|https?://\S+|\{[^}]*\}", " ", line)
        line = " ".join(line.strip(" \t>*-#|").split())
        if len(re.findall(r"[A-Za-z\u00c0-\u024f]{2,}", line)) >= 6 or \
                len(_CJK.findall(line)) >= 8:
            lines.add(line)
    return lines


def prose_letters(text: str) -> int:
    """Letters of prose in a markdown file: front matter, code, tags, components out."""
    text = outside_code(split_front(text)[1], _drop_blocks)
    text = re.sub(r"```.*?```|~~~.*?~~~", " ", text, flags=re.S)
    text = re.sub(r"`[^`\n]*`|<[^>]*>|\{[^}\n]*\}|\]\([^)\s]*\)", " ", text)
    return len(re.findall(r"[^\W\d_]", text))


_STOPWORDS = {
    "en": set(["the", "and", "of", "to", "is", "are", "you", "your", "that", "this", "with", "for", "be", "can", "it", "in", "an", "by", "as", "not", "will", "when", "which", "from", "or"]),
    "es": set(["el", "la", "los", "las", "de", "del", "que", "y", "es", "en", "un", "una", "para", "por", "con", "se", "su", "sus", "al", "lo", "como", "más", "pero", "puede"]),
    "fr": set(["le", "la", "les", "des", "de", "du", "que", "et", "est", "en", "un", "une", "pour", "par", "avec", "se", "sur", "au", "aux", "dans", "qui", "pas", "vous"]),
}


def _looks_english(line: str, locale: str) -> bool:
    """More English function words than the locale's: an English line of another version."""
    target = _STOPWORDS.get(locale.split("-")[0])
    if target is None:
        return False
    words = re.findall(r"[^\W\d_]+", line.lower())
    return sum(w in _STOPWORDS["en"] for w in words) > 2 * sum(w in target for w in words)


def english_share(translated: str, english: str, locale: str) -> float:
    """How much of the file in the translation repository is still English: the share of its
    lines of running text that are English. zh/ja/ko: lines with no CJK character; es/fr:
    lines of the English file, or with more English than es/fr function words (an older
    English version); other locales: lines of the English file."""
    mine = prose_lines(translated)
    if not mine:
        return 0.0
    if locale.split("-")[0] in ("zh", "ja", "ko"):
        english_lines = [line for line in mine if not _CJK.search(line)]
    else:
        source = prose_lines(english)
        english_lines = [line for line in mine
                         if line in source or _looks_english(line, locale)]
    return sum(map(len, english_lines)) / sum(map(len, mine))


def copy_kind(translated: str, english: str, locale: str) -> str:
    """translated / fallback (the English file, not translated yet) / partial (in between:
    counted as the locale's page, left out of untranslated_content scoring)."""
    if prose_letters(english) < 200:
        return "translated"  # no prose to translate: counts as the locale's page
    share = english_share(translated, english, locale)
    return "fallback" if share >= 0.9 else "translated" if share <= 0.3 else "partial"


def copy_collect(mirror: Path, source: str, prefix: str, translations: dict[str, str],
                 key_of: Callable[[str], str | None]) -> tuple[list[Doc], dict[str, Repo]]:
    repos = {"en": Repo(mirror, source)} | {loc: Repo(mirror, name)
                                            for loc, name in translations.items()}
    trees: dict[str, dict[str, tuple[str, str]]] = {}  # locale -> key -> (path, text)
    for locale, repo in repos.items():
        files = {p: s for p, s in repo.files(prefix, (".md", ".mdx")).items()
                 if key_of(p[len(prefix):]) is not None}
        texts = repo.read(files.values())
        trees[locale] = {str(key_of(p[len(prefix):])): (p, texts.get(s, ""))
                         for p, s in files.items()}
    docs = []
    for locale, tree in trees.items():
        for key, (path, text) in sorted(tree.items()):
            if locale == "en":
                kind = "source"
            elif key not in trees["en"]:
                continue  # a page only the translation has: not part of the truth
            else:
                kind = copy_kind(text, trees["en"][key][1], locale) if key else "translated"
            meta, body = split_front(text)
            docs.append(Doc(locale, key, body, meta, kind, path, repos[locale].name))
    return docs, repos


def jsx_texts(source: str) -> list[str]:
    """The visible text nodes of a React/Vue component file (crude, good enough for chrome)."""
    found = re.findall(r">\s*([^<>{}=\n\"]*[^\W\d_][^<>{}=\n\"]*?)\s*</", source)
    return [t for t in found if not t.startswith(("//", "/*"))]


# --------------------------------------------------------------------------- vuejs.org

VUE_REPOS = {"zh-cn": "vuejs-translations+docs-zh-cn", "ja": "vuejs-translations+docs-ja",
             "ko": "vuejs-translations+docs-ko", "fr": "vuejs-translations+docs-fr"}
VUE_HTML_LANG = {"en": "en-US", "zh-cn": "zh-CN", "ja": "ja", "ko": "ko", "fr": "fr"}


def vue_key(rel: str) -> str | None:
    if rel.startswith("tutorial/src/") or not rel.endswith(".md"):
        return None
    key = rel[:-3]
    return "" if key == "index" else re.sub(r"/index$", "", key)


VUE_DIRS: set[str] = set()  # keys of index.md pages: VitePress gives them a trailing slash


def vue_url(locale: str, key: str) -> str:
    prefix = "" if locale == "en" else f"/{locale}"
    return f"{prefix}/{key}/" if key in VUE_DIRS else (f"{prefix}/{key}" if key else f"{prefix}/")


def vue_collect(mirror: Path, max_fallback: int | None) -> tuple[list[Doc], dict[str, Any]]:
    docs, repos = copy_collect(mirror, "vuejs+docs", "src/", VUE_REPOS, vue_key)
    VUE_DIRS.update(d.key for d in docs if d.key and d.repo_path.endswith("/index.md"))
    chrome = {}
    for locale, repo in repos.items():
        config = repo.show(".vitepress/config.ts")
        edit = re.search(r"editLink:\s*\{[^}]*text:\s*'([^']*)'", config)
        school = re.search(r"<slot>(.*?)</slot>", repo.show(
            ".vitepress/theme/components/VueSchoolLink.vue"))
        nav = re.findall(r"\{\s*text:\s*'([^']+)',\s*link:\s*'(/[^']*)'", config)
        chrome[locale] = {"edit": edit.group(1) if edit else "Edit this page on GitHub",
                          "school": school.group(1) if school else
                          "Watch a free video lesson on Vue School",
                          "nav": nav[:12], "repo": repo.name.replace("+", "/")}
    return docs, {"chrome": chrome}


def vue_render(docs: list[Doc], ctx: dict[str, Any], root: Path) -> list[str]:
    md = markdown(lambda lang, code: (
        f'<div class="language-{escape(lang)} vp-adaptive-theme"><button title="Copy Code" '
        f'class="copy"></button><span class="lang">{escape(lang)}</span><pre class="shiki '
        f'shiki-themes github-light github-dark vp-code" tabindex="0"><code>'
        + "".join(f'<span class="line"><span>{escape(line)}</span></span>\n'
                  for line in code.splitlines()) + "</code></pre></div>"))
    served = {(d.locale, d.key) for d in docs}
    by_locale: dict[str, list[Doc]] = {}
    for d in docs:
        by_locale.setdefault(d.locale, []).append(d)
    written = []
    for d in docs:
        locale, chrome = d.locale, ctx["chrome"][d.locale]

        def school(name: str, attrs: str, chrome: dict[str, Any] = chrome) -> str:
            if name != "VueSchoolLink":
                return ""
            href = re.search(r'href="([^"]*)"', attrs)
            title = re.search(r'title="([^"]*)"', attrs)
            return (f'<div class="vueschool"><a href="{href.group(1) if href else ""}'
                    f'?friend=vuejs" target="_blank" rel="sponsored noopener" title="'
                    f'{title.group(1) if title else ""}">{chrome["school"]}</a></div>')

        body = vitepress_containers(reduce_components(d.body, school), {})
        content = md.render(body)

        def local(m: re.Match[str], locale: str = locale, here: str = vue_url("en", d.key)
                  ) -> str:
            href = html.unescape(m.group(1))
            if href.startswith(("//", "#")) or re.match(r"^[a-z]+:", href):
                return m.group(0)
            path, _, frag = href.partition("#")
            if not path.startswith("/"):
                path = posixpath.normpath(posixpath.join(here.rsplit("/", 1)[0] + "/", path))
            key = path.strip("/").removesuffix(".html").removesuffix(".md")
            key = re.sub(r"/?index$", "", key)
            target = locale if (locale, key) in served else "en"
            if ("en", key) not in served:
                return f'href="https://vuejs.org{escape(href)}"'
            return f'href="{vue_url(target, key)}{"#" + escape(frag) if frag else ""}"'

        content = re.sub(r'href="([^"]*)"', local, content)
        section = d.key.split("/")[0]
        sidebar = "".join(
            f'<a class="VPLink link" href="{vue_url(locale, s.key)}"><p class="link-text">'
            f"{escape(s.title)}</p></a>" for s in sorted(by_locale[locale], key=lambda s: s.key)
            if s.key.split("/")[0] == section)
        nav = "".join(f'<a class="VPLink link VPNavBarMenuLink" href="{vue_url(locale, link.strip("/"))}">'
                      f"{escape(text)}</a>" for text, link in chrome["nav"]
                      if (locale, link.strip("/")) in served)
        langs = "".join(f'<a class="VPLink link" href="{vue_url(loc, d.key)}">{loc}</a>'
                        for loc in VUE_HTML_LANG if (loc, d.key) in served)
        src = d.repo_path
        page = f"""<!DOCTYPE html>
<html lang="{VUE_HTML_LANG[locale]}" dir="ltr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{escape(d.title)} | Vue.js</title><meta name="description" content="Vue.js - The Progressive JavaScript Framework">
<link rel="icon" href="/logo.svg"><script id="check-mac-os">document.documentElement.classList.toggle("mac",/Mac|iPhone|iPod|iPad/i.test(navigator.platform))</script>
</head>
<body><div id="app"><div class="VPApp"><header class="VPNav nav-bar"><div class="VPNavBar"><div class="container">
<a class="VPNavBarTitle" href="{vue_url(locale, '')}"><span class="text">Vue.js</span></a>
<div class="content"><div class="VPNavBarSearch"><button type="button" class="DocSearch DocSearch-Button" aria-label="Search"><span class="DocSearch-Button-Placeholder">Search</span></button></div>
<nav class="VPNavBarMenu menu">{nav}</nav><div class="VPNavBarTranslations">{langs}</div>
<div class="VPNavBarAppearance"><button class="vt-switch vt-switch-appearance" type="button" role="switch" aria-label="Toggle dark mode"></button></div></div></div></div></header>
<aside class="VPSidebar"><nav class="nav"><div class="group"><section class="VPSidebarGroup">{sidebar}</section></div></nav>
<div class="preference-switch"><label class="toggle-label">API Preference</label><div class="switch-container"><label class="options-label">Options</label><button class="vt-switch api-switch" role="switch" aria-label="prefer composition api"></button><label class="composition-label">Composition</label></div></div></aside>
<div class="VPContent has-sidebar" id="VPContent"><div class="VPContentDoc has-aside"><div class="container">
<div class="aside"><div class="aside-container"><div class="VPContentDocOutline"><div class="outline-title">On this page</div><nav><ul class="root"></ul></nav></div>
<div id="sponsorbar" class="SponsorsAside"><a class="sponsors-aside-text" href="{vue_url(locale, 'sponsor')}">Sponsors</a></div></div></div>
<div class="content"><main><div class="vt-doc {escape(d.key.replace('/', '-'))}"><div style="position:relative;">
{content}
</div></div></main>
<footer class="VPContentDocFooter"><a class="vt-link link edit-link" href="https://github.com/{chrome['repo']}/edit/main/{src}" target="_blank" rel="noopener noreferrer">{escape(chrome['edit'])}</a>
<div class="prev-next"></div></footer></div></div></div></div></div></div>
</body></html>
"""
        path = vue_url(locale, d.key)
        write(page_file(root, path, pretty=path.endswith("/")), page)
        written.append(path)
    return written


# --------------------------------------------------------------------------- react.dev

REACT_REPOS = {"zh-hans": "reactjs+zh-hans.react.dev", "ja": "reactjs+ja.react.dev",
               "ko": "reactjs+ko.react.dev", "es": "reactjs+es.react.dev"}


def react_key(rel: str) -> str | None:
    if not rel.endswith((".md", ".mdx")):
        return None
    key = rel.rsplit(".", 1)[0]
    return "" if key == "index" else re.sub(r"/index$", "", key)


def react_url(locale: str, key: str) -> str:
    prefix = "" if locale == "en" else f"/{locale}"
    return f"{prefix}/{key}" if key else f"{prefix}/"


def react_collect(mirror: Path, max_fallback: int | None) -> tuple[list[Doc], dict[str, Any]]:
    docs, repos = copy_collect(mirror, "reactjs+react.dev", "src/content/", REACT_REPOS,
                               react_key)
    chrome = {}
    for locale, repo in repos.items():
        footer = [t for t in jsx_texts(repo.show("src/components/Layout/Footer.tsx"))
                  if "uwu" not in t and not t.startswith(("@", "Copyright"))]
        suffix = re.search(r"isHomePage \? '' : '([^']*)'", repo.show("src/components/Seo.tsx"))
        chrome[locale] = {"footer": footer, "title": suffix.group(1) if suffix else " – React",
                          "repo": repo.name.replace("+", "/")}
    return docs, {"chrome": chrome}


def react_render(docs: list[Doc], ctx: dict[str, Any], root: Path) -> list[str]:
    md = markdown(lambda lang, code: (
        f'<div class="sp-wrapper"><div class="shadow-lg"><pre class="sp-cm sp-pristine '
        f'sp-{escape(lang or "text")}"><code class="sp-pre-placeholder">{escape(code)}</code>'
        "</pre></div></div>"))
    served = {(d.locale, d.key) for d in docs}
    titles = {(d.locale, d.key): d.title for d in docs}
    locales = ("en", *REACT_REPOS)
    written = []
    for d in docs:
        locale, chrome = d.locale, ctx["chrome"][d.locale]
        body = outside_code(d.body, lambda b: re.sub(
            r"[ \t]*\{/\*\s*([^*]*?)\s*\*/\}[ \t]*$", r" {#\1}", b, flags=re.M))
        body = reduce_components(body)
        content = md.render(body)

        def local(m: re.Match[str], locale: str = locale) -> str:
            href = html.unescape(m.group(1))
            if not href.startswith("/") or href.startswith("//"):
                return m.group(0)
            path, _, frag = href.partition("#")
            key = path.strip("/")
            if ("en", key) not in served:
                return f'href="https://react.dev{escape(href)}"'
            target = locale if (locale, key) in served else "en"
            return f'href="{react_url(target, key)}{"#" + escape(frag) if frag else ""}"'

        content = re.sub(r'href="([^"]*)"', local, content)
        parts = d.key.split("/")
        crumbs = "".join(
            f'<a class="text-link" href="{react_url(locale, "/".join(parts[:i]))}">'
            f'{escape(titles.get((locale, "/".join(parts[:i])), parts[i - 1]))}</a>'
            for i in range(1, len(parts)) if (locale, "/".join(parts[:i])) in served)
        alternates = (f'<link rel="alternate" href="{react_url("en", d.key)}" hreflang="x-default">'
                      + "".join(f'<link rel="alternate" hreflang="{loc}" href="{react_url(loc, d.key)}">'
                                for loc in locales if loc != "en"))
        sidebar = "".join(
            f'<li><a class="p-2 pe-2 w-full rounded-none" href="{react_url(locale, k)}">'
            f"{escape(titles[(locale, k)])}</a></li>"
            for (loc, k) in sorted(served) if loc == locale and k.split("/")[0] == parts[0])
        footer = "".join(f'<a class="text-sm" href="{react_url(locale, "")}">{escape(t)}</a>'
                         for t in chrome["footer"])
        html_lang = "en" if locale == "en" else locale
        title = escape(d.title)
        page = f"""<!DOCTYPE html><html lang="{html_lang}" dir="ltr"><head><meta charSet="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/><title>{title}{escape(chrome['title'])}</title>
<link rel="canonical" href="{react_url(locale, d.key)}"/>{alternates}
<meta property="og:type" content="website"/><meta property="og:title" content="{title}{escape(chrome['title'])}"/></head>
<body class="font-text font-medium antialiased text-lg bg-wash dark:bg-wash-dark text-secondary dark:text-secondary-dark leading-base">
<div id="__next"><div class="h-[60px] sticky top-0 z-50"><nav class="duration-300 backdrop-filter backdrop-blur-lg backdrop-saturate-200 transition-shadow bg-opacity-90 items-center w-full flex justify-between bg-wash dark:bg-wash-dark dark:bg-opacity-95 px-1.5 lg:pe-5 lg:ps-4 z-50">
<a class="active:scale-95 overflow-hidden transition-transform relative items-center text-primary dark:text-primary-dark p-1 whitespace-nowrap outline-link rounded-full 3xl:rounded-xl inline-flex text-lg font-normal gap-2" href="{react_url(locale, '')}">React</a>
<button type="button" class="flex 3xl:w-[56rem] 3xl:mx-0 relative ps-4 pe-1 py-1 h-10 bg-gray-30/20 dark:bg-gray-40/20 outline-none focus:outline-link betterhover:hover:bg-opacity-80 pointer items-center text-start w-full text-gray-30 rounded-full align-middle text-base">Search<span class="ms-auto hidden sm:flex item-center me-1"><kbd class="border border-transparent me-1 bg-wash dark:bg-wash-dark text-gray-30 align-middle p-0 inline-flex justify-center items-center text-xs text-center rounded-md h-6 w-6">Ctrl</kbd><kbd>K</kbd></span></button>
<div class="text-base justify-center items-center gap-1.5 flex 3xl:flex-1 flex-row 3xl:justify-end"><a href="{react_url(locale, 'learn')}">Learn</a><a href="{react_url(locale, 'reference/react')}">Reference</a><a href="{react_url(locale, 'community')}">Community</a><a href="{react_url(locale, 'blog')}">Blog</a></div></nav></div>
<div class="grid grid-cols-only-content lg:grid-cols-sidebar-content 2xl:grid-cols-sidebar-content-toc"><div class="lg:-mt-16 z-10"><div class="fixed top-0 py-0 shadow lg:pt-16 lg:sticky start-0 end-0 w-full lg:h-screen flex flex-col overflow-hidden lg:overflow-auto lg:shadow-none dark:shadow-none z-20"><aside class="lg:grow flex-col w-full pb-8 lg:pb-0 lg:max-w-custom-xs z-10 hidden lg:block"><nav role="navigation" class="w-full pt-6 scrolling-touch lg:h-auto grow pe-0 lg:pe-5 lg:pb-16 md:pt-4 lg:pt-4 scrolling-gradient"><ul>{sidebar}</ul></nav></aside></div></div>
<main class="min-w-0 isolate"><article class="font-normal break-words text-primary dark:text-primary-dark"><div class="ps-0"><div><div class="px-5 sm:px-12 pt-3.5"><div class="max-w-4xl ms-0 2xl:mx-auto">
<div class="flex flex-wrap">{crumbs}</div><h1 class="mdx-heading text-primary dark:text-primary-dark -mx-.5 break-words text-5xl font-display font-bold leading-tight">{title}</h1></div></div></div>
<div class="px-5 sm:px-12"><div class="max-w-7xl mx-auto">
{content}
</div><div class="flex flex-col md:flex-row md:justify-between md:items-center max-w-7xl py-4 md:py-12"></div></div></div></article>
<div class="self-stretch w-full"><div class="w-full px-5 pt-10 mx-auto sm:px-12 md:px-12 md:pt-12 lg:pt-10"><hr class="mx-auto max-w-7xl border-border dark:border-border-dark"/></div>
<div class="py-12 px-5 sm:px-12 md:px-12 sm:py-12 md:py-16 lg:py-14"><footer class="text-secondary dark:text-secondary-dark"><div class="grid grid-cols-2 gap-x-12 gap-y-8 sm:grid-cols-3 xl:grid-cols-5 max-w-7xl mx-auto">{footer}
<div class="text-xs text-center sm:text-start">Copyright © Meta Platforms, Inc</div></div></footer></div></div></main>
<div class="hidden -mt-16 lg:max-w-custom-xs 2xl:block"><nav role="navigation" class="pt-20 sticky top-0 end-0"><h2 class="mb-3 lg:mb-3 uppercase tracking-wide font-bold text-sm text-secondary dark:text-secondary-dark px-4 w-full">On this page</h2></nav></div></div></div>
</body></html>
"""
        path = react_url(locale, d.key)
        write(page_file(root, path, pretty=not d.key), page)
        written.append(path)
    return written


# --------------------------------------------------------------------------- driver

@dataclass(frozen=True)
class Corpus:
    name: str
    project: str
    collect: Callable[[Path, int | None], tuple[list[Doc], dict[str, Any]]]
    render: Callable[[list[Doc], dict[str, Any], Path], list[str]]
    url: Callable[[str, str], str]  # (locale, key) -> URL path
    source_locale: str
    locale_pattern: str  # regex with (?P<locale>...), matched against the URL path
    article_pattern: str  # regex on the URL path with the locale removed
    html_lang: dict[str, str]  # site locale -> the language tag the audit reports it as
    fallback: str  # how untranslated pages are served


def _otel_url(locale: str, key: str) -> str:
    prefix = "" if locale == "en" else f"/{locale}"
    return f"{prefix}/{key}/" if key else f"{prefix}/"


CORPORA: dict[str, Corpus] = {
    "otel": Corpus(
        "otel", "opentelemetry.io (Hugo + Docsy)", otel_collect, otel_render, _otel_url, "en",
        r"^/(?P<locale>" + "|".join(OTEL_LOCALES) + r")(?:/|$)", r"^/[^/?#]", OTEL_HTML_LANG,
        "Hugo module mounts: a docs/ page missing in a locale is served under /<lang>/docs/ "
        "with the English text, <html lang=en>, canonical to the English page, and the "
        "locale's 'not yet translated' notice (English notice where the locale has none)"),
    "vue": Corpus(
        "vue", "vuejs.org (VitePress) + vuejs-translations/docs-{zh-cn,ja,ko,fr}", vue_collect,
        vue_render, vue_url, "en-US", r"^/(?P<locale>" + "|".join(VUE_REPOS) + r")(?:/|$)",
        r"^/[^/?#]", VUE_HTML_LANG,
        "each translation repository is a full copy of the English one: a page not translated "
        "yet is the English file, served under the localized site with its <html lang> "
        "(sites served here under /<lang>/ instead of their own hosts)"),
    "react": Corpus(
        "react", "react.dev (Next.js) + reactjs/{zh-hans,ja,ko,es}.react.dev", react_collect,
        react_render, react_url, "en", r"^/(?P<locale>" + "|".join(REACT_REPOS) + r")(?:/|$)",
        r"^/[^/?#]", {"en": "en"} | {k: k for k in REACT_REPOS},
        "each translation repository is a full copy of the English one: a page not translated "
        "yet is the English file, served under the localized site with its <html lang> and "
        "hreflang (sites served here under /<lang>/ instead of their own hosts)"),
}


def build(corpus: Corpus, mirror: Path, data: Path, max_fallback: int | None) -> dict[str, Any]:
    docs, ctx = corpus.collect(mirror, max_fallback)
    src, site = data / "src" / corpus.name, data / "site" / corpus.name
    for old in (src, site):
        if old.exists():
            shutil.rmtree(old)
    for d in docs:
        write(src / d.locale / f"{d.key or '_home'}.md", d.body)
    written = corpus.render(docs, ctx, site)
    sitemap(site, written)
    write(site / "robots.txt", "User-agent: *\nAllow: /\n")
    pages = [{"path": corpus.url(d.locale, d.key), "locale": d.locale, "key": d.key,
              "kind": d.kind, "file": f"{d.repo}:{d.repo_path}"} for d in docs]
    locales: dict[str, dict[str, list[str]]] = {}
    for d in sorted(docs, key=lambda d: d.key):
        if d.kind != "source" and d.key:
            entry = locales.setdefault(d.locale, {"translated": [], "fallback": [],
                                                  "partial": []})
            entry[d.kind].append(d.key)
    repos = sorted({d.repo for d in docs})
    heads = {name: Repo(mirror, name).head for name in repos}
    summary = {
        "corpus": corpus.name, "project": corpus.project, "repos": heads,
        "source_locale": corpus.source_locale, "locale_pattern": corpus.locale_pattern,
        "article_pattern": corpus.article_pattern,
        "html_lang": corpus.html_lang, "fallback": corpus.fallback,
        "max_fallback_per_locale": max_fallback,
        "source_pages": sum(1 for d in docs if d.kind == "source" and d.key),
        "locales": {loc: locales[loc] for loc in sorted(locales)},
    }
    write(data / "truth" / f"{corpus.name}.json", json.dumps({**summary, "pages": pages}))
    write(HERE / "truth" / f"{corpus.name}.json", json.dumps(summary, indent=0,
                                                               ensure_ascii=False) + "\n")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", choices=sorted(CORPORA),
                        help="render only this corpus (repeatable); default all")
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--mirror", default=DEFAULT_MIRROR)
    parser.add_argument("--max-fallback", type=int, default=120,
                        help="fallback pages served per locale, a deterministic sample "
                             "(0: none, -1: all)")
    args = parser.parse_args()
    cap = None if args.max_fallback < 0 else args.max_fallback
    for name in args.corpus or sorted(CORPORA):
        summary = build(CORPORA[name], Path(args.mirror), Path(args.data), cap)
        counts = ", ".join(f"{loc} {len(v['translated'])}+{len(v['partial'])}+"
                           f"{len(v['fallback'])}" for loc, v in summary["locales"].items())
        print(f"{name}: {summary['source_pages']} source pages; translated+partial+fallback "
              f"per locale: {counts}")


if __name__ == "__main__":
    main()
