"""SITES.yaml -> a Survey: one audit job per site, every site's config checked up front.

    survey:
      per_site: {max_pages: 200, time_limit: 300}   # crawl keys every site's audit gets
      rare_below: 0.25                               # "languages fewer than 25% offer"
      markets: [{country: DE, share: 0.3}, ...]      # optional: demand, for every site
      warc: [crawl-00001.warc.gz]                    # optional: audit from these archives
    sites:
      - {name: acme, url: https://help.acme.example/hc/en-us, self: true,
         tags: {industry: saas}}
      - {name: globex, config: globex.yaml, overrides: {site: {locales: [de, fr]}}}

A site is a URL or a config to extend; `overrides` merge over it key by key, and
`survey.per_site` over both (it bounds every audit). Each site's config is read here, so a
bad one is a usage error naming the site before anything is crawled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from locaudit.config import parse_config
from locaudit.config.loading import compose, read_text
from locaudit.config.model import CrawlConfig
from locaudit.config.nodes import NodeReader
from locaudit.errors import ConfigError
from locaudit.metrics.markets import desired_languages
from locaudit.sources.crawl import site_scope

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
_SITE_KEYS = ("name", "url", "config", "tags", "self", "overrides")
_SURVEY_KEYS = ("per_site", "rare_below", "markets", "warc")


@dataclass(frozen=True)
class SiteJob:
    """One site's audit, self-contained so it can run in another process or machine."""

    name: str
    config_text: str  # YAML: the site's whole config, store included
    filename: str  # for error messages: "sites.yaml (site acme)"
    base_dir: str
    tags: tuple[tuple[str, str], ...] = ()
    is_self: bool = False
    hosts: tuple[str, ...] = ()  # its crawl scope's hosts (host[:port])


@dataclass(frozen=True)
class Survey:
    path: Path
    sites: tuple[SiteJob, ...]
    rare_below: float = 0.25
    demand: dict[str, float] = field(default_factory=dict)  # language -> share, from markets
    archives: tuple[str, ...] = ()  # survey.warc: WARC files every site is audited from


def load_survey(path: str | Path, output_dir: Path) -> Survey:
    """Read SITES.yaml; every site's store goes under `output_dir/stores/<name>/`."""
    path = Path(path)
    text = read_text(path)
    reader = NodeReader(str(path), path.resolve().parent)
    root = compose(text, str(path), reader.base_dir)
    top = reader.mapping(root, "", ("survey", "sites"))
    options = reader.mapping(top["survey"], "survey", _SURVEY_KEYS) if "survey" in top else {}
    per_site = _plain(options["per_site"]) if "per_site" in options else {}
    crawl_keys = {f for f in CrawlConfig.__dataclass_fields__ if f != "store"}
    if not isinstance(per_site, dict) or set(per_site) - crawl_keys:
        raise reader.fail(options.get("per_site"), "survey.per_site",
                          f"expected crawl keys ({', '.join(sorted(crawl_keys))})")
    rare_below = 0.25
    if "rare_below" in options:
        rare_below = reader.scalar(options["rare_below"], "survey.rare_below")
        if not isinstance(rare_below, int | float) or not 0 < rare_below <= 1:
            raise reader.fail(options["rare_below"], "survey.rare_below",
                              "expected a share between 0 and 1, e.g. 0.25")
    markets = _plain(options["markets"]) if "markets" in options else []
    archives = _plain(options["warc"]) if "warc" in options else []
    if not isinstance(archives, list):
        raise reader.fail(options["warc"], "survey.warc", "expected a list of WARC files")
    warc = [str((reader.base_dir / str(p)).resolve()) for p in archives]
    if "sites" not in top:
        raise reader.fail(root, "sites", "missing: list the sites to survey")
    jobs: list[SiteJob] = []
    for key, node in reader.items(top["sites"], "sites"):
        job = _site(reader, node, key, per_site, markets, warc, output_dir)
        if any(j.name == job.name for j in jobs):
            raise reader.fail(node, f"{key}.name", f"'{job.name}' names two sites")
        jobs.append(job)
    if not jobs:
        raise reader.fail(top["sites"], "sites", "list at least one site")
    if sum(j.is_self for j in jobs) > 1:
        raise reader.fail(top["sites"], "sites", "only one site can be `self: true`")
    return Survey(path, tuple(jobs), float(rare_below), _demand(markets, reader.filename),
                  tuple(warc))


