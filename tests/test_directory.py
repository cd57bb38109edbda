"""`source: directory`: a static site's build folder read from disk gives the numbers worked
out from how each folder was built (tests/sites/folders.py), and the same numbers, URLs and
findings as crawling the same folder served over HTTP."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from locaudit.demo.server import SiteServer
from locaudit.sources.site_files import SiteFiles, public_base_url
from tests.sites import folders
from tests.test_audit_sites import SCHEMA, counts
from tests.test_cli import run_cli

PUBLIC = "https://docs.example.org"


def audit(target: str | Path, out: Path, *args: str) -> dict[str, Any]:
    result = run_cli("audit", str(target), "-f", "json", "-o", str(out), "--no-progress",
                     *args)
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(report, SCHEMA)
    return report


def page_urls(report: dict[str, Any]) -> set[str]:
    return {a["source_url"] for a in report["articles"]} | {
        t["url"] for a in report["articles"] for t in a["translations"].values() if t["url"]}


def built(tmp_path: Path, name: str, base: str = PUBLIC) -> Path:
    root = tmp_path / name
    folders.BUILDERS[name](root, base)
    return root


def folder_config(tmp_path: Path, root: Path, site: str = "", crawl: str = "") -> Path:
    config = tmp_path / "site.yaml"
    config.write_text(f"site:\n  source: directory\n  directory: {root.name}\n{site}"
                      f"crawl:\n  store: store/\n{crawl}", encoding="utf-8")
    return config


def test_hugo_folder(tmp_path: Path) -> None:
    root = built(tmp_path, "hugo")
    report = audit(root, tmp_path / "r.json")
    assert counts(report) == {"de": (2, 0, 0, 4), "fr": (4, 0, 1, 1)}
    assert report["summary"]["source_articles"] == 6
    # The folder's sitemap names its public host: pages get their public URLs, so the
    # absolute hreflang links in the files name them.
    urls = page_urls(report)
    assert f"{PUBLIC}/fr/posts/install/" in urls
    assert all(u.startswith(f"{PUBLIC}/") for u in urls)
    untranslated = [f for f in report["findings"] if f["type"] == "untranslated_content"]
    assert [(f["locale"], f["url"]) for f in untranslated] == [
        ("fr", f"{PUBLIC}/fr/posts/backup/")]
    broken = [f for f in report["findings"] if f["type"] == "broken_link"]
    assert [f["url"] for f in broken] == [f"{PUBLIC}/posts/deploy/"]
    assert f'"Roll back" on this page points to {PUBLIC}/posts/rollback/' in \
        broken[0]["message"]
    # 6 + 5 + 2 posts, 3 homes, the alias stub, the linked PDF and the dead link; 404.html,
    # the stylesheet and the sitemaps are no pages.
    assert (report["crawl"]["pages"], report["crawl"]["errors"]) == (19, 1)
    assert report["crawl"]["complete"] is True


def test_docusaurus_folder_with_clean_urls(tmp_path: Path) -> None:
    root = built(tmp_path, "docusaurus")
    report = audit(root, tmp_path / "r.json")
    assert counts(report) == {"fr": (3, 0, 2, 0), "ja": (2, 0, 3, 0)}
    # docs/intro.html is linked as /docs/intro: that is its URL, as hreflang says.
    assert [a["key"] for a in report["articles"]] == [f"/docs/{d}" for d in sorted(
        folders.DOCUSAURUS_DOCS)]
    urls = page_urls(report)
    assert f"{PUBLIC}/ja/docs/intro" in urls
    assert Counter(f["type"] for f in report["findings"]) == {"untranslated_content": 5}


def test_mkdocs_folder(tmp_path: Path) -> None:
    root = built(tmp_path, "mkdocs")
    report = audit(root, tmp_path / "r.json")
    assert counts(report) == {"de": (2, 0, 0, 2), "es": (3, 0, 0, 1)}
    # 3 homes + 4 + 2 + 3 pages; sitemap.xml.gz repeats sitemap.xml: read once each URL.
    assert report["crawl"]["pages"] == 12


def test_sphinx_folder_without_a_public_address(tmp_path: Path) -> None:
    """No sitemap, no start URL: pages get the local address http://localhost/."""
    root = built(tmp_path, "sphinx")
    report = audit(folder_config(tmp_path, root), tmp_path / "r.json")
    assert report["site"]["name"] == "sphinx"
    # The version's index (/xx/latest/) is an article too: 6 in all, fr has 4.
    assert counts(report) == {"fr": (4, 0, 0, 2)}
    urls = page_urls(report)
    assert "http://localhost/fr/latest/api.html" in urls
    broken = [f for f in report["findings"] if f["type"] == "broken_link"]
    assert [f["url"] for f in broken] == ["http://localhost/en/latest/tutorial.html"]
    assert "http://localhost/en/latest/missing.html" in broken[0]["message"]


