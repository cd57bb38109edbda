"""End-to-end crawl benchmark: pages/s, CPU per stage, peak memory.

    python benchmarks/crawl_bench.py                 # 20,000 pages, 5 locales
    python benchmarks/crawl_bench.py --pages 100000  # peak RSS at scale
    python benchmarks/crawl_bench.py --peer          # also crawl with advertools (Scrapy);
                                                     # pip install -r benchmarks/requirements.txt

Generates a multilingual help site (Zendesk-style URLs, hreflang) of 30-60 KB pages, spread
evenly, mean ~44 KB: theme CSS/config and a logo inline, breadcrumbs, a 120-link "articles in
this section" sidebar (~140 links a page), an article body of headings, paragraphs, steps and
code. Serves it from nginx when installed (else a threaded Python server, which it says; or
--python-server), runs what `locaudit audit` runs (audit.run_audit, as crawl_site + analyze
to time them apart) with rate limits off, and prints pages/s end to end, CPU a page per stage
(counted during the run by timing wrappers this script installs around the stage functions
of the crawl loop and of the extraction workers: thread CPU time; the rest of the main
process's CPU is fetching), peak RSS of every
locaudit process, the load average and how much CPU other processes took meanwhile.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from functools import partial, wraps
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

LOCALES = {"en-us": "en", "de": "de", "fr": "fr", "ja": "ja", "es": "es"}


SIDEBAR_LINKS = 120  # "Articles in this section": with breadcrumbs, related, languages ~135 links
MIN_KB, MAX_KB = 30, 60


def _sections(lang: str) -> list[str]:
    """Article body blocks (heading, paragraphs, steps, sometimes code), ~1-2 KB each."""
    from locaudit.demo import texts

    blocks = []
    for j in range(24):
        paras = "".join(f"<p>{p}</p>" for p in texts.paragraphs(j, lang, count=3, per=3))
        steps = "".join(f'<li class="step">{s}</li>' for s in texts.steps(j, lang))
        code = (f'<pre><code class="language-json">{{"id": {j}, "enabled": true, '
                f'"locale": "{lang}"}}</code></pre>' if j % 4 == 0 else "")
        blocks.append(f'<h2 id="h_{j:04d}">{texts.title(j, lang)}</h2>{paras}'
                      f'<ol class="steps">{steps}</ol>{code}')
    return blocks


def _chrome(lang: str) -> tuple[str, str, str]:
    """What every page of a hosted help center carries besides the article: inline theme
    config and CSS in <head>, a logo SVG, scripts at the end of <body>."""
    config = ",".join(f'"feature_{k}":{{"enabled":{str(k % 2 == 0).lower()},'
                      f'"variant":"v{k % 7}","rollout":{k * 3 % 100}}}' for k in range(60))
    css = "".join(f".hc-c{k}{{margin:{k % 5}px {k % 9}px;color:#{k * 4111 % 0xFFFFFF:06x};"
                  f"font-size:{12 + k % 6}px}}" for k in range(90))
    svg = ('<svg class="logo" viewBox="0 0 120 32" aria-hidden="true">'
           + "".join(f'<path d="M{k} {k % 7}l{k % 5} {k % 3}h{k % 11}v{k % 13}z"/>'
                     for k in range(30)) + "</svg>")
    head = (f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<link rel="stylesheet" href="/theming/assets/style-{lang}.css">'
            f"<style>{css}</style><script>window.HelpCenter={{{config}}};</script>")
    tail = "".join(f'<script src="/assets/bundle-{k}.js" defer></script>' for k in range(6))
    return head, svg, tail


def generate(root: Path, pages: int) -> int:
    """Write `pages` article pages (split over 5 locales, 30-60 KB each, ~135 links) plus
    per-locale index pages of 500 links."""
    from locaudit.demo import texts

    per_locale = pages // len(LOCALES)
    written = 0
    for locale, lang in LOCALES.items():
        folder = root / "hc" / locale / "articles"
        folder.mkdir(parents=True, exist_ok=True)
        blocks = _sections(lang)
        head, svg, tail = _chrome(lang)
        section_names = texts.SECTIONS[lang]
        names = [f"{360000000 + i}-article" for i in range(per_locale)]
        items = [f'<li class="sidenav-item"><a class="sidenav-link" data-id="{360000000 + i}" '
                 f'href="/hc/{locale}/articles/{names[i]}">{texts.title(i, lang)}</a></li>'
                 for i in range(per_locale)]
        items += items[:SIDEBAR_LINKS + 1]  # wrap around
        for i, name in enumerate(names):
            title = texts.title(i, lang)
            alts = "".join(f'<link rel="alternate" hreflang="{other}" '
                           f'href="/hc/{other}/articles/{name}">' for other in LOCALES)
            languages = "".join(f'<li><a class="lang" href="/hc/{other}/articles/{name}">'
                                f"{other}</a></li>" for other in LOCALES)
            section = section_names[i % len(section_names)]
            related = "".join(items[(i + 7 * k) % per_locale] for k in range(1, 6))
            top = (f'<!DOCTYPE html><html dir="ltr" lang="{locale}"><head><meta charset="utf-8">'
                   f"<title>{title} – Acme Help Center</title>"
                   f'<meta name="description" content="{title}">'
                   f'<meta property="og:title" content="{title}">'
                   f'<link rel="canonical" href="/hc/{locale}/articles/{name}">{alts}{head}'
                   f'</head><body class="article-page locale-{locale}">'
                   f'<header class="header"><a class="logo" href="/hc/{locale}/index-0">{svg}'
                   f'</a><nav class="user-nav"><ul>{languages}</ul></nav></header>'
                   f'<nav class="sub-nav"><ol class="breadcrumbs">'
                   f'<li><a href="/hc/{locale}/index-0">{texts.UI[lang]["home"]}</a></li>'
                   f'<li><a href="/hc/{locale}/index-0">{section}</a></li>'
                   f'<li><a href="/hc/{locale}/articles/{name}">{title}</a></li></ol></nav>'
                   f'<div class="container"><aside class="article-sidebar"><ul class="sidenav">'
                   f'{"".join(items[i + 1:i + 1 + SIDEBAR_LINKS])}</ul></aside>'
                   f'<article class="article"><header class="article-header"><h1>{title}</h1>'
                   f'<div class="article-meta"><time datetime="2024-0{1 + i % 9}-1{i % 10}T'
                   f'09:00:00Z">{texts.UI[lang]["updated"]}</time></div></header>'
                   '<section class="article-info"><div class="article-body">')
            bottom = (f'</div></section><section class="related"><h3>'
                      f'{texts.UI[lang]["related"]}</h3><ul>{related}</ul></section></article>'
                      f'</div><footer class="footer">© Acme</footer>{tail}</body></html>')
            # Page size spread evenly over 30-60 KB (the last block may overshoot by ~2 KB).
            target = (MIN_KB + (i * 7919) % (MAX_KB - MIN_KB - 2)) * 1024
            size = len(top.encode()) + len(bottom.encode())
            body = []
            k = i
            while size < target:
                block = blocks[k % len(blocks)]
                body.append(block)
                size += len(block.encode())
                k += 1
            (folder / f"{name}.html").write_text(top + "".join(body) + bottom,
                                                 encoding="utf-8")
            written += 1
        index_links = [f'<a href="/hc/{locale}/articles/{name}">{i}</a>'
                       for i, name in enumerate(names)]
        chunks = [index_links[k:k + 500] for k in range(0, len(index_links), 500)]
        for n, chunk in enumerate(chunks):
            nxt = f'<a href="/hc/{locale}/index-{n + 1}">more</a>' if n + 1 < len(chunks) else ""
            (root / "hc" / locale / f"index-{n}.html").write_text(
                f'<html lang="{locale}"><body>{"".join(chunk)}{nxt}</body></html>',
                encoding="utf-8")
    start = "".join(f'<a href="/hc/{loc}/index-0">{loc}</a>' for loc in LOCALES)
    (root / "index.html").write_text(f'<html lang="en-us"><body>{start}</body></html>')
    return written


def serve_nginx(root: Path, port: int) -> subprocess.Popen[bytes] | None:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                      else None)
    if nginx is None:
        return None
    conf = root.parent / "nginx.conf"
    conf.write_text(f"""worker_processes 1; daemon off; pid {root.parent}/nginx.pid;
