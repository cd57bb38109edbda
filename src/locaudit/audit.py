"""Library API: crawl a site into its store, analyse the store into a Report.

    from locaudit.config import load_config
    from locaudit.audit import run_audit
    report = run_audit(load_config("acme.yaml"))

The stages run one way: config -> crawl -> extract -> locales -> metrics. Formats and
gates take the Report from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from locaudit import __version__
from locaudit.config import Config
from locaudit.crawl.crawler import ProgressFn
from locaudit.crawl.schema import SCHEMA_VERSION
from locaudit.crawl.store import Store
from locaudit.crawl.storefile import (
    StoreLock,
    adopt_legacy,
    legacy_store_path,
    move_aside,
    store_path,
)
from locaudit.errors import NoResultError, StoreError, UnreadableStoreError
from locaudit.history.store import earlier_reports, remember
from locaudit.locales.align import Alignment, align, resolve_locale
from locaudit.locales.platform import Drafts, mismatch_findings, split_drafts, verified_note
from locaudit.locales.reach import (
    login_findings,
    negotiation_finding,
    offscope_hosts_note,
    readable_pages,
)
from locaudit.locales.soft404 import drop_soft_404s
from locaudit.locales.status import Statuses, StatusOptions, compute_statuses, day
from locaudit.locales.urls import LocaleRule
from locaudit.metrics.coverage import Costing, compute_numbers
from locaudit.metrics.estimate import Estimates, estimate_numbers
from locaudit.metrics.markets import desired_languages, markets_from_csv, match_demand
from locaudit.metrics.traffic import article_weights, page_views, read_traffic
from locaudit.metrics.trends import with_history
from locaudit.models import (
    NOTE_NO_MARKETS,
    NOTE_NO_TRAFFIC,
    NOTE_TRAFFIC_UNMATCHED,
    ArticleRow,
    CrawlStats,
    Finding,
    Page,
    Report,
    SiteInfo,
    SourceKind,
    Summary,
    ToolInfo,
    TrafficSummary,
    Unserved,
)
from locaudit.redact import Redactor
from locaudit.sources import fill_store
from locaudit.sources.crawl import now, site_scope
from locaudit.sources.inventory import Design, build_inventory, sample_design
from locaudit.sources.sample import DEFAULT_SEED, DEFAULT_SIZE


def open_store(config: Config, *, read_only: bool = False, fresh: bool = False,
               wait: bool = False, on_wait: Callable[[str], None] | None = None) -> Store:
    """The config's store. A writer holds the store's lock until `close()`: another crawl
    of the same store exits (StoreBusyError) or, with `wait`, waits. `read_only` (for
    `report`) takes no lock. With `fresh`, a corrupt store is moved aside (a notice says
    where) and a new one started."""
    start = config.site.start_urls[0]
    # A bare build folder's store is named after the folder, not its (shared) local URL.
    path = store_path(config.crawl.store, start, config.path or config.site.directory)
    if read_only:
        if path.exists() or not legacy_store_path(config.crawl.store, start).exists():
            store = Store(path, read_only=True)
            if store.schema == SCHEMA_VERSION:
                return store
            store.close()
        open_store(config).close()  # adopt or upgrade an earlier version's store, once
        return Store(path, read_only=True)
    lock = StoreLock(path)
    lock.acquire(wait=wait, on_wait=on_wait)
    try:
        notices = []
        legacy = legacy_store_path(config.crawl.store, start)
        if adopt_legacy(path, legacy):
            notices.append(f"the per-host store {legacy} of an earlier locaudit is now "
                           f"{path.name}: one store per config")
        try:
            store = Store(path)
            if fresh:
                _checked(store)
        except UnreadableStoreError:
            if not fresh:
                raise
            aside = move_aside(path)
            notices.append(f"the unreadable store {path} was moved aside to {aside}; this "
                           "crawl starts a new store")
            store = Store(path)
        store.lock = lock
        store.notices.extend(notices)
        return store
    except BaseException:
        lock.release()
        raise


def _checked(store: Store) -> None:
    try:
        store.check()
    except BaseException:
        store.close()
        raise


def run_audit(config: Config, *, on_progress: ProgressFn | None = None,
              fresh: bool = False, wait: bool = False,
              on_wait: Callable[[str], None] | None = None) -> Report:
    """Fill the store from the config's source (a crawl resumes an interrupted one unless
    `fresh`) and analyse it."""
    store = open_store(config, fresh=fresh, wait=wait, on_wait=on_wait)
    try:
        stats = fill_store(config, store, on_progress=on_progress, fresh=fresh)
        return report_of(config, store, stats)
    finally:
        store.close()


def report_of(config: Config, store: Store, stats: CrawlStats | None = None) -> Report:
    """The stored run's report, as `audit`, `check` and `report` give it: analysed, added
    to the history the first time (design §3), with the trend figures of the runs the
    store remembers before it."""
    report = analyze(config, store, stats)
    remember(config, store, report)
    return with_history(report, earlier_reports(store, report), config.gates.min_coverage)


def analyze(config: Config, store: Store, stats: CrawlStats | None = None) -> Report:
    """Analyse the stored crawl: locales, units, statuses, numbers. No network."""
    chosen = store.report_run()
    if chosen is None:
        raise StoreError(f"no crawl stored in {store.path}; run `locaudit crawl` first")
    run_id, stored = chosen
    stats = stats or stored
    site = config.site
    scope = site_scope(config)
    # Error pages answering 200 count as missing: left out before locales are read.
    pages, rule, soft_404s = drop_soft_404s(readable_pages(store.pages(run_id), scope),
                                            stats.soft_404_templates, site.locale_pattern)
    pages, drafts = split_drafts(pages, rule)  # not published: out of coverage, counted
    alignment, statuses = _statuses(config, pages, rule)
    findings = [*statuses.findings, *login_findings(pages, rule, alignment, site.article_key),
                *soft_404s, *mismatch_findings(pages, rule)]
    negotiated = negotiation_finding(alignment)
    if negotiated is not None:
        findings.append(negotiated)
    offscope = offscope_hosts_note(pages, scope, rule, site.hosts)
    session_notes = [
        f"session IDs stripped from URLs (their value changed on every response): "
        f"{', '.join(stats.session_ids)}; {stats.session_links:,} links carried one"
    ] if stats.session_ids else []
    platform_notes = [n for n in (drafts.note(), verified_note(pages)) if n]
    notes = [*store.notices, *statuses.notes, *([offscope] if offscope else []), *session_notes,
             *platform_notes]
    design = _design(store, run_id, stats, scope.contains)
    return _report(config, stats, statuses, pages, set(scope.hosts), findings, notes, drafts,
                   design)


def _design(store: Store, run_id: int, stats: CrawlStats, contains: Callable[[str], bool]
            ) -> Design | None:
    """A sample run's design (its inventory's strata, the clusters drawn); None for a run
    whose pages are the whole site."""
    if stats.source != SourceKind.SAMPLE:
        return None
    inventory = build_inventory(store.sitemap_entries(run_id), contains)
    fetched = {u for p in store.pages(run_id) for u in (p.requested_url, p.url)}
    size = stats.sample_size if stats.sample_size is not None else DEFAULT_SIZE
    seed = stats.sample_seed if stats.sample_seed is not None else DEFAULT_SEED
    return sample_design(inventory, size, fetched, seed)


def _statuses(config: Config, pages: list[Page], rule: LocaleRule
              ) -> tuple[Alignment, Statuses]:
    """Translation units and the status of every (source article, target locale)."""
    site = config.site
    alignment = align(pages, rule, article_key=site.article_key,
                      article_pattern=site.article_pattern,
                      source_locale=site.source_locale)
    if site.locales is not None:
        targets = tuple(resolve_locale(t, alignment.locales) for t in site.locales)
    else:
        targets = alignment.locales
    statuses = compute_statuses(
        alignment, targets, pages, rule,
        StatusOptions(stale_after_days=config.stale_after_days,
                      min_confidence=config.checks.min_confidence,
                      min_text_chars=config.checks.min_text_chars,
                      bleed_through=config.checks.bleed_through),
    )
    if not statuses.articles:
        raise NoResultError(
            f"no source articles in {alignment.source_locale} among {len(pages)} pages "
            "crawled; check start_urls, include/exclude and article_pattern")
    return alignment, statuses


def _report(config: Config, stats: CrawlStats, statuses: Statuses, pages: list[Page],
            hosts: set[str], findings: list[Finding], notes: list[str],
            drafts: Drafts, design: Design | None = None) -> Report:
    """The numbers (weights, demand, coverage, backlog) and the report that carries them."""
    site, source = config.site, statuses.source_locale
    weights, traffic, weight_notes = _weights(config, statuses, pages, hosts)
    demand, unserved, demand_notes = _demand(config, source, statuses.targets)
    src_pages = {u.key: u.pages[source].page for u in statuses.articles}
    words = {k: p.words for k, p in src_pages.items()}
    sections = {u.key: _section_of(src_pages[u.key], u.pages[source].stripped)
                for u in statuses.articles}
    cost = config.translation_cost
    numbers = compute_numbers(statuses, weights, demand, words, sections,
                              Costing(cost.per_word, dict(cost.per_locale)))
    articles = tuple(
        ArticleRow(key=u.key, title=src_pages[u.key].title, section=sections[u.key],
                   words=words[u.key], weight=weights[u.key], source_url=src_pages[u.key].url,
                   translations={loc: statuses.pairs[(u.key, loc)] for loc in statuses.targets},
                   modified=day(src_pages[u.key]))
        for u in statuses.articles
    )
    report = Report(
        tool=ToolInfo(version=__version__), generated_at=now(),
        # As written in the config: a ${TOKEN} in a start URL stays ${TOKEN} (redact.py).
        site=Redactor(config.secrets).value(SiteInfo(site.name, tuple(site.start_urls), source)),
        crawl=stats,
        summary=Summary(source_articles=len(statuses.articles), locales=len(statuses.targets),
                        score=numbers.score, unserved_demand=sum(unserved.values())),
        locales=tuple(replace(row, drafts=drafts.by_locale.get(row.locale, 0))
                      for row in numbers.locales),
        unserved=tuple(Unserved(lang, share) for lang, share in
                       sorted(unserved.items(), key=lambda kv: (-kv[1], kv[0]))),
        sections=numbers.sections, articles=articles,
        backlog=numbers.backlog, updates=numbers.updates, plans=numbers.plans,
        findings=tuple(sorted(findings, key=Finding.sort_key)),
        notes=(*notes, *weight_notes, *demand_notes), currency=cost.currency, traffic=traffic,
    )
    if design is None:
        return report
    return _estimated(report, estimate_numbers(statuses, weights, demand, numbers.locales,
                                               design))


def _estimated(report: Report, est: Estimates) -> Report:
    """A sample's report: the locale rows and the score estimated for the inventory."""
    sample = est.sample
    note = (f"estimate: {sample.articles} of {sample.inventory:,} articles the sitemaps list "
            f"were sampled ({sample.strata} strata, seed {sample.seed}) and verified by "
            "content; the locale rows and the score are estimates for all of them, each "
            "with its 95% interval; articles, sections, backlog and plans list the sampled "
            "articles only")
    return replace(
        report, locales=est.locales, estimate=True, sample=sample,
        summary=replace(report.summary, source_articles=est.source_articles, score=est.score,
                        score_ci95=est.score_ci95),
        notes=(note, *report.notes))