def test_include_exclude_apply_to_paths(tmp_path: Path) -> None:
    built(tmp_path, "hugo")
    # `directory` alone implies `source: directory`.
    config = tmp_path / "site.yaml"
    config.write_text(f"site:\n  directory: hugo\n  start_urls: ['{PUBLIC}/']\n"
                      "  exclude: ['^/de/']\ncrawl:\n  store: store/\n")
    report = audit(config, tmp_path / "r.json")
    assert counts(report) == {"fr": (4, 0, 1, 1)}


@pytest.mark.parametrize("name", sorted(folders.BUILDERS))
def test_folder_reads_like_a_crawl_of_it(tmp_path: Path, name: str) -> None:
    """The folder served by a static host and crawled, and read from disk with the host's
    address as its base: the same report but for the timings."""
    root = tmp_path / name
    with SiteServer(folders.build_and_serve(root, name)) as server:
        crawled = audit(server.base_url + "/", tmp_path / "crawl.json")
    config = folder_config(tmp_path, root, f"  start_urls: ['{server.base_url}/']\n")
    read = audit(config, tmp_path / "read.json")
    for report in (crawled, read):
        report["crawl"].pop("duration_s")
        report.pop("generated_at")
        report["site"].pop("name")
    assert read["articles"] and read["locales"]
    assert read == crawled


def test_errors(tmp_path: Path) -> None:
    missing = run_cli("audit", str(tmp_path / "nope"))
    assert missing.returncode == 2
    assert "no such config file or folder" in missing.stderr
    (tmp_path / "empty").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets/style.css").write_text("a{}")
    for folder in ("empty", "assets"):
        result = run_cli("audit", str(tmp_path / folder))
        assert result.returncode == 3
        assert result.stderr.strip() == (
            f"locaudit: error: no HTML page found in {(tmp_path / folder).resolve()}")
    config = tmp_path / "c.yaml"
    config.write_text("site:\n  source: directory\n")
    result = run_cli("audit", str(config))
    assert result.returncode == 2
    assert "site.directory: missing" in result.stderr
    config.write_text(f"site:\n  start_urls: ['{PUBLIC}/']\n  directory: public/\n"
                      "  source: crawl\n")
    result = run_cli("audit", str(config))
    assert result.returncode == 2
    assert "c.yaml:3: site.directory: is read only with site.source: directory, not " \
        "crawl" in result.stderr
    config.write_text("site:\n  source: directory\n  directory: gone/\n")
    result = run_cli("audit", str(config))
    assert result.returncode == 2
    assert f"site.directory: {tmp_path / 'gone'} is not a folder" in result.stderr
    # Every HTML page excluded: nothing in scope, named as such.
    root = built(tmp_path, "mkdocs")
    config = folder_config(tmp_path, root, "  exclude: ['.']\n")
    result = run_cli("audit", str(config))
    assert result.returncode == 3
    assert "is in scope" in result.stderr


def test_static_host_rules(tmp_path: Path) -> None:
    folders.write(tmp_path, {"index.html": "", "guide/index.html": "", "faq.html": "",
                             "404.html": "", "fr/404.html": "", "logo.png": b"",
                             "bar/index.html": ""})
    site = SiteFiles.walk(tmp_path, "https://d.example/docs")
    assert site.html_files() == ["bar/index.html", "faq.html", "guide/index.html",
                                 "index.html"]
    assert [site.url_of(f) for f in site.html_files()] == [
        "https://d.example/docs/bar/", "https://d.example/docs/faq.html",
        "https://d.example/docs/guide/", "https://d.example/docs/"]
    assert replace(site, clean_urls=True).url_of("faq.html") == "https://d.example/docs/faq"
    resolve = site.resolve
    assert resolve("https://d.example/docs/") == "index.html"
    assert resolve("https://d.example/docs/guide/") == "guide/index.html"
    assert resolve("https://d.example/docs/faq") == "faq.html"  # pretty URL
    assert resolve("https://d.example/docs/faq.html?tab=2") == "faq.html"
    assert resolve("https://d.example/docs/bar") == "bar/index.html"  # a host redirects
    assert resolve("https://d.example/docs/logo.png") == "logo.png"
    for dead in ("https://d.example/docs/faq/", "https://d.example/docs/nope",
                 "https://d.example/guide/", "https://other.example/docs/faq.html"):
        assert resolve(dead) is None


