"""End-to-end crawl benchmark: pages/s, CPU per stage, peak memory.

    python benchmarks/crawl_bench.py                 # 20,000 pages, 5 locales
    python benchmarks/crawl_bench.py --pages 100000  # peak RSS at scale
    python benchmarks/crawl_bench.py --peer          # also crawl with advertools (Scrapy)

Generates a multilingual help site of 15-25 KB pages (Zendesk-style URLs, ~130
links each, hreflang), serves it from nginx when installed (else a threaded Python server,
which it says), and runs `locaudit audit` against it with rate limits off. Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LOCALES = {"en-us": "en", "de": "de", "fr": "fr", "ja": "ja", "es": "es"}


def generate(root: Path, pages: int) -> int:
    """Write `pages` article pages (split over 5 locales) plus per-locale index pages."""
    from locaudit.demo import texts

    per_locale = pages // len(LOCALES)
    written = 0
    for locale, lang in LOCALES.items():
        folder = root / "hc" / locale / "articles"
        folder.mkdir(parents=True, exist_ok=True)
        index_links = []
        for i in range(per_locale):
            name = f"{360000000 + i}-article"
            index_links.append(f'<a href="/hc/{locale}/articles/{name}">{i}</a>')
            nav = "".join(f'<li><a href="/hc/{locale}/articles/{360000000 + (i + k) % per_locale}'
                          f'-article">{texts.title(i + k, lang)}</a></li>' for k in range(1, 121))
            alts = "".join(f'<link rel="alternate" hreflang="{other}" '
                           f'href="/hc/{other}/articles/{name}">' for other in LOCALES)
            body = "".join(f"<p>{p}</p>" for p in texts.paragraphs(i, lang, count=4, per=4))
            filler = "".join(f"<p>{p}</p>" for _ in range(6 + i % 6)
                             for p in texts.paragraphs(i + 3, lang, count=2, per=3))
            html = (f'<!doctype html><html lang="{locale}"><head><meta charset="utf-8">'
                    f"<title>{texts.title(i, lang)}</title>{alts}</head><body>"
                    f'<header><nav><ul>{nav}</ul></nav></header><main><article>'
                    f"<h1>{texts.title(i, lang)}</h1>{body}{filler}</article></main>"
                    "<footer>© Acme</footer></body></html>")
            (folder / f"{name}.html").write_text(html, encoding="utf-8")
            written += 1
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


def stage_costs(root: Path, sample: int = 300) -> dict[str, float]:
    """Milliseconds of CPU per page for each stage, on a sample of the generated pages."""
    from locaudit.crawl.store import Store
    from locaudit.extract.html import parse_html
    from locaudit.extract.language import detect_language
    from locaudit.extract.page import ExtractOptions, process_fetched
    from locaudit.models import Fetched

    files = sorted((root / "hc").glob("*/articles/*.html"))[::max(1, len(
        list((root / "hc").glob("*/articles/*.html"))) // sample)][:sample]
    bodies = [f.read_bytes() for f in files]
    costs = {}
    t = time.process_time()
    fields = [parse_html(b.decode()) for b in bodies]
    costs["parse + extract (selectolax)"] = (time.process_time() - t) * 1000 / len(bodies)
    t = time.process_time()
    for f in fields:
        detect_language(f.main_text)
    costs["language detection (1,000 chars)"] = (time.process_time() - t) * 1000 / len(bodies)
    fetched = [Fetched(url=f"http://x/{i}", final_url=f"http://x/{i}", status=200,
                       headers=(("content-type", "text/html"),), body=b)
               for i, b in enumerate(bodies)]
    pages = [process_fetched(ExtractOptions(), f)[0] for f in fetched]
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "s.sqlite")
        t = time.process_time()
        for p in pages:
            store.add_page(p, [])
        store.flush()
        costs["SQLite store (batched)"] = (time.process_time() - t) * 1000 / len(pages)
        store.close()
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--peer", action="store_true", help="also crawl with advertools")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from locaudit.audit import run_audit
    from locaudit.config import parse_config

    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)  # nginx workers run as an unprivileged user
        root = Path(tmp) / "site"
        t = time.monotonic()
        written = generate(root, args.pages)
        size = sum(f.stat().st_size for f in root.rglob("*.html")) / written / 1024
        print(f"site: {written} article pages, 5 locales, mean {size:.0f} KB/page, "
              f"generated in {time.monotonic() - t:.0f} s")
        port = 18000 + os.getpid() % 1000
        nginx = serve_nginx(root, port)
        server_name = "nginx"
        httpd = None
        if nginx is None:
            httpd, port = serve_python(root)
            server_name = "threaded Python http.server (nginx not installed)"
        print(f"server: {server_name} on 127.0.0.1:{port}")
        base = f"http://127.0.0.1:{port}"
        config = parse_config(
            f"site:\n  start_urls: ['{base}/']\n  article_pattern: '/articles/'\n"
            f"crawl:\n  rate_limit: 0\n  concurrency: {args.concurrency}\n"
            f"  max_pages: {args.pages * 2}\n  store: store/\n  respect_robots: false\n",
            base_dir=Path(tmp))
        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        t = time.monotonic()
        report = run_audit(config)
        wall = time.monotonic() - t
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
        pages = report.crawl.pages
        print(f"locaudit audit: {pages} pages in {wall:.1f} s = {pages / wall:.0f} pages/s "
              f"end to end (fetch + parse + language detection + store + analysis)")
        main_cpu = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)
        print(f"CPU: main process {main_cpu * 1000 / pages:.2f} ms/page (event loop, HTTP, "
              "links, store, analysis; extraction runs in forkserver workers, not counted)")
        print(f"peak RSS: main process {cpu1.ru_maxrss / 1024:.0f} MB")
        print(f"report: score {report.summary.score:.3f}, {report.summary.source_articles} "
              f"source articles, complete={report.crawl.complete}")
        print("CPU per page by stage (sample of 300 pages, one core):")
        for stage, ms in stage_costs(root).items():
            print(f"  {stage:34s} {ms:6.2f} ms")
        if args.peer:
            peer(base, tmp, pages, wall)
        if nginx is not None:
            nginx.terminate()
        if httpd is not None:
            httpd.shutdown()


def peer(base: str, tmp: str, pages: int, wall: float) -> None:
    try:
        import advertools as adv  # type: ignore[import-not-found]
    except ImportError:
        print("peer: advertools is not installed (pip install advertools)")
        return
    out = Path(tmp) / "adv.jl"
    # advertools runs the `scrapy` command: make the one next to this interpreter findable.
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    t = time.monotonic()
    # Scrapy's offsite filter drops 127.0.0.1:PORT unless the bare host is allowed.
    adv.crawl(f"{base}/", str(out), follow_links=True, allowed_domains=["127.0.0.1"],
              custom_settings={
        "LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "CONCURRENT_REQUESTS": 16})
    elapsed = time.monotonic() - t
    crawled = sum(1 for _ in out.open())
    if not crawled:
        print("advertools crawled nothing (see its log above)")
        return
    print(f"advertools (Scrapy): {crawled} pages in {elapsed:.1f} s = {crawled / elapsed:.0f}"
          f" pages/s; locaudit / advertools = {(pages / wall) / (crawled / elapsed):.2f}")


if __name__ == "__main__":
    main()
