"""Kill anywhere: `kill -9` of a real `locaudit audit` at random moments (starting up, during
sitemap discovery, mid-crawl, while finishing), with and without an earlier finished crawl
in the store. Each time the earlier crawl is still there, and the next run's report equals
an uninterrupted run's, counts and `crawl.pages` alike.

The site has a sitemap that answers slowly (discovery is a large share of each run, so
kills land there), pages in two languages, and an endless `?page=N` list that only the
trap guards stop: a resumed crawl must refuse exactly what an uninterrupted one refuses.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from locaudit.audit import analyze, open_store
from locaudit.config import load_config
from locaudit.demo import texts
from locaudit.demo.server import Resource, Site, SiteServer
from locaudit.formats.json_format import format as json_report
from tests.report_fixture import comparable
from tests.test_cli import SRC, run_cli

ARTICLES = 10
TRANSLATED = 6  # /fr/p/0 .. /fr/p/5
SITEMAP_DELAY = 0.4
SEEDS = 20


def kill_site(base: str) -> Site:
    """10 English articles, 6 in French, an index; a slow sitemap with lastmod and hreflang;
    an endless `/list?page=N` list (page N links to N+1 .. N+5) that the trap guard cuts at 50
variants: pages 1-50 are fetched, 51-55 refused, whatever the order of the fetches."""
    page = ("<!doctype html><html lang={lang}><head><title>{title}</title>{alts}</head>"
            "<body><main><h1>{title}</h1><p>{body}</p>{links}</main></body></html>")
    site: dict[str, Resource] = {
        "/robots.txt": Resource("User-agent: *\nAllow: /\n",
                                headers={"Content-Type": "text/plain"}),
    }
    index_links = "".join(f'<a href="/p/{i}">{i}</a>' for i in range(ARTICLES))
    site["/"] = Resource(page.format(lang="en", title="Help", alts="", body="Index",
                                     links=index_links + '<a href="/list?page=1">all</a>'))
    entries = []
    for i in range(ARTICLES):
        langs = ["en", "fr"] if i < TRANSLATED else ["en"]
        hrefs = {lang: f"{base}{'/fr' if lang == 'fr' else ''}/p/{i}" for lang in langs}
        alts = "".join(f'<link rel="alternate" hreflang="{lang}" href="{href}">'
                       for lang, href in hrefs.items())
        for lang in langs:
            path = hrefs[lang].removeprefix(base)
            site[path] = Resource(page.format(
                lang=lang, title=texts.title(i, lang), alts=alts,
                body=" ".join(texts.paragraphs(i, lang, count=1)), links='<a href="/">home</a>'),
                headers={"ETag": f'"{lang}{i}"'})
        # The sitemap lists only the even English articles (the rest are found by links)
        # and gives them a lastmod: lose the sitemap rows and the report changes.
        if i % 2 == 0:
            entries.append(f"<url><loc>{hrefs['en']}</loc><lastmod>2026-0{1 + i % 9}-15"
                           "</lastmod></url>")
    site["/sitemap.xml"] = Resource(
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
        f'schemas/sitemap/0.9">{"".join(entries)}</urlset>',
        headers={"Content-Type": "application/xml"}, delay=SITEMAP_DELAY)
    for n in range(1, 120):
        site[f"/list?page={n}"] = Resource(page.format(
            lang="en", title=f"All articles, page {n}", alts="", body="List",
            links="".join(f'<a href="/list?page={n + k}">{n + k}</a>' for k in range(1, 6))))
    return site


def _config(directory: Path, base: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "site.yaml"
    path.write_text(f"site:\n  start_urls: ['{base}/']\n  article_pattern: '/p/'\n"
                    "crawl:\n  rate_limit: 0\n  concurrency: 4\n  store: store/\n",
                    encoding="utf-8")
    return path



def _stored_report(config: Path) -> dict[str, Any]:
    """What `locaudit report` shows, computed in this process (no subprocess: cheaper),
    with the trap guards' count, which the JSON report does not carry."""
    cfg = load_config(config)
    store = open_store(cfg, read_only=True)
    try:
        report = comparable(json.loads(json_report(analyze(cfg, store))))
        report["crawl"]["trap_skipped"] = analyze(cfg, store).crawl.trap_skipped
        return report
    finally:
        store.close()


