"""configs/example.yaml is the commented reference of every key (design §3): a key added to
a block's dataclass and not to the example fails here."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from locaudit.config.sections import TOP, Block

EXAMPLE = (Path(__file__).resolve().parents[1] / "configs" / "example.yaml").read_text()
# Blocks read by a function rather than a Block table, with their dataclass.
_FUNCTION_BLOCKS = {"site": "SiteConfig", "markets": "Market"}


def _keys_in_example(indent: str) -> set[str]:
    """Keys written at this indentation, also when commented out (`# key:`)."""
    return set(re.findall(rf"^{indent}#? ?([a-z_]+):", EXAMPLE, flags=re.M))


def test_every_top_level_key_is_in_the_example() -> None:
    assert set(TOP) <= _keys_in_example("")


def test_every_block_key_is_in_the_example() -> None:
    from locaudit.config import model

    nested = _keys_in_example("  ") | _keys_in_example("  - ") | _keys_in_example("  - {")
    inline = set(re.findall(r"[{,] ?([a-z_]+):", EXAMPLE))
    missing = {}
    for name, read in TOP.items():
        cls = read.cls if isinstance(read, Block) else \
            getattr(model, _FUNCTION_BLOCKS.get(name, ""), None)
        if cls is None:
            continue  # a single value, e.g. traffic: a path
        absent = {f.name for f in fields(cls)} - nested - inline
        if absent:
            missing[name] = sorted(absent)
    assert missing == {}
