"""Platform profiles and `extends:`: the config's keys win, mappings merge, errors name the
file that holds the mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from locaudit.config import load_config, parse_config
from locaudit.crawl.urls import Scope
from locaudit.errors import ConfigError
from locaudit.profiles import profile_names

START = "site:\n  start_urls: [https://help.acme.example/hc/en-us]\n"


def test_the_bundled_profiles() -> None:
    assert profile_names() == ["docs", "document360", "freshdesk", "helpscout", "intercom",
                               "salesforce", "zendesk"]


# Per platform, URLs as the platform serves them (from each platform's public help-center
# URL scheme): (article URL, its expected key or None when the profile leaves alignment to
# hreflang, a content page that is not an article, URLs the crawl must skip).
PLATFORM_URLS = {
    "zendesk": ("/hc/de/articles/360001234-passwort-zuruecksetzen", "360001234",
                "/hc/de/sections/200-konto", ("/hc/en-us/search?query=x", "/hc/en-us/signin",
                                              "/hc/en-us/requests/new", "/hc/fr/community/posts")),
    "freshdesk": ("/de/support/solutions/articles/5000123-passwort", "5000123",
                  "/de/support/solutions/folders/5000001", ("/support/login",
                                                           "/support/tickets/new",
                                                           "/support/search?term=x")),
    "intercom": ("/de/articles/4567-passwort-zuruecksetzen", "4567", "/de/collections/89-konto",
                 ("/de/search?q=x",)),
    "salesforce": ("/s/article/Reset-Your-Password?language=ja", "Reset-Your-Password",
                   "/s/topic/0TO000000000001/account", ("/s/login", "/s/global-search/x")),
    "document360": ("/docs/de/passwort-zuruecksetzen", None, "/", ("/search?q=x",)),
    "helpscout": ("/article/123-reset-your-password", None, "/category/4-account",
                  ("/search?query=x",)),
    "docs": (None, None, None, ("/search", "/blog/2026/release", "/tags/setup",
                                "/files/guide.pdf")),
}


@pytest.mark.parametrize("name", profile_names())
def test_every_profile_recognises_its_platforms_urls(name: str) -> None:
    config = parse_config(f"extends: {name}\n{START}")
    site = config.site
    article, key, not_article, skipped = PLATFORM_URLS[name]
    scope = Scope.for_start_urls(["https://help.acme.example/"], site.include, site.exclude)
    for path in skipped:
        assert not scope.contains(f"https://help.acme.example{path}"), path
    for path in (article, not_article):
        if path is not None:
            assert scope.contains(f"https://help.acme.example{path}"), path
    if article is not None:
        assert site.article_pattern is not None and site.article_pattern.search(article)
        assert not site.article_pattern.search(not_article or "")
    match = site.article_key.search(article) if site.article_key and article else None
    assert (match.group("key") if match else None) == key


def test_config_keys_win_and_mappings_merge() -> None:
    config = parse_config(f"extends: zendesk\n{START}  exclude: ['/x']\ncrawl:\n"
                          "  concurrency: 3\n")
    assert [p.pattern for p in config.site.exclude] == ["/x"]  # replaced, not appended
    assert config.site.article_key is not None  # kept from the profile
    assert config.site.article_key.pattern == r"/articles/(?P<key>\d+)"
    assert config.crawl.rate_limit == 5  # the profile's
    assert config.crawl.concurrency == 3  # the config's


def test_extends_a_file_by_path(tmp_path: Path) -> None:
    (tmp_path / "team.yaml").write_text("extends: freshdesk\ncrawl:\n  rate_limit: 1\n")
    (tmp_path / "site.yaml").write_text(f"extends: ./team.yaml\n{START}")
    config = load_config(tmp_path / "site.yaml")
    assert config.crawl.rate_limit == 1
    assert config.site.article_pattern is not None
    assert config.site.article_pattern.pattern == r"/support/solutions/articles/\d+"


def test_unknown_profile_suggests_the_nearest() -> None:
    with pytest.raises(ConfigError) as error:
        parse_config(f"extends: zendsk\n{START}", filename="acme.yaml")
    assert str(error.value) == \
        "acme.yaml:1: extends: unknown profile 'zendsk' (did you mean 'zendesk'?)"


def test_a_mistake_inside_a_profile_names_the_profile(tmp_path: Path) -> None:
    (tmp_path / "team.yaml").write_text("crawl:\n  rate_limit: 1\n  concurency: 2\n")
    (tmp_path / "site.yaml").write_text(f"extends: team.yaml\n{START}")
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path / "site.yaml")
    assert str(error.value) == (f"{tmp_path / 'team.yaml'}:3: crawl.concurency: unknown key "
                                "(did you mean 'concurrency'?)")


def test_profiles_that_extend_each_other_in_a_loop(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n")
    with pytest.raises(ConfigError, match="loop"):
        parse_config(f"extends: a.yaml\n{START}", base_dir=tmp_path)