def test_clean_urls_follow_the_links(tmp_path: Path) -> None:
    """`a.html` is `/a` when the site links it so, `/a.html` when it links that."""
    folders.write(tmp_path / "clean", {"index.html": '<a href="/a">A</a><a href="b">B</a>',
                                       "a.html": "", "b.html": ""})
    folders.write(tmp_path / "plain", {"index.html": '<a href="a.html">A</a>',
                                       "a.html": '<a href="b">B</a><a href="b.html">B</a>',
                                       "b.html": '<a href="a.html">A</a>'})
    assert SiteFiles.walk(tmp_path / "clean", "http://h/").clean_urls is True
    assert SiteFiles.walk(tmp_path / "plain", "http://h/").clean_urls is False


def test_public_address_only_when_the_sitemap_lists_this_folder(tmp_path: Path) -> None:
    root = built(tmp_path, "mkdocs")
    assert public_base_url(root) == f"{PUBLIC}/"
    assert public_base_url(built(tmp_path, "sphinx")) is None  # no sitemap
    # Served under /v2/ elsewhere: the sitemap's paths are not the folder's from the root.
    moved = tmp_path / "moved"
    folders.mkdocs(moved, "https://elsewhere.example/v2")
    assert public_base_url(moved) is None


def test_robots_rules_and_redirects_in_the_folder(tmp_path: Path) -> None:
    root = built(tmp_path, "hugo")
    folders.write(root, {
        "robots.txt": "User-agent: *\nDisallow: /de/\n",
        # An alias whose target was deleted: a redirect to the host's 404.
        "posts/gone/index.html": '<meta http-equiv="refresh" content="0; url=/posts/old/">',
    })
    report = audit(root, tmp_path / "r.json")
    assert counts(report) == {"fr": (4, 0, 1, 1)}
    blocked = [f for f in report["findings"] if f["type"] == "blocked_by_robots"]
    assert sorted(f["url"] for f in blocked) == [  # the de home and its 2 posts
        f"{PUBLIC}/de/", f"{PUBLIC}/de/posts/configure/", f"{PUBLIC}/de/posts/install/"]
    # 19 pages as before, less the 3 blocked, plus the stub (a redirect to a 404).
    assert (report["crawl"]["pages"], report["crawl"]["robots_blocked"]) == (17, 3)
    broken = {f["url"] for f in report["findings"] if f["type"] == "broken_page"}
    assert broken == {f"{PUBLIC}/posts/old/"}


def test_oversized_and_oddly_named_files(tmp_path: Path) -> None:
    root = built(tmp_path, "mkdocs")
    big = "<p>" + "word " * 300_000 + "</p>"  # 1.5 MB
    folders.write(root, {"big/index.html": folders.page("en", "Big", big)})
    (root / "caf\udce9.html".encode("utf-8", "surrogateescape").decode(
        "utf-8", "surrogateescape")).write_bytes(b"<html lang=en></html>")
    config = folder_config(tmp_path, root, crawl="  max_page_bytes: 1000000\n")
    report = audit(config, tmp_path / "r.json")
    errors = [f for f in report["findings"] if f["type"] == "crawl_error"]
    assert [f["url"] for f in errors] == ["http://localhost/big/"]
    assert "max_page_bytes (1000000 bytes)" in errors[0]["message"]
    assert report["crawl"]["pages"] == 13  # 12 as before and the big one; not the odd name


def test_astro_sitemap_index(tmp_path: Path) -> None:
    """Astro's sitemap-index.xml -> sitemap-0.xml: the public address comes from the index,
    and a URL the sitemap lists that no file answers is a dead sitemap URL."""
    root = built(tmp_path, "mkdocs")
    (root / "sitemap.xml").unlink()
    (root / "sitemap.xml.gz").unlink()
    listed = [(f"{PUBLIC}/install/", []), (f"{PUBLIC}/removed/", [])]
    folders.write(root, {"sitemap-index.xml": folders.sitemap_index([f"{PUBLIC}/sitemap-0.xml"]),
                         "sitemap-0.xml": folders.sitemap(listed)})
    assert public_base_url(root) == f"{PUBLIC}/"
    report = audit(root, tmp_path / "r.json")
    assert counts(report) == {"de": (2, 0, 0, 2), "es": (3, 0, 0, 1)}
    dead = [f for f in report["findings"] if f["type"] == "sitemap_dead_url"]
    assert len(dead) == 1 and f"{PUBLIC}/removed/" in dead[0]["message"]


def test_each_bare_folder_has_its_own_store(tmp_path: Path) -> None:
    """Bare folders share the local address: their stores are named after the folders, so
    `report` of one never shows the other."""
    built(tmp_path, "sphinx")
    built(tmp_path, "mkdocs")
    for name in ("sphinx", "mkdocs"):
        result = run_cli("crawl", name, "--no-progress", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / ".locaudit").glob("*.sqlite")) == [
        "mkdocs.sqlite", "sphinx.sqlite"]
    result = run_cli("report", "sphinx", "-f", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert counts(json.loads(result.stdout)) == {"fr": (4, 0, 0, 2)}
