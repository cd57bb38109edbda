"""The config's blocks: for each, a table from key to the value reader that reads it.

A table lists its keys in the order they are read (the first error found is the one
reported); the keys a block accepts are its dataclass's fields (`model.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any
from urllib.parse import urlsplit

import yaml

from locaudit.config.model import (
    LOCAL_BASE_URL,
    Checks,
    Config,
    CrawlConfig,
    Gates,
    Market,
    MarketOptions,
    ReportBranding,
    SiteConfig,
    TranslationCost,
    ZendeskConfig,
)
from locaudit.config.nodes import NodeReader, did_you_mean
from locaudit.config.values import (
    KEEP,
    Read,
    absolute_url,
    boolean,
    distinct,
    each,
    fraction,
    host,
    image_data_uri,
    number,
    optional,
    path,
    positive,
    regex,
    tag,
    tag_map,
    text,
    text_map,
    whole,
)
from locaudit.models import FindingType, SourceKind


def field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def read_keys(r: NodeReader, m: Mapping[str, yaml.Node], block: str,
              table: Mapping[str, Read], out: dict[str, Any] | None = None) -> dict[str, Any]:
    """The values of the keys present in `m`, read in the table's order over `out`."""
    out = dict(out or {})
    for key, read in table.items():
        if key in m:
            value = read(r, m[key], f"{block}.{key}" if block else key)
            if value is not KEEP:
                out[key] = value
    return out


@dataclass(frozen=True)
class Block:
    """A mapping block whose keys are `cls`'s fields, read by `table`; `computed` gives
    the defaults that depend on the config (its folder), not just on `cls`."""

    cls: type
    table: Mapping[str, Read]
    computed: Callable[[NodeReader], dict[str, Any]] = lambda r: {}

    def __call__(self, r: NodeReader, node: yaml.Node, key: str) -> Any:
        m = r.mapping(node, key, field_names(self.cls))
        return self.cls(**read_keys(r, m, key, self.table, self.computed(r)))

    def default(self, r: NodeReader) -> Any:
        """The block as it is when the config leaves it out."""
        return self.cls(**self.computed(r))


# --------------------------------------------------------------------------- site


def site_table(scheme: str) -> dict[str, Read]:
    """`site`'s keys after `start_urls`; bare `hosts` take the first start URL's scheme."""
    return {
        "name": text,
        "sitemaps": each(text),
        "source_locale": source_locale,
        "locales": optional(each(tag)),
        "include": each(regex()),
        "exclude": each(regex()),
        "article_pattern": optional(regex()),
        "article_key": optional(regex("key")),
        "locale_pattern": optional(regex("locale")),
        "headers": text_map,
        "hosts": distinct(each(host(scheme))),
        "source": source_kind,
        "sample": optional(whole(minimum=1)),
        "sample_seed": optional(whole()),
        "warc": each(path),
        "directory": optional(path),
    }


def site(r: NodeReader, node: yaml.Node, key: str) -> SiteConfig:
    m = r.mapping(node, key, field_names(SiteConfig))
    # A build folder needs no start URL: its pages get LOCAL_BASE_URL's addresses. A
    # `directory` without a `source` means the folder is the source.
    folder = r.scalar(m["source"], "site.source") == SourceKind.DIRECTORY \
        if "source" in m else "directory" in m
    if "start_urls" not in m and not folder:
        raise r.fail(node, "site.start_urls", "missing: give at least one start URL")
    start_urls = each(absolute_url)(r, m["start_urls"], "site.start_urls") \
        if "start_urls" in m else (LOCAL_BASE_URL,)
    if not start_urls:
        raise r.fail(m["start_urls"], "site.start_urls", "give at least one start URL")
    first = urlsplit(start_urls[0])
    out = {"start_urls": start_urls, "name": first.netloc}
    if folder:
        out["source"] = SourceKind.DIRECTORY
    config = SiteConfig(**read_keys(r, m, key, site_table(first.scheme), out))
    if config.source is SourceKind.DIRECTORY and config.directory is None:
        raise r.fail(node, "site.directory", "missing: give the build folder that "
                                             "source: directory reads")
    if config.directory is not None and config.source is not SourceKind.DIRECTORY:
        raise r.fail(m["directory"], "site.directory",
                     f"is read only with site.source: directory, not {config.source}")
    if folder and "name" not in m and "start_urls" not in m and config.directory:
        config = replace(config, name=config.directory.name)
    return config


def source_kind(r: NodeReader, node: yaml.Node, key: str) -> SourceKind:
    name = text(r, node, key)
    valid = tuple(kind.value for kind in SourceKind)
    if name not in valid:
        raise r.fail(node, key, f"unknown source '{name}'{did_you_mean(name, valid, 0.5)}; "
                                f"one of: {', '.join(valid)}")
    return SourceKind(name)


