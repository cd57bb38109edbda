"""Audit the rendered real-docs corpora with the installed locaudit and score it against the
file-tree ground truth.

    python benchmarks/realdocs/run.py [--corpus NAME] [--data DIR] [--json OUT]

Needs the sites render.py wrote into --data (default $REALDOCS_DATA or benchmarks/realdocs/data/).
Imports whatever `locaudit` the running Python has installed (run it from your own venv to
measure your own code). Each corpus is served on 127.0.0.1 by a threaded http.server in this
process and audited through the library API (sources.crawl.crawl_site + audit.analyze, what
`locaudit audit` runs). CPU per page counts this process (minus the server's handler threads)
plus every descendant process (the extraction pool and its forkserver, read from /proc), for
the crawl and the analysis together.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

DEFAULT_DATA = os.environ.get(
    "REALDOCS_DATA", os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))
CORPORA = ("otel", "vue", "react")

_server_cpu = [0.0]
_server_lock = threading.Lock()


class _Handler(SimpleHTTPRequestHandler):
    """Static files as the docs hosts serve them: /a/b/ serves a/b/index.html, /a/b serves
    a/b.html (clean URLs, VitePress and Next.js) or redirects to /a/b/ when that is a
    directory page (Hugo), /a/b/ with no index.html redirects to /a/b; no directory listings.
    Counts its own CPU so it can be left out of locaudit's."""

    protocol_version = "HTTP/1.1"

    def send_head(self) -> Any:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == "/sitemap.xml":
            host = self.headers.get("Host", "127.0.0.1")
            body = (Path(self.directory) / "sitemap.xml").read_bytes().replace(
                b"{BASE}", f"http://{host}".encode())
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        local = Path(super().translate_path(path))
        if path.endswith("/") and path != "/" and not (local / "index.html").is_file() \
                and local.with_name(local.name + ".html").is_file():
            return self._redirect(path.rstrip("/"))
        if not path.endswith("/") and not local.is_file() and \
                not local.with_name(local.name + ".html").is_file() and \
                (local / "index.html").is_file():
            return self._redirect(path + "/")
        return super().send_head()

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def translate_path(self, path: str) -> str:
        local = super().translate_path(path)
        if os.path.isfile(local):
            return local
        if os.path.isfile(os.path.join(local, "index.html")):
            return os.path.join(local, "index.html")
        return local.rstrip("/") + ".html"

    def list_directory(self, path: Any) -> None:
        self.send_error(404)
        return None

    def handle(self) -> None:
        start = time.thread_time()
        try:
            super().handle()
        finally:
            with _server_lock:
                _server_cpu[0] += time.thread_time() - start

    def log_message(self, *args: object) -> None:
        pass


def _tree_cpu() -> float:
    """CPU seconds of every live descendant process, each with the CPU of the children it has
    reaped (utime + stime + cutime + cstime from /proc). The extraction pool's workers are
    children of the multiprocessing forkserver, which reaps them: a worker's CPU moves into
    the forkserver's cutime when it exits, so the sum stays exact across exits.
    getrusage(RUSAGE_CHILDREN) alone never sees them (the forkserver outlives the audit)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, stack = 0, [os.getpid()]
    while stack:
        pid = stack.pop()
        try:
            kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        for kid in map(int, kids):
            stack.append(kid)
            try:
                fields = Path(f"/proc/{kid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += sum(int(v) for v in fields[11:15])
    return total / tick


def _self_cpu() -> float:
    """This process and the children it has reaped."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _pct(num: float, den: float) -> float | None:
    return 100.0 * num / den if den else None