def _weights(config: Config, statuses: Statuses, pages: list[Page], hosts: set[str]
             ) -> tuple[dict[str, float], TrafficSummary | None, list[str]]:
    """w(a): page views of all of a's pages from the traffic file, else 1 for every article;
    and the notes that say how far to trust them."""
    if config.traffic is None:
        return {u.key: 1.0 for u in statuses.articles}, None, [
            f"{NOTE_NO_TRAFFIC}: every article weighs 1"]
    views, summary = page_views(read_traffic(config.traffic), pages, hosts)
    unit_urls = {u.key: [lp.page.url for lp in u.pages.values()] for u in statuses.articles}
    weights, fell_back = article_weights(views, unit_urls)
    notes = []
    visited = sum(1 for w in weights.values() if w > 0)
    if fell_back:
        notes.append(f"{NOTE_TRAFFIC_UNMATCHED}: every article weighs 1")
    elif visited * 2 < len(weights):  # a long tail is normal; a majority without views is not
        notes.append(f"warning: {len(weights) - visited} of {len(weights)} source articles "
                     f"have no traffic: weights rest on {visited} "
                     f"article{'s' if visited != 1 else ''}; is the traffic file complete?")
    if summary.unmatched:
        examples = ", ".join(summary.unmatched_examples)
        notes.append(f"{summary.unmatched} of {summary.rows} traffic rows matched no crawled "
                     f"page ({summary.unmatched_views:g} views), e.g. {examples}")
    return weights, summary, notes


