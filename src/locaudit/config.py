"""Configuration: YAML -> frozen, validated dataclasses (design §3).

Every error is one line naming the file, the line and the dotted key, and suggests the
nearest valid key for a typo:  `acme.yaml:4: site.start_url: unknown key (did you mean
'start_urls'?)`. Relative paths resolve against the config file's folder; `${VAR}` is
expanded in string values and the expanded secrets are remembered so output can redact them.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from locaudit import __version__
from locaudit.errors import ConfigError
from locaudit.models import FindingType
from locaudit.profiles import apply_extends
from locaudit.tags import InvalidTag, normalize_tag

DEFAULT_USER_AGENT = f"locaudit/{__version__} (+https://github.com/locaudit/locaudit)"
_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}"
                   r"[a-z0-9])?$|^[0-9a-f:.]*:[0-9a-f:.]*$")  # a name, or IPv6
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class SiteConfig:
    start_urls: tuple[str, ...]
    name: str = ""
    sitemaps: tuple[str, ...] = ()
    source_locale: str | None = None  # None: auto
    locales: tuple[str, ...] | None = None  # None: every locale found
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    article_pattern: re.Pattern[str] | None = None
    article_key: re.Pattern[str] | None = None  # with a named group `key`
    locale_pattern: re.Pattern[str] | None = None  # with a named group `locale`
    headers: dict[str, str] = field(default_factory=dict)
    hosts: tuple[str, ...] = ()  # hosts in scope besides the start URLs' (host[:port])


@dataclass(frozen=True)
class CrawlConfig:
    store: Path
    concurrency: int = 8
    rate_limit: float = 10.0  # requests per second per host; 0 = unlimited
    max_pages: int = 50_000
    timeout: float = 20.0
    retries: int = 3
    max_page_bytes: int = 5_000_000
    user_agent: str = DEFAULT_USER_AGENT
    respect_robots: bool = True
    time_limit: float | None = None  # seconds; a budget like max_pages
    max_redirects: int = 10
    cookies: bool = False  # a cookie jar; off: the crawl never sends a cookie back


@dataclass(frozen=True)
class Market:
    share: float
    country: str | None = None
    language: str | None = None
    languages: dict[str, float] | None = None


@dataclass(frozen=True)
class MarketOptions:
    min_language_share: float = 0.01
    max_distance: int = 15


@dataclass(frozen=True)
class TranslationCost:
    per_word: float = 0.0
    currency: str = "USD"
    per_locale: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Gates:
    min_score: float | None = None
    min_coverage: dict[str, float] = field(default_factory=dict)
    max_drop: float | None = None
    fail_on: tuple[str, ...] = ()
    allow_incomplete: bool = False


@dataclass(frozen=True)
class Checks:
    """Our extension: content checks' tunables."""

    fallback_phrases: tuple[str, ...] = ()
    machine_translation_phrases: tuple[str, ...] = ()
    min_text_chars: int = 200
    min_confidence: float = 0.90
    bleed_through: float = 0.2


@dataclass(frozen=True)
class Config:
    site: SiteConfig
    crawl: CrawlConfig
    base_dir: Path
    markets: tuple[Market, ...] = ()
    market_options: MarketOptions = MarketOptions()
    traffic: Path | None = None
    markets_csv: Path | None = None
    translation_cost: TranslationCost = TranslationCost()
    stale_after_days: float = 0
    gates: Gates = Gates()
    checks: Checks = Checks()
    path: Path | None = None
    secrets: frozenset[str] = frozenset()


# --------------------------------------------------------------------------- public API


def load_config(path: str | Path) -> Config:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read config: {exc.strerror}", file=str(path)) from exc
    except UnicodeDecodeError:
        raise ConfigError("config is not UTF-8 text", file=str(path)) from None
    config = parse_config(text, filename=str(path), base_dir=path.resolve().parent)
    return _with(config, path=path)


def config_for_url(url: str) -> Config:
    """Defaults for a bare URL: crawl under its host, store in ./.locaudit."""
    return parse_config(
        yaml.safe_dump({"site": {"start_urls": [url]}}), filename="<url>", base_dir=Path.cwd()
    )


