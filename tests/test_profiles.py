"""Platform profiles and `extends:`: the config's keys win, mappings merge, errors name the
file that holds the mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from locaudit.config import load_config, parse_config
from locaudit.errors import ConfigError
from locaudit.profiles import profile_names

START = "site:\n  start_urls: [https://help.acme.example/hc/en-us]\n"


def test_the_bundled_profiles() -> None:
    assert profile_names() == ["docs", "document360", "freshdesk", "helpscout", "intercom",
                               "salesforce", "zendesk"]


@pytest.mark.parametrize("name", profile_names())
def test_every_profile_makes_a_valid_config(name: str) -> None:
    config = parse_config(f"extends: {name}\n{START}")
    assert config.site.start_urls == ("https://help.acme.example/hc/en-us",)


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
