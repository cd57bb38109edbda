"""Odd YAML values get the same one-line error as any other bad value, never a crash."""

from __future__ import annotations

import pytest

from locaudit.config import parse_config
from locaudit.errors import ConfigError

SITE = "site:\n  start_urls: [https://a.example/]\n"


@pytest.mark.parametrize(("value", "expected"), [
    ("!foo bar", "cannot read 'bar' as YAML tag !foo"),
    ("!!int abc", "cannot read 'abc' as YAML tag !!int"),
    ("!!float x", "cannot read 'x' as YAML tag !!float"),
    ("!!timestamp x", "cannot read 'x' as YAML tag !!timestamp"),
    ("!!bool x", "cannot read 'x' as YAML tag !!bool"),
    ("!!set x", "cannot read 'x' as YAML tag !!set"),
    ("!!python/name:os.system x", "cannot read 'x' as YAML tag !!python/name:os.system"),
])
def test_a_tag_yaml_cannot_read_is_a_config_error(value: str, expected: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(f"{SITE}  name: {value}\n", filename="x.yaml")
    assert str(raised.value) == f"x.yaml:3: site.name: {expected}"


@pytest.mark.parametrize("key", ["gates:\n  min_score", "crawl:\n  rate_limit",
                                 "crawl:\n  timeout", "stale_after_days"])
def test_not_a_number_is_not_a_number(key: str) -> None:
    # `.nan` compares false with every bound, so it slipped through: `min_score: .nan`
    # made a gate that could never fail.
    with pytest.raises(ConfigError) as raised:
        parse_config(f"{SITE}{key}: .nan\n", filename="x.yaml")
    assert str(raised.value).endswith(": expected a number, got nan")