error_log {root.parent}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{ access_log off; default_type text/html; sendfile on; keepalive_requests 100000;
  client_body_temp_path {root.parent}/tmp; proxy_temp_path {root.parent}/tmp;
  fastcgi_temp_path {root.parent}/tmp; uwsgi_temp_path {root.parent}/tmp;
  scgi_temp_path {root.parent}/tmp;
  server {{ listen 127.0.0.1:{port}; root {root};
    location / {{ try_files $uri $uri.html $uri/index.html =404; }} }} }}
""")
    (root.parent / "tmp").mkdir(exist_ok=True)
    proc = subprocess.Popen([nginx, "-c", str(conf)], stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return proc if proc.poll() is None else None


class _Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def translate_path(self, path: str) -> str:
        local = super().translate_path(path)
        return local if os.path.exists(local) or local.endswith("/") else local + ".html"

    def log_message(self, *args: object) -> None:
        pass


def serve_python(root: Path) -> tuple[ThreadingHTTPServer, int]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, httpd.server_address[1]


def _proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and its children, from /proc."""
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return total
    return total + sum(_proc_cpu(int(c)) for c in children)


def _machine_busy() -> float:
    """CPU seconds all processes on the machine have used since boot (/proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


# CPU seconds spent in each stage, counted by the timing wrappers below (thread time, a few
# clock reads a call): in the main process for the crawl loop, in each extraction worker for
# extract/page.py's stages. Nothing in locaudit counts: the wrappers are installed here.
CRAWL_CPU: dict[str, float] = {"links": 0.0, "store": 0.0}
EXTRACT_CPU: dict[str, float] = dict.fromkeys(
    ("decode", "parse", "links", "language", "checks"), 0.0)
# The functions of extract/page.py that make each stage: (stage, function name).
_EXTRACT_STAGES = (("decode", "decode_html"), ("parse", "parse_html"),
                   ("links", "_page_links"), ("language", "_detect_language"),
                   ("checks", "_checked_page"))


def _timed(fn: Callable[..., Any], totals: dict[str, float], stage: str) -> Callable[..., Any]:
    """`fn`, adding the thread CPU time of each call to `totals[stage]`."""
    if getattr(fn, "_bench_timed", False):
        return fn  # already wrapped (a forked worker inherits the parent's wrappers)
    clock = time.thread_time

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = clock()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[stage] += clock() - t0

    wrapper._bench_timed = True  # type: ignore[attr-defined]
    return wrapper


def install_crawl_timers() -> None:
    """Time the crawl loop's link handling (Crawler.enqueue: normalise, dedupe, scope, queue,
    frontier rows) and its store calls (previous-run lookup, page writes)."""
    from locaudit.crawl.crawler import Crawler
    from locaudit.crawl.store import Store

    Crawler.enqueue = _timed(Crawler.enqueue, CRAWL_CPU, "links")  # type: ignore[method-assign]
    Store.previous = _timed(Store.previous, CRAWL_CPU, "store")  # type: ignore[method-assign]
    Store.add_page = _timed(Store.add_page, CRAWL_CPU, "store")  # type: ignore[method-assign]


def install_extract_timers() -> None:
    """Time each stage of extract/page.py's process_fetched (it calls them by module name)."""
    from locaudit.extract import page

    for stage, name in _EXTRACT_STAGES:
        setattr(page, name, _timed(getattr(page, name), EXTRACT_CPU, stage))


