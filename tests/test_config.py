"""Config loading: exact values, defaults, path resolution, env expansion, one-line errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from locaudit.config import config_for_url, load_config, parse_config
from locaudit.errors import ConfigError

FULL = """\
site:
  name: Acme Help Center
  start_urls: [https://help.acme.example/hc/en-us]
  source_locale: en_us
  locales: [de, FR, ja]
  include: ['^/hc/']
  exclude: ['/search', '/signin']
  article_pattern: '/articles/\\d+'
  article_key: '/articles/(?P<key>\\d+)'
  locale_pattern: '^/hc/(?P<locale>[a-z]{2}(-[a-z]{2,4})?)/'
  headers: {Authorization: 'Bearer ${LOCAUDIT_TEST_TOKEN}'}
crawl:
  concurrency: 4
  rate_limit: 2.5
  max_pages: 1000
  store: state/
markets:
  - {country: US, share: 0.40}
  - {country: ch, share: 0.05, languages: {de: 0.65, fr: 0.25, it: 0.10}}
  - {language: ja, share: 0.15}
traffic: analytics/pageviews.csv
translation_cost: {per_word: 0.12, currency: EUR, per_locale: {ja: 0.18}}
stale_after_days: 30
gates:
  min_score: 0.6
  min_coverage: {de: 0.8}
  fail_on: [untranslated_content]
"""


def test_full_config_loads_exact_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    monkeypatch.setenv("LOCAUDIT_TEST_TOKEN", "s3cret")
    path = tmp_path / "acme.yaml"
    path.write_text(FULL, encoding="utf-8")
    cfg = load_config(path)
    assert cfg.site.name == "Acme Help Center"
    assert cfg.site.source_locale == "en-US"
    assert cfg.site.locales == ("de", "fr", "ja")
    assert cfg.site.article_key is not None and cfg.site.article_key.groupindex == {"key": 1}
    assert cfg.site.headers == {"Authorization": "Bearer s3cret"}
    assert cfg.secrets == {"LOCAUDIT_TEST_TOKEN": "s3cret"}
    assert (cfg.crawl.concurrency, cfg.crawl.rate_limit, cfg.crawl.max_pages) == (4, 2.5, 1000)
    assert cfg.crawl.retries == 3 and cfg.crawl.timeout == 20.0  # defaults kept
    # Relative paths resolve against the config file's folder, not the working directory.
    assert cfg.crawl.store == (tmp_path / "state").resolve()
    assert cfg.traffic == (tmp_path / "analytics/pageviews.csv").resolve()
    assert [m.country for m in cfg.markets] == ["US", "CH", None]
    assert cfg.markets[1].languages == {"de": 0.65, "fr": 0.25, "it": 0.10}
    assert cfg.markets[2].language == "ja"
    assert cfg.translation_cost.per_locale == {"ja": 0.18}
    assert cfg.translation_cost.currency == "EUR"
    assert cfg.stale_after_days == 30
    assert cfg.gates.min_coverage == {"de": 0.8}
    assert cfg.gates.fail_on == ("untranslated_content",)


def test_bare_url_gets_defaults() -> None:
    cfg = config_for_url("https://help.acme.example/hc/en-us")
    assert cfg.site.start_urls == ("https://help.acme.example/hc/en-us",)
    assert cfg.site.name == "help.acme.example"
    assert cfg.site.locales is None and cfg.site.source_locale is None
    assert cfg.crawl.store == (Path.cwd() / ".locaudit").resolve()
    assert cfg.crawl.respect_robots is True


def test_single_string_is_a_one_item_list() -> None:
    cfg = parse_config("site:\n  start_urls: https://a.example/\n  locales: de\n")
    assert cfg.site.start_urls == ("https://a.example/",)
    assert cfg.site.locales == ("de",)


# Each bad input: the YAML, and what the single error line must say (line numbers counted
# by hand from the text).
BAD = [
    ("site:\n  start_url: [https://a.example/]\n", "x.yaml:2: site.start_url: unknown key "
     "(did you mean 'start_urls'?)"),
    ("site:\n  start_urls: [https://a.example/]\ncrawl:\n  concurency: 4\n",
     "x.yaml:4: crawl.concurency: unknown key (did you mean 'concurrency'?)"),
    ("site:\n  start_urls: [https://a.example/]\ncrawl:\n  concurrency: lots\n",
     "x.yaml:4: crawl.concurrency: expected a whole number, got text 'lots'"),
    ("site:\n  start_urls: [https://a.example/]\n  locales: [de, en_UK_x]\n",
     "x.yaml:3: site.locales[1]: 'en_UK_x' is not a valid BCP 47 language tag"),
    ("site:\n  start_urls: [https://a.example/]\ngates:\n  min_coverage: {jp: 0.5}\n",
     "x.yaml:4: gates.min_coverage.jp: 'jp' is not a valid BCP 47 language tag"),
    ("site:\n  start_urls: [https://a.example/]\ngates:\n  min_score: 60\n",
     "x.yaml:4: gates.min_score: must be at most 1, got 60"),
    ("site:\n  start_urls: [https://a.example/]\ngates:\n  fail_on: [untranslated]\n",
     "x.yaml:4: gates.fail_on[0]: unknown finding type 'untranslated' "
     "(did you mean 'untranslated_content'?)"),
    ("site:\n  start_urls: [https://a.example/]\n  include: ['(unclosed']\n",
     "x.yaml:3: site.include[0]: invalid regular expression '(unclosed'"),
    ("site:\n  start_urls: [https://a.example/]\n  article_key: '/articles/(\\d+)'\n",
     "x.yaml:3: site.article_key: the regex needs a named group (?P<key>...)"),
    ("site:\n  start_urls: [help.acme.example]\n",
     "x.yaml:2: site.start_urls[0]: 'help.acme.example' is not an absolute http(s) URL"),
    ("site:\n  name: Acme\n", "x.yaml:2: site.start_urls: missing"),
    ("crawl:\n  concurrency: 2\n", "x.yaml:1: site: missing"),
    ("markets:\n  - {country: USA, share: 1}\nsite: {start_urls: ['https://a.example/']}\n",
     "x.yaml:2: markets[0].country: 'USA' is not a two-letter ISO 3166 country code"),
    ("site:\n  start_urls: [https://a.example/]\n  headers: {X: '${LOCAUDIT_UNSET_VAR}'}\n",
     "x.yaml:3: site.headers.X: environment variable ${LOCAUDIT_UNSET_VAR} is not set"),
    ("site:\n  start_urls: [https://a.example/]\n   name: x\n", "x.yaml:3: invalid YAML: bad "
     "indentation"),
    ("- just\n- a list\n", "x.yaml:1: (top level): expected a mapping of keys"),
    ("", "x.yaml: the config is empty"),
]


@pytest.mark.parametrize(("text", "expected"), BAD)
def test_bad_config_is_one_line_with_file_line_and_key(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(text, filename="x.yaml")
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(expected), message


def test_example_config_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELP_TOKEN", "t")
    example = Path(__file__).resolve().parents[1] / "configs" / "example.yaml"
    cfg = load_config(example)
    assert cfg.site.start_urls == ("https://help.acme.example/hc/en-us",)
    assert cfg.site.article_pattern is not None
    assert re.search(cfg.site.article_pattern, "/hc/de/articles/360001-passwort")
    assert cfg.site.headers == {"Authorization": "Bearer t"}
    assert len(cfg.markets) == 5 and cfg.gates.min_coverage == {"de": 0.8, "fr": 0.5}