def parse_config(text: str, *, filename: str = "<config>", base_dir: Path | None = None
                 ) -> Config:
    reader = _Reader(filename, base_dir or Path.cwd())
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        if "block mapping start" in problem or "mapping values are not allowed" in problem:
            problem = f"bad indentation: this line does not line up with its siblings " \
                      f"({problem})"
        raise ConfigError(f"invalid YAML: {problem}", file=filename, line=line) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {' '.join(str(exc).split())}",
                          file=filename) from None
    if root is None:
        raise ConfigError("the config is empty; it needs at least site.start_urls",
                          file=filename)
    return reader.config(apply_extends(root, filename, reader.base_dir))


# --------------------------------------------------------------------------- reading


def _with(config: Config, **changes: Any) -> Config:
    return replace(config, **changes)


_TOP_KEYS = ("extends", "site", "crawl", "markets", "market_options", "traffic", "markets_csv",
             "translation_cost", "stale_after_days", "gates", "checks")


class _Reader:
    """Walks the composed YAML nodes, so every value knows its line."""

    def __init__(self, filename: str, base_dir: Path) -> None:
        self.filename = filename
        self.base_dir = base_dir
        self.secrets: set[str] = set()

    def fail(self, node: yaml.Node | None, key: str, message: str) -> ConfigError:
        line = node.start_mark.line + 1 if node is not None else None
        # A value that came from a profile names the profile's file.
        source = node.start_mark.name if node is not None else "<"
        return ConfigError(message, file=self.filename if source.startswith("<") else source,
                           line=line, key=key)

    # -- shapes ---------------------------------------------------------------------
    def mapping(self, node: yaml.Node, key: str, allowed: tuple[str, ...]
                ) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, key or "(top level)", "expected a mapping of keys")
        out: dict[str, yaml.Node] = {}
        for knode, vnode in node.value:
            name = str(knode.value)
            path = f"{key}.{name}" if key else name
            if allowed and name not in allowed:
                near = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
                hint = f" (did you mean '{near[0]}'?)" if near else \
                    f" (valid keys: {', '.join(allowed)})"
                raise self.fail(knode, path, f"unknown key{hint}")
            out[name] = vnode
        return out

    def scalar(self, node: yaml.Node, key: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, key, "expected a single value")
        value = yaml.safe_load(yaml.serialize(node))
        return self.expand(value, node, key) if isinstance(value, str) else value

    def expand(self, value: str, node: yaml.Node, key: str) -> str:
        def sub(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in os.environ:
                raise self.fail(node, key, f"environment variable ${{{name}}} is not set")
            self.secrets.add(os.environ[name])
            return os.environ[name]

        return _ENV.sub(sub, value)

    def string(self, node: yaml.Node, key: str) -> str:
        value = self.scalar(node, key)
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise self.fail(node, key, f"expected text, got {_kind(value)}")
        return str(value)

    def number(self, node: yaml.Node, key: str, *, minimum: float = 0, integer: bool = False,
               strict: bool = False, maximum: float | None = None) -> float:
        value = self.scalar(node, key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            want = "a whole number" if integer else "a number"
            raise self.fail(node, key, f"expected {want}, got {_kind(value)} {value!r}")
        if integer and not float(value).is_integer():
            raise self.fail(node, key, f"expected a whole number, got {value!r}")
        if value < minimum or (strict and value == minimum):
            rel = "greater than" if strict else "at least"
            raise self.fail(node, key, f"must be {rel} {minimum:g}, got {value!r}")
        if maximum is not None and value > maximum:
            raise self.fail(node, key, f"must be at most {maximum:g}, got {value!r}")
        return int(value) if integer else float(value)

    def fraction(self, node: yaml.Node, key: str) -> float:
        return self.number(node, key, minimum=0, maximum=1)

    def boolean(self, node: yaml.Node, key: str) -> bool:
        value = self.scalar(node, key)
        if not isinstance(value, bool):
            raise self.fail(node, key, f"expected true or false, got {value!r}")
        return value

    def items(self, node: yaml.Node, key: str) -> list[tuple[str, yaml.Node]]:
        """A list (or a single value, taken as a one-item list), with per-item keys."""
        if isinstance(node, yaml.SequenceNode):
            return [(f"{key}[{i}]", item) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and node.value != "":
            return [(key, node)]
        if isinstance(node, yaml.ScalarNode):
            return []
        raise self.fail(node, key, "expected a list")

    def strings(self, node: yaml.Node, key: str) -> tuple[str, ...]:
        return tuple(self.string(n, k) for k, n in self.items(node, key))

    def tag(self, node: yaml.Node, key: str) -> str:
        raw = self.string(node, key)
        try:
            return normalize_tag(raw)
        except InvalidTag:
            raise self.fail(node, key,
                            f"'{raw}' is not a valid BCP 47 language tag (e.g. de, fr-CA, "
                            "pt-BR, zh-Hant)") from None

    def regex(self, node: yaml.Node, key: str, group: str | None = None) -> re.Pattern[str]:
        raw = self.string(node, key)
        try:
            pattern = re.compile(raw)
        except re.error as exc:
            raise self.fail(node, key, f"invalid regular expression {raw!r}: {exc}") from None
        if group and group not in pattern.groupindex:
            raise self.fail(node, key, f"the regex needs a named group (?P<{group}>...)")
        return pattern

    def path(self, node: yaml.Node, key: str) -> Path:
        return (self.base_dir / Path(self.string(node, key)).expanduser()).resolve()

    def tag_map(self, node: yaml.Node, key: str, value_reader: str = "fraction"
                ) -> dict[str, float]:
        out: dict[str, float] = {}
        self.mapping(node, key, ())  # checks the shape
        for knode, vnode in node.value:
            name = str(knode.value)
            tag = self.tag(knode, f"{key}.{name}")
            if value_reader == "fraction":
                out[tag] = self.fraction(vnode, f"{key}.{name}")
            else:
                out[tag] = self.number(vnode, f"{key}.{name}")
        return out

    # -- sections -------------------------------------------------------------------
    def config(self, root: yaml.Node) -> Config:
        top = self.mapping(root, "", _TOP_KEYS)
        if "site" not in top:
            raise self.fail(root, "site", "missing: the config needs site.start_urls")
        site = self.site(top["site"])
        crawl = self.crawl(top.get("crawl"))
        values: dict[str, Any] = {"site": site, "crawl": crawl, "base_dir": self.base_dir}
        if "markets" in top:
            values["markets"] = tuple(self.market(n, k)
                                      for k, n in self.items(top["markets"], "markets"))
        if "market_options" in top:
            values["market_options"] = self.market_options(top["market_options"])
        for key in ("traffic", "markets_csv"):
            if key in top and not _is_null(top[key]):
                values[key] = self.path(top[key], key)
        if "translation_cost" in top:
            values["translation_cost"] = self.cost(top["translation_cost"])
        if "stale_after_days" in top:
            values["stale_after_days"] = self.number(top["stale_after_days"],
                                                     "stale_after_days")
        if "gates" in top:
            values["gates"] = self.gates(top["gates"])
        if "checks" in top:
            values["checks"] = self.checks(top["checks"])
        values["secrets"] = frozenset(self.secrets)
        return Config(**values)

    def site(self, node: yaml.Node) -> SiteConfig:
        keys = tuple(f.name for f in fields(SiteConfig))
        m = self.mapping(node, "site", keys)
        if "start_urls" not in m:
            raise self.fail(node, "site.start_urls", "missing: give at least one start URL")
        start_urls = []
        for key, item in self.items(m["start_urls"], "site.start_urls"):
            url = self.string(item, key)
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise self.fail(item, key, f"'{url}' is not an absolute http(s) URL")
            start_urls.append(url)
        if not start_urls:
            raise self.fail(m["start_urls"], "site.start_urls", "give at least one start URL")
        out: dict[str, Any] = {"start_urls": tuple(start_urls),
                               "name": urlsplit(start_urls[0]).netloc}
        if "name" in m:
            out["name"] = self.string(m["name"], "site.name")
        if "sitemaps" in m:
            out["sitemaps"] = self.strings(m["sitemaps"], "site.sitemaps")
        if "source_locale" in m and self.scalar(m["source_locale"], "site.source_locale") \
                not in (None, "auto"):
            out["source_locale"] = self.tag(m["source_locale"], "site.source_locale")
        if "locales" in m and not _is_null(m["locales"]):
            out["locales"] = tuple(self.tag(n, k) for k, n in self.items(m["locales"],
                                                                         "site.locales"))
        for key in ("include", "exclude"):
            if key in m:
                out[key] = tuple(self.regex(n, k) for k, n in self.items(m[key],
                                                                         f"site.{key}"))
        for key, group in (("article_pattern", None), ("article_key", "key"),
                           ("locale_pattern", "locale")):
            if key in m and not _is_null(m[key]):
                out[key] = self.regex(m[key], f"site.{key}", group)
        if "headers" in m:
            out["headers"] = {name: self.string(v, f"site.headers.{name}")
                              for name, v in self.mapping(m["headers"], "site.headers",
                                                          ()).items()}
        if "hosts" in m:
            out["hosts"] = tuple(dict.fromkeys(
                self.host(n, k, urlsplit(start_urls[0]).scheme)
                for k, n in self.items(m["hosts"], "site.hosts")))
        return SiteConfig(**out)

    def host(self, node: yaml.Node, key: str, scheme: str) -> str:
        """A host name (`help.acme.de`, `localhost:8080`) or an origin URL, as the crawl's
        scope names it: lower case, no default port."""
        raw = self.string(node, key).strip()
        parts = urlsplit(raw if "://" in raw else f"{scheme}://{raw}")
        try:
            port = parts.port
        except ValueError:
            port = -1
        host = (parts.hostname or "").rstrip(".")
        if parts.scheme not in _DEFAULT_PORTS or not _HOST.match(host) or port == -1 or \
                parts.path not in ("", "/") or parts.query or parts.username:
            raise self.fail(node, key, f"'{raw}' is not a host name (e.g. help.acme.de, "
                                       "ja.help.acme.com, localhost:8080)")
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        if port is not None and port != _DEFAULT_PORTS[parts.scheme]:
            host = f"{host}:{port}"
        return host

    def crawl(self, node: yaml.Node | None) -> CrawlConfig:
        out: dict[str, Any] = {"store": (self.base_dir / ".locaudit").resolve()}
        if node is None:
            return CrawlConfig(**out)
        keys = tuple(f.name for f in fields(CrawlConfig))
        m = self.mapping(node, "crawl", keys)
        ints = {"concurrency": 1, "max_pages": 1, "retries": 0, "max_page_bytes": 1024,
                "max_redirects": 0}
        for key, minimum in ints.items():
            if key in m:
                out[key] = self.number(m[key], f"crawl.{key}", minimum=minimum, integer=True)
        if "rate_limit" in m:
            out["rate_limit"] = self.number(m["rate_limit"], "crawl.rate_limit")
        if "timeout" in m:
            out["timeout"] = self.number(m["timeout"], "crawl.timeout", strict=True)
        if "time_limit" in m and not _is_null(m["time_limit"]):
            out["time_limit"] = self.number(m["time_limit"], "crawl.time_limit", strict=True)
        if "user_agent" in m:
            out["user_agent"] = self.string(m["user_agent"], "crawl.user_agent")
        for key in ("respect_robots", "cookies"):
            if key in m:
                out[key] = self.boolean(m[key], f"crawl.{key}")
        if "store" in m:
            out["store"] = self.path(m["store"], "crawl.store")
        return CrawlConfig(**out)

    def market(self, node: yaml.Node, key: str) -> Market:
        m = self.mapping(node, key, ("country", "language", "share", "languages"))
        if "share" not in m:
            raise self.fail(node, f"{key}.share", "missing: each market needs a share")
        share = self.number(m["share"], f"{key}.share", strict=True)
        if ("country" in m) == ("language" in m):
            raise self.fail(node, key, "give either country or language")
        if "country" in m:
            country = self.string(m["country"], f"{key}.country")
            if not _COUNTRY.match(country):
                raise self.fail(m["country"], f"{key}.country",
                                f"'{country}' is not a two-letter ISO 3166 country code")
            languages = self.tag_map(m["languages"], f"{key}.languages") \
                if "languages" in m else None
            return Market(share=share, country=country.upper(), languages=languages)
        if "languages" in m:
            raise self.fail(m["languages"], f"{key}.languages",
                            "languages goes with a country market")
        return Market(share=share, language=self.tag(m["language"], f"{key}.language"))

    def market_options(self, node: yaml.Node) -> MarketOptions:
        m = self.mapping(node, "market_options", ("min_language_share", "max_distance"))
        out: dict[str, Any] = {}
        if "min_language_share" in m:
            out["min_language_share"] = self.fraction(m["min_language_share"],
                                                      "market_options.min_language_share")
        if "max_distance" in m:
            out["max_distance"] = self.number(m["max_distance"], "market_options.max_distance",
                                              integer=True)
        return MarketOptions(**out)

    def cost(self, node: yaml.Node) -> TranslationCost:
        m = self.mapping(node, "translation_cost", ("per_word", "currency", "per_locale"))
        out: dict[str, Any] = {}
        if "per_word" in m:
            out["per_word"] = self.number(m["per_word"], "translation_cost.per_word")
        if "currency" in m:
            out["currency"] = self.string(m["currency"], "translation_cost.currency")
        if "per_locale" in m:
            out["per_locale"] = self.tag_map(m["per_locale"], "translation_cost.per_locale",
                                             "number")
        return TranslationCost(**out)

    def gates(self, node: yaml.Node) -> Gates:
        keys = tuple(f.name for f in fields(Gates))
        m = self.mapping(node, "gates", keys)
        out: dict[str, Any] = {}
        for key in ("min_score", "max_drop"):
            if key in m and not _is_null(m[key]):
                out[key] = self.fraction(m[key], f"gates.{key}")
        if "min_coverage" in m:
            out["min_coverage"] = self.tag_map(m["min_coverage"], "gates.min_coverage")
        if "fail_on" in m:
            valid = tuple(t.value for t in FindingType)
            names = []
            for key, item in self.items(m["fail_on"], "gates.fail_on"):
                name = self.string(item, key)
                if name not in valid:
                    near = difflib.get_close_matches(name, valid, n=1, cutoff=0.5)
                    hint = f" (did you mean '{near[0]}'?)" if near else ""
                    raise self.fail(item, key, f"unknown finding type '{name}'{hint}")
                names.append(name)
            out["fail_on"] = tuple(names)
        if "allow_incomplete" in m:
            out["allow_incomplete"] = self.boolean(m["allow_incomplete"],
                                                   "gates.allow_incomplete")
        return Gates(**out)

    def checks(self, node: yaml.Node) -> Checks:
        keys = tuple(f.name for f in fields(Checks))
        m = self.mapping(node, "checks", keys)
        out: dict[str, Any] = {}
        for key in ("fallback_phrases", "machine_translation_phrases"):
            if key in m:
                out[key] = self.strings(m[key], f"checks.{key}")
        if "min_text_chars" in m:
            out["min_text_chars"] = self.number(m["min_text_chars"], "checks.min_text_chars",
                                                integer=True)
        if "min_confidence" in m:
            out["min_confidence"] = self.fraction(m["min_confidence"], "checks.min_confidence")
        if "bleed_through" in m:
            out["bleed_through"] = self.fraction(m["bleed_through"], "checks.bleed_through")
        return Checks(**out)


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")


def _kind(value: object) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text",
            list: "a list", dict: "a mapping", type(None): "nothing"}.get(type(value), "a value")