def source_locale(r: NodeReader, node: yaml.Node, key: str) -> Any:
    """A language tag, or `auto`/null: detected from the pages."""
    return KEEP if r.scalar(node, key) in (None, "auto") else tag(r, node, key)


# --------------------------------------------------------------------------- crawl

CRAWL = Block(CrawlConfig, {
    "concurrency": whole(minimum=1),
    "max_pages": whole(minimum=1),
    "retries": whole(minimum=0),
    "max_page_bytes": whole(minimum=1024),
    "max_redirects": whole(minimum=0),
    "rate_limit": number,
    "timeout": positive,
    "time_limit": optional(positive),
    "user_agent": text,
    "respect_robots": boolean,
    "cookies": boolean,
    "keep_runs": optional(whole(minimum=1)),
    "store": path,
}, computed=lambda r: {"store": (r.base_dir / ".locaudit").resolve()})


# --------------------------------------------------------------------------- markets

_COUNTRY_CODE = re.compile(r"^[A-Za-z]{2}$")


def market(r: NodeReader, node: yaml.Node, key: str) -> Market:
    """`{country: CH, share: 0.05, languages: {de: 0.65, ...}}` or `{language: ja, share: ..}`"""
    m = r.mapping(node, key, ("country", "language", "share", "languages"))
    if "share" not in m:
        raise r.fail(node, f"{key}.share", "missing: each market needs a share")
    share = positive(r, m["share"], f"{key}.share")
    if ("country" in m) == ("language" in m):
        raise r.fail(node, key, "give either country or language")
    if "country" in m:
        country = text(r, m["country"], f"{key}.country")
        if not _COUNTRY_CODE.match(country):
            raise r.fail(m["country"], f"{key}.country",
                         f"'{country}' is not a two-letter ISO 3166 country code")
        languages = tag_map(fraction)(r, m["languages"], f"{key}.languages") \
            if "languages" in m else None
        return Market(share=share, country=country.upper(), languages=languages)
    if "languages" in m:
        raise r.fail(m["languages"], f"{key}.languages",
                     "languages goes with a country market")
    return Market(share=share, language=tag(r, m["language"], f"{key}.language"))


MARKET_OPTIONS = Block(MarketOptions, {
    "min_language_share": fraction,
    "max_distance": whole(),
})

TRANSLATION_COST = Block(TranslationCost, {
    "per_word": number,
    "currency": text,
    "per_locale": tag_map(number),
})


# --------------------------------------------------------------------------- gates, checks


def finding_type(r: NodeReader, node: yaml.Node, key: str) -> str:
    name = text(r, node, key)
    valid = tuple(t.value for t in FindingType)
    if name not in valid:
        raise r.fail(node, key,
                     f"unknown finding type '{name}'{did_you_mean(name, valid, 0.5)}")
    return name


GATES = Block(Gates, {
    "min_score": optional(fraction),
    "max_drop": optional(fraction),
    "min_coverage": tag_map(fraction),
    "fail_on": each(finding_type),
    "allow_incomplete": boolean,
    "allow_estimate": boolean,
})

CHECKS = Block(Checks, {
    "fallback_phrases": each(text),
    "machine_translation_phrases": each(text),
    "min_text_chars": whole(),
    "min_confidence": fraction,
    "bleed_through": fraction,
})


ZENDESK = Block(ZendeskConfig, {
    "verify": whole(minimum=0),
})


# --------------------------------------------------------------------------- report

REPORT = Block(ReportBranding, {
    "title": optional(text),
    "client": optional(text),
    "logo": optional(image_data_uri),
})


# --------------------------------------------------------------------------- the whole file

TOP: dict[str, Read] = {
    "site": site,
    "crawl": CRAWL,
    "markets": each(market),
    "market_options": MARKET_OPTIONS,
    "traffic": optional(path),
    "markets_csv": optional(path),
    "translation_cost": TRANSLATION_COST,
    "stale_after_days": number,
    "gates": GATES,
    "checks": CHECKS,
    "zendesk": ZENDESK,
    "report": REPORT,
}
TOP_KEYS = ("extends", *TOP)  # `extends:` is merged away before reading (loading.py)


def read_config(r: NodeReader, root: yaml.Node) -> Config:
    top = r.mapping(root, "", TOP_KEYS)
    if "site" not in top:
        raise r.fail(root, "site", "missing: the config needs site.start_urls")
    out = read_keys(r, top, "", TOP, {"base_dir": r.base_dir, "crawl": CRAWL.default(r)})
    if out.get("zendesk", ZendeskConfig()).verify and out["site"].source is not \
            SourceKind.ZENDESK:  # a check that would silently never run
        raise r.fail(top["zendesk"], "zendesk.verify", "applies only with site.source: zendesk")
    return Config(**out, secrets=dict(r.secrets))