def _site(reader: NodeReader, node: yaml.Node, key: str, per_site: dict[str, Any],
          markets: list[Any], warc: list[str], output_dir: Path) -> SiteJob:
    m = reader.mapping(node, key, _SITE_KEYS)
    if "name" not in m:
        raise reader.fail(node, f"{key}.name", "missing: every site needs a name")
    name = str(reader.scalar(m["name"], f"{key}.name"))
    if not _NAME.match(name):
        raise reader.fail(m["name"], f"{key}.name", "use letters, digits, '.', '_' and "
                          "'-' (it names the site's report file)")
    if ("url" in m) == ("config" in m):
        raise reader.fail(node, key, "give a site either `url` or `config`")
    base: dict[str, Any]
    base_dir = reader.base_dir
    if "url" in m:
        base = {"site": {"start_urls": [str(reader.scalar(m["url"], f"{key}.url"))]}}
    else:  # its relative paths (traffic, markets_csv) stay relative to its own folder
        config = (reader.base_dir / str(reader.scalar(m["config"], f"{key}.config"))).resolve()
        if not config.is_file():
            raise reader.fail(m["config"], f"{key}.config", f"no such config file: {config}")
        base, base_dir = {"extends": str(config)}, config.parent
    overrides = _plain(m["overrides"]) if "overrides" in m else {}
    if not isinstance(overrides, dict):
        raise reader.fail(m["overrides"], f"{key}.overrides", "expected a mapping of "
                          "config keys")
    extra: dict[str, Any] = {"crawl": {**per_site, "store": str(output_dir / "stores" / name)}}
    if markets and "markets" not in overrides:
        extra["markets"] = markets
    if warc:  # replayed from the survey's archives through its index (engine.py)
        extra["site"] = {"source": "warc", "warc": [str(archive_index(output_dir, name))]}
    merged = _merge(_merge(base, overrides), extra)
    text = yaml.safe_dump(merged, sort_keys=False)
    filename = f"{reader.filename} (site {name})"
    try:
        hosts = site_scope(parse_config(text, filename=filename, base_dir=base_dir)).hosts
    except ConfigError as exc:
        raise ConfigError(exc.detail, file=filename, key=exc.key) from None
    tags = _plain(m["tags"]) if "tags" in m else {}
    if not isinstance(tags, dict):
        raise reader.fail(m["tags"], f"{key}.tags", "expected a mapping, e.g. "
                          "{industry: saas, region: eu}")
    is_self = bool(reader.scalar(m["self"], f"{key}.self")) if "self" in m else False
    return SiteJob(name, text, filename, str(base_dir),
                   tuple(sorted((str(k), str(v)) for k, v in tags.items())), is_self,
                   tuple(sorted(hosts)))


def archive_index(output_dir: Path, name: str) -> Path:
    """Where a survey from archives keeps a site's captures, found once for all sites."""
    return output_dir / "archives" / f"{name}.index.jsonl"


def _demand(markets: list[Any], filename: str) -> dict[str, float]:
    """survey.markets read as a config's `markets` are: language -> share of customers."""
    if not markets:
        return {}
    text = yaml.safe_dump({"site": {"start_urls": ["http://survey.invalid/"]},
                           "markets": markets})
    config = parse_config(text, filename=f"{filename} (survey.markets)")
    return desired_languages(config.markets, config.market_options.min_language_share)


def _plain(node: yaml.Node) -> Any:
    return yaml.safe_load(yaml.serialize(node))


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Mappings merge key by key; anything else in `over` replaces (as `extends:` does)."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out