def _worker_init(inner: Callable[..., object] | None, inner_args: tuple[object, ...],
                 out_dir: str) -> None:
    """In each extraction worker: the audit's own initializer, then report the worker's CPU
    per stage and peak RSS when it exits."""
    from multiprocessing import util

    if inner is not None:
        inner(*inner_args)
    install_extract_timers()
    util.Finalize(None, _worker_report, args=(out_dir,), exitpriority=0)


def _worker_report(out_dir: str) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    (Path(out_dir) / f"{os.getpid()}.json").write_text(json.dumps(
        {"stages": EXTRACT_CPU, "cpu": _cpu(usage), "maxrss_mb": usage.ru_maxrss / 1024}))


def _instrumented_pool(original: Callable[[], AbstractContextManager[Executor | None]],
                       out_dir: str) -> Callable[[], AbstractContextManager[Executor | None]]:
    """The audit's own extraction pool, unchanged but for workers that also report their CPU
    per stage and peak RSS when they exit. Its workers start on the first task (forkserver),
    so the initializer can be chained until then."""

    @contextmanager
    def pool() -> Iterator[Executor | None]:
        with original() as executor:
            if isinstance(executor, ProcessPoolExecutor) and hasattr(executor, "_initializer"):
                inner = (executor._initializer, executor._initargs)
                executor._initializer = _worker_init
                executor._initargs = (*inner, out_dir)
            yield executor

    return pool


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--peer", action="store_true", help="also crawl with advertools")
    parser.add_argument("--python-server", action="store_true",
                        help="serve with the threaded Python server even if nginx is installed")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from locaudit import audit
    from locaudit.config import parse_config
    from locaudit.sources import crawl as crawl_source

    install_crawl_timers()
    install_extract_timers()  # for extraction inline, when there is no pool

    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)  # nginx workers run as an unprivileged user
        root = Path(tmp) / "site"
        t = time.monotonic()
        written = generate(root, args.pages)
        sizes = [f.stat().st_size / 1024 for f in root.glob("hc/*/articles/*.html")]
        print(f"site: {written} article pages, 5 locales, {min(sizes):.0f}-{max(sizes):.0f} KB "
              f"(mean {sum(sizes) / len(sizes):.0f} KB) a page, generated in "
              f"{time.monotonic() - t:.0f} s")
        port = 18000 + os.getpid() % 1000
        nginx = None if args.python_server else serve_nginx(root, port)
        httpd = None
        if nginx is not None:
            server_name = "nginx (1 worker), a separate process"
        else:
            httpd, port = serve_python(root)
            server_name = ("threaded Python http.server in this process (its CPU counts as "
                           "the main process's)")
        print(f"server: {server_name} on 127.0.0.1:{port}")
        base = f"http://127.0.0.1:{port}"
        config = parse_config(
            f"site:\n  start_urls: ['{base}/']\n  article_pattern: '/articles/'\n"
            f"crawl:\n  rate_limit: 0\n  concurrency: {args.concurrency}\n"
            f"  max_pages: {args.pages * 2}\n  store: store/\n  respect_robots: false\n",
            base_dir=Path(tmp))
        reports = Path(tmp) / "workers"
        reports.mkdir()
        crawl_source.extraction_pool = _instrumented_pool(  # type: ignore[assignment]
            crawl_source.extraction_pool, str(reports))
        load = os.getloadavg()
        print(f"load average before the crawl: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
              f"({os.cpu_count()} cores)")
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        server_cpu0 = _proc_cpu(nginx.pid) if nginx is not None else 0.0
        busy0 = _machine_busy()
        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        t = time.monotonic()
        # What `locaudit audit` runs (audit.run_audit), in two steps to time them apart.
        store = audit.open_store(config)
        try:
            stats = crawl_source.crawl_site(config, store)
            crawl_wall = time.monotonic() - t
            cpu1 = resource.getrusage(resource.RUSAGE_SELF)
            server_cpu = (_proc_cpu(nginx.pid) if nginx is not None else 0.0) - server_cpu0
            busy = _machine_busy() - busy0
            report = audit.analyze(config, store, stats)
        finally:
            store.close()
        wall = time.monotonic() - t
        cpu2 = resource.getrusage(resource.RUSAGE_SELF)
        pages = stats.pages
        print(f"locaudit audit: {pages} pages in {wall:.1f} s = {pages / wall:.0f} pages/s end "
              f"to end (crawl {crawl_wall:.1f} s = {pages / crawl_wall:.0f} pages/s, then "
              f"analysis {wall - crawl_wall:.1f} s)")
        print(f"report: score {report.summary.score:.3f}, {report.summary.source_articles} "
              f"source articles, {stats.errors} errors, complete={stats.complete}")

        workers = [json.loads(f.read_text()) for f in sorted(reports.glob("*.json"))]
        if not workers and os.cpu_count() != 1:
            print("(the extraction workers did not report: pool CPU is not split by stage)")
        main_crawl = _cpu(cpu1) - _cpu(cpu0)
        stage = dict.fromkeys(EXTRACT_CPU, 0.0)
        for w in workers:
            for name, spent in w["stages"].items():
                stage[name] += spent
        worker_cpu = sum(w["cpu"] for w in workers)
        if not workers:  # extraction ran inline, in the main process
            stage = dict(EXTRACT_CPU)
        inline = sum(stage.values()) if not workers else 0.0
        rows = [
            ("main", "fetch: HTTP client, event loop, hand-off to the pool",
             main_crawl - CRAWL_CPU["links"] - CRAWL_CPU["store"] - inline),
            ("main", "links: normalise, dedupe, scope, queue", CRAWL_CPU["links"]),
            ("main", "store: SQLite (batched), previous-run lookup",
             CRAWL_CPU["store"]),
            ("pool", "decode: charset", stage["decode"]),
            ("pool", "parse + extract: selectolax", stage["parse"]),
            ("pool", "resolve links (urljoin)", stage["links"]),
            ("pool", "language detection (<=1,000 chars)", stage["language"]),
            ("pool", "checks: fallback / MT phrases, Page", stage["checks"]),
        ]
        if workers:
            rows.append(("pool", "worker overhead: unpickling, IPC, idle polling",
                         worker_cpu - sum(stage.values())))
        rows.append(("main", "analysis after the crawl (locales, metrics)",
                     _cpu(cpu2) - _cpu(cpu1)))
        total = sum(r[2] for r in rows)
        print(f"CPU per page by stage ({pages} pages; 'pool' = {len(workers)} extraction "
              "workers):")
        for where, name, spent in rows:
            print(f"  {where:4s} {name:52s} {spent * 1000 / pages:6.2f} ms")
        print(f"  {'':4s} {'locaudit total':52s} {total * 1000 / pages:6.2f} ms "
              f"(= {(os.cpu_count() or 1) * pages / total:.0f} pages/s if every core were ours)")
        if nginx is not None:
            print(f"  {'':4s} {'server (nginx), same cores':52s} "
                  f"{server_cpu * 1000 / pages:6.2f} ms")
        others = busy - main_crawl - worker_cpu - server_cpu
        print(f"other processes on the machine during the crawl: {others:.1f} CPU-s "
              f"({others / crawl_wall / (os.cpu_count() or 1):.0%} of all cores)")
        main_rss = cpu2.ru_maxrss / 1024
        worker_rss = [w["maxrss_mb"] for w in workers]
        each = " + ".join(f"{mb:.0f}" for mb in worker_rss) or "-"
        print(f"peak RSS: main process {main_rss:.0f} MB (before the crawl {rss_before:.0f} MB, "
              f"end of the crawl {cpu1.ru_maxrss / 1024:.0f} MB, analysis after it);"
              f" extraction workers {each} MB; all locaudit processes <= "
              f"{main_rss + sum(worker_rss):.0f} MB")
        if args.peer:
            peer(base, tmp, pages, wall, nginx.pid if nginx is not None else None)
        if nginx is not None:
            nginx.terminate()
            nginx.wait()
        if httpd is not None:
            httpd.shutdown()