def _fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def run_corpus(name: str, data: Path, concurrency: int) -> dict[str, Any]:
    from locaudit import __version__, audit
    from locaudit.config import parse_config
    from locaudit.sources.crawl import crawl_site

    truth = json.loads((data / "truth" / f"{name}.json").read_text())
    site = data / "site" / name
    by_path = {p["path"]: p for p in truth["pages"]}
    source_articles = truth["source_pages"]
    handler = partial(_Handler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        config = parse_config(
            json.dumps({
                "site": {"start_urls": [f"{base}/"], "source_locale": truth["source_locale"],
                         "locale_pattern": truth["locale_pattern"],
                         "article_pattern": truth["article_pattern"],
                         "sitemaps": [f"{base}/sitemap.xml"]},
                "crawl": {"rate_limit": 0, "concurrency": concurrency, "max_pages": 100_000,
                          "store": "store/", "respect_robots": False},
            }), base_dir=Path(tmp))
        _server_cpu[0] = 0.0
        main0, tree0, wall0 = _self_cpu(), _tree_cpu(), time.monotonic()
        store = audit.open_store(config)
        try:
            stats = crawl_site(config, store, fresh=True)
            report = audit.analyze(config, store, stats)
        finally:
            store.close()
        wall = time.monotonic() - wall0
        main_cpu = _self_cpu() - main0 - _server_cpu[0]
        pool_cpu = _tree_cpu() - tree0
        cpu = main_cpu + pool_cpu
    httpd.shutdown()
    httpd.server_close()

    def truth_of(url: str | None) -> dict[str, Any] | None:
        if not url:
            return None
        parts = urlsplit(url)
        return by_path.get(unquote(parts.path))

    # Found status of every (article, locale) pair, keyed by the truth's (site locale, key).
    found: dict[tuple[str, str], str] = {}
    report_locale: dict[str, str] = {}  # report's locale tag -> site locale
    for article in report.articles:
        src = truth_of(article.source_url)
        for loc, tr in article.translations.items():
            entry = truth_of(tr.url)
            if entry is not None:
                report_locale[loc] = entry["locale"]
                found[(entry["locale"], entry["key"])] = str(tr.status)
            elif src is not None:
                found.setdefault((f"?{loc}", src["key"]), str(tr.status))
    flagged: dict[str, set[str]] = defaultdict(set)
    other: dict[str, Counter[str]] = defaultdict(Counter)
    for f in report.findings:
        entry = truth_of(f.url)
        locale = entry["locale"] if entry else report_locale.get(f.locale or "", f.locale or "-")
        if str(f.type) == "untranslated_content" and entry is not None:
            flagged[locale].add(entry["key"])
        else:
            other[locale][str(f.type)] += 1
    rows = []
    for locale, sets in truth["locales"].items():
        translated, fallback = set(sets["translated"]), set(sets["fallback"])
        partly = set(sets.get("partial", []))
        served = translated | partly | fallback
        statuses = Counter(found.get((locale, k), "not found") for k in served)
        found_translated = sum(1 for k in served
                               if found.get((locale, k)) in ("translated", "stale"))
        false_untr = sorted(flagged[locale] & translated)
        missed = sorted(k for k in fallback if k not in flagged[locale])
        tp = len(flagged[locale] & fallback)
        lost = sorted(k for k in translated | partly if found.get((locale, k)) not in
                      ("translated", "stale", "untranslated"))
        truth_translated = len(translated | partly)
        rows.append({
            "locale": locale, "source_articles": source_articles,
            "truth_translated": truth_translated, "truth_fallback": len(fallback),
            "truth_partial": len(partly), "flagged_partial": len(flagged[locale] & partly),
            "truth_coverage": _pct(truth_translated, source_articles),
            "found_translated": found_translated,
            "found_coverage": _pct(found_translated, report.summary.source_articles),
            "delta_articles": found_translated - truth_translated,
            "flagged_untranslated": len(flagged[locale]),
            "false_untranslated": len(false_untr), "missed_fallback": len(missed),
            "precision": _pct(tp, len(flagged[locale] - partly)),
            "recall": _pct(tp, len(fallback)),
            "translated_not_seen": len(lost), "statuses": dict(statuses),
            "other_findings": dict(sorted(other[locale].items())),
            "examples": {"false_untranslated": false_untr[:5], "missed_fallback": missed[:5],
                         "translated_not_seen": lost[:5]},
        })
    flagged_all = sum(r["flagged_untranslated"] for r in rows)
    false_all = sum(r["false_untranslated"] for r in rows)
    fallback_all = sum(r["truth_fallback"] for r in rows)
    tp_all = sum(len(flagged[loc] & set(sets["fallback"]))
                 for loc, sets in truth["locales"].items())
    flagged_scored = sum(r["flagged_untranslated"] - r["flagged_partial"] for r in rows)
    return {
        "corpus": name, "project": truth["project"], "locaudit": __version__,
        "locaudit_path": str(Path(sys.modules["locaudit"].__file__ or "").parent),
        "pages_crawled": stats.pages, "errors": stats.errors, "complete": stats.complete,
        "stop_reason": stats.stop_reason, "wall_s": wall, "cpu_s": cpu,
        "cpu_ms_per_page": 1000 * cpu / stats.pages if stats.pages else None,
        "server_cpu_s": _server_cpu[0], "main_cpu_s": main_cpu, "pool_cpu_s": pool_cpu,
        "source_articles_truth": source_articles,
        "source_articles_found": report.summary.source_articles,
        "untranslated_precision": _pct(tp_all, flagged_scored),
        "untranslated_recall": _pct(tp_all, fallback_all),
        "false_untranslated": false_all, "flagged_untranslated": flagged_all,
        "truth_fallback": fallback_all,
        "unlocated_findings": dict(sorted(other.get("-", Counter()).items())),
        "locales": rows,
    }


def _met(value: float | None, target: float) -> str:
    return "n/a" if value is None else "yes" if value >= target else "no"


def print_result(r: dict[str, Any]) -> None:
    print(f"\n== {r['corpus']}: {r['project']} (locaudit {r['locaudit']} from "
          f"{r['locaudit_path']})")
    print(f"crawl: {r['pages_crawled']} pages, {r['errors']} errors, complete={r['complete']}"
          f"{', ' + r['stop_reason'] if r['stop_reason'] else ''}; wall {r['wall_s']:.1f} s; "
          f"CPU {r['cpu_s']:.1f} s = {_fmt(r['cpu_ms_per_page'], 2)} ms/page (main "
          f"{r['main_cpu_s']:.1f} s + pool {r['pool_cpu_s']:.1f} s; server "
          f"{r['server_cpu_s']:.1f} s left out)")
    print(f"source articles: truth {r['source_articles_truth']}, found "
          f"{r['source_articles_found']}")
    head = (f"{'locale':7} {'truth':>11} {'found':>11} {'Δ':>5} {'fallbk':>6} {'flag':>5} "
            f"{'false':>5} {'missed':>6} {'prec%':>6} {'rec%':>6} {'part':>5} {'unseen':>6}  "
            "other findings")
    print(head)
    for row in r["locales"]:
        truth = f"{row['truth_translated']} {_fmt(row['truth_coverage'])}%"
        found = f"{row['found_translated']} {_fmt(row['found_coverage'])}%"
        others = ", ".join(f"{k} {v}" for k, v in row["other_findings"].items()
                           if k not in ("missing_translation",))
        print(f"{row['locale']:7} {truth:>11} {found:>11} {row['delta_articles']:>+5} "
              f"{row['truth_fallback']:>6} {row['flagged_untranslated']:>5} "
              f"{row['false_untranslated']:>5} {row['missed_fallback']:>6} "
              f"{_fmt(row['precision']):>6} {_fmt(row['recall']):>6} "
              f"{row['truth_partial']:>2}/{row['flagged_partial']:<2} "
              f"{row['translated_not_seen']:>6}  {others}")
    print(f"untranslated_content: {r['flagged_untranslated']} flagged, "
          f"{r['false_untranslated']} false, {r['truth_fallback']} true fallback pages "
          f"(partly translated pages are not scored); "
          f"precision {_fmt(r['untranslated_precision'])}%, recall "
          f"{_fmt(r['untranslated_recall'])}%")
    within = sum(1 for row in r["locales"] if abs(row["delta_articles"]) <= 1)
    prec, rec = r["untranslated_precision"], r["untranslated_recall"]
    print(f"issue 11 targets: coverage within 1 article in {within} of {len(r['locales'])} "
          f"locales; precision >= 99.5%: {_met(prec, 99.5)}; recall >= 98%: {_met(rec, 98)}; "
          "crawl not stopped: "
          f"{'yes' if r['complete'] else 'no'}")
    if r["unlocated_findings"]:
        print("findings with no locale: " + ", ".join(
            f"{k} {v}" for k, v in r["unlocated_findings"].items()))
    for row in r["locales"]:
        ex = row["examples"]
        if ex["false_untranslated"]:
            print(f"  {row['locale']} false untranslated e.g. "
                  f"{', '.join(ex['false_untranslated'][:3])}")
        if ex["missed_fallback"]:
            print(f"  {row['locale']} missed fallback e.g. {', '.join(ex['missed_fallback'][:3])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", help="only this corpus (repeatable)")
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--json", help="write the results as JSON to this file")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    data = Path(args.data)
    names = args.corpus or [c for c in CORPORA if (data / "truth" / f"{c}.json").exists()]
    if not names:
        raise SystemExit(f"no rendered corpus in {data}: run render.py first")
    print("columns: truth/found = translated articles and coverage %; Δ = found - truth; "
          "fallbk = English pages served under the locale (truly untranslated); flag = "
          "untranslated_content findings; false = flagged but translated; missed = fallback "
          "not flagged; part = partly translated pages (truth counts them translated, "
          "scoring leaves them out) / flagged among them; unseen = translated pages the audit "
          "did not count as this locale's")
    results = []
    for name in names:
        result = run_corpus(name, data, args.concurrency)
        print_result(result)
        results.append(result)
    total_pages = sum(r["pages_crawled"] for r in results)
    total_cpu = sum(r["cpu_s"] for r in results)
    if total_pages:
        print(f"\nall corpora: {total_pages} pages, CPU {1000 * total_cpu / total_pages:.2f} "
              "ms/page")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
