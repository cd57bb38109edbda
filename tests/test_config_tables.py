"""The config's blocks: every field of a block's dataclass is read by its table, and every
table entry is a field, so adding a key cannot go half done (see locaudit/config/__init__)."""

from __future__ import annotations

import pytest

from locaudit.config import Config
from locaudit.config.model import SiteConfig
from locaudit.config.sections import (
    CHECKS,
    CRAWL,
    GATES,
    MARKET_OPTIONS,
    REPORT,
    TOP,
    TOP_KEYS,
    TRANSLATION_COST,
    Block,
    field_names,
    site_table,
)


@pytest.mark.parametrize("block", [CRAWL, MARKET_OPTIONS, TRANSLATION_COST, GATES, CHECKS,
                                   REPORT],
                         ids=lambda b: b.cls.__name__)
def test_every_field_has_a_reader(block: Block) -> None:
    assert sorted(block.table) == sorted(field_names(block.cls))


def test_every_site_field_has_a_reader() -> None:
    assert sorted([*site_table("https"), "start_urls"]) == sorted(field_names(SiteConfig))


def test_every_top_level_key_is_a_config_field() -> None:
    computed = {"base_dir", "path", "secrets"}  # set by the loader, never read from YAML
    assert sorted([*TOP, *computed]) == sorted(field_names(Config))
    assert TOP_KEYS[0] == "extends"