def peer(base: str, tmp: str, pages: int, wall: float, server: int | None) -> None:
    try:
        import advertools as adv  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        print("peer: advertools is not installed (pip install -r benchmarks/requirements.txt)")
        return
    out = Path(tmp) / "adv.jl"
    # advertools runs the `scrapy` command: make the one next to this interpreter findable.
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    load = os.getloadavg()
    print(f"load average before advertools: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    cpu0 = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN))
    server0 = _proc_cpu(server) if server is not None else 0.0
    busy0 = _machine_busy()
    t = time.monotonic()
    # Scrapy's offsite filter drops 127.0.0.1:PORT unless the bare host is allowed.
    adv.crawl(f"{base}/", str(out), follow_links=True, allowed_domains=["127.0.0.1"],
              custom_settings={
        "LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "CONCURRENT_REQUESTS": 16})
    elapsed = time.monotonic() - t
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_cpu = (_proc_cpu(server) if server is not None else 0.0) - server0
    others = _machine_busy() - busy0 - (_cpu(children) - cpu0) - server_cpu
    crawled = sum(1 for _ in out.open())
    if not crawled:
        print("advertools crawled nothing (see its log above)")
        return
    print(f"advertools {adv.__version__} (Scrapy): {crawled} pages in {elapsed:.1f} s = "
          f"{crawled / elapsed:.0f} pages/s, {(_cpu(children) - cpu0) * 1000 / crawled:.1f} ms "
          f"CPU a page, peak RSS {children.ru_maxrss / 1024:.0f} MB; other processes meanwhile "
          f"{others:.1f} CPU-s ({others / elapsed / (os.cpu_count() or 1):.0%} of all cores)")
    print(f"locaudit / advertools = {(pages / wall) / (crawled / elapsed):.2f} (pages/s, end "
          "to end)")


if __name__ == "__main__":
    main()