def _kill_at_random(server: SiteServer, config: Path, rng: random.Random, mode: str
                    ) -> str:
    """Start `locaudit audit`, SIGKILL it at a random moment of the kind `mode` says;
    returns when it was killed: 'discovery', 'crawl' or 'other'."""
    first = len(server.arrivals)
    env = {**os.environ, "PYTHONPATH": SRC}
    proc = subprocess.Popen([sys.executable, "-m", "locaudit", "audit", str(config),
                             "--no-progress", "--format", "json"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.monotonic()
    deadline = started + 30

    def arrived(predicate: Any) -> bool:
        return any(predicate(path) for path, _, _ in server.arrivals[first:])

    if mode == "discovery":  # between the sitemap request and its answer
        while not arrived(lambda p: p == "/sitemap.xml") and time.monotonic() < deadline \
                and proc.poll() is None:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, SITEMAP_DELAY * 0.9))
    elif mode == "crawl":  # after the k-th page request
        k = rng.randint(1, ARTICLES + TRANSLATED + 50)
        while sum(1 for p, _, _ in server.arrivals[first:] if p not in
                  ("/robots.txt", "/sitemap.xml")) < k and time.monotonic() < deadline \
                and proc.poll() is None:
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.03))
    else:  # any moment of a whole run: starting up, finishing, analysing
        time.sleep(rng.uniform(0, 4.0))
    killed_at = time.monotonic()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    paths = [path for path, when, _ in server.arrivals[first:] if when < killed_at]
    pages = [p for p in paths if p not in ("/robots.txt", "/sitemap.xml")]
    if "/sitemap.xml" in paths and not pages:
        return "discovery"
    return "crawl" if pages else "other"


def _lane(seeds: list[int], root: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """This lane's own site: an uninterrupted run (the reference, and the finished crawl
    that half the seeds start from), then kill and rerun, seed after seed."""
    kinds: dict[str, int] = {}
    with SiteServer(kill_site) as server:
        reference_config = _config(root / f"reference{seeds[0]}", server.base_url)
        whole = run_cli("audit", str(reference_config), "--format", "json", "--no-progress")
        assert whole.returncode == 0, whole.stderr
        reference = comparable(json.loads(whole.stdout))
        reference["crawl"]["trap_skipped"] = \
            _stored_report(reference_config)["crawl"]["trap_skipped"]
        for seed in seeds:
            rng = random.Random(seed)
            earlier = seed % 4 >= 2  # half the seeds: a finished crawl is already stored
            config = _config(root / f"seed{seed}", server.base_url)
            if earlier:
                shutil.copytree(reference_config.parent / "store", config.parent / "store")
            mode = ("discovery", "crawl", "other")[seed % 3] if seed % 5 else "discovery"
            kind = _kill_at_random(server, config, rng, mode)
            kinds[kind] = kinds.get(kind, 0) + 1
            if earlier:  # the kill left the last finished crawl as it was
                stored = _stored_report(config)
                stored["notes"] = [n for n in stored["notes"] if "has not finished" not in n]
                assert stored == reference, (seed, kind)
            rerun = run_cli("audit", str(config), "--format", "json", "--no-progress")
            assert rerun.returncode == 0, (seed, kind, rerun.stderr)
            report = comparable(json.loads(rerun.stdout))
            report["crawl"]["trap_skipped"] = _stored_report(config)["crawl"]["trap_skipped"]
            assert report == reference, (seed, kind)
        host = server.base_url.removeprefix("http://")  # the lanes' ports differ
        return json.loads(json.dumps(reference).replace(host, "<host>")), kinds


def test_kill_anywhere_then_rerun_gives_the_uninterrupted_report(tmp_path: Path) -> None:
    t0, cpu0 = time.monotonic(), _children_cpu()
    # Two lanes at once, each with its own server: most of a run is waiting (process
    # start, the slow sitemap), so two lanes nearly halve the test's time.
    with ThreadPoolExecutor(2) as pool:
        lanes = [pool.submit(_lane, list(range(lane, SEEDS, 2)), tmp_path) for lane in (0, 1)]
        results = [lane.result() for lane in lanes]
    (reference, kinds_a), (other, kinds_b) = results
    assert reference == other
    assert reference["crawl"]["pages"] == 1 + ARTICLES + TRANSLATED + 50
    assert reference["crawl"]["trap_skipped"] == 5
    kinds = {k: kinds_a.get(k, 0) + kinds_b.get(k, 0) for k in {*kinds_a, *kinds_b}}
    assert kinds.get("discovery", 0) >= 5 and kinds.get("crawl", 0) >= 5, kinds
    print(f"kill anywhere: {SEEDS} seeds, kills {kinds}, {time.monotonic() - t0:.1f} s, "
          f"{_children_cpu() - cpu0:.1f} s CPU in locaudit processes, load {os.getloadavg()}")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