def _demand(config: Config, source: str, targets: tuple[str, ...]
            ) -> tuple[dict[str, float], dict[str, float], list[str]]:
    """demand(L) per site locale, and unserved demand per language."""
    markets = config.markets
    if not markets and config.markets_csv is not None:
        markets = markets_from_csv(config.markets_csv)
    if not markets:
        equal = 1.0 / len(targets) if targets else 0.0
        return {t: equal for t in targets}, {}, [
            f"{NOTE_NO_MARKETS}: every target locale has equal demand, and the score is "
            "the mean weighted coverage over target locales"]
    options = config.market_options
    desired = desired_languages(markets, options.min_language_share)
    # Demand goes to the reported locales (and the source): coverage is known only there.
    matched = match_demand(desired, (source, *targets), options.max_distance)
    return matched.by_locale, matched.unserved, []


# Path segments that name a platform's URL scheme, not a section of the content.
_PLATFORM_SEGMENTS = frozenset({"hc", "articles", "article", "s", "docs", "kb", "help",
                                "support", "solutions", "en", "knowledge"})


def _section_of(page: Page, stripped: str) -> str | None:
    """The page's breadcrumb section, else the first content folder of its path."""
    if page.section:
        return page.section
    folders = [s for s in stripped.split("?")[0].split("/") if s][:-1]
    folders = [f for f in folders if f.lower() not in _PLATFORM_SEGMENTS]
    return folders[0] if folders else None



