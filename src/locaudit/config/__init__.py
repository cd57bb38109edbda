"""Configuration: YAML -> frozen, validated dataclasses (design §3).

Every error is one line naming the file, the line and the dotted key, and suggests the
nearest valid key for a typo:  `acme.yaml:4: site.start_url: unknown key (did you mean
'start_urls'?)`. Relative paths resolve against the config file's folder; `${VAR}` is
expanded in string values and the expanded secrets are remembered so output can redact them.

The package, in reading order:

- `model.py`: the frozen dataclasses, one per block, with their defaults;
- `loading.py`: config text -> one YAML node, with `extends:` profiles merged under it;
- `nodes.py`: `NodeReader`, which walks the nodes (shapes, `${VAR}`, file:line: key errors);
- `values.py`: value readers, one per kind of value (text, whole numbers, fractions, tags,
  regexes, paths, hosts) and combinators (`each`, `optional`, `tag_map`);
- `sections.py`: each block's table, key -> value reader, and the few blocks that need
  more than a table (`site`, a market).

To add a key, say `checks.min_words: 50`:

1. add the field with its default to the block's dataclass in `model.py`
   (`min_words: int = 50`): that makes the key valid, and a typo of it gets "did you mean";
2. add one line to the block's table in `sections.py` (`"min_words": whole(minimum=1),`),
   at the place in the table where it should be checked;
3. list it in `configs/example.yaml` and docs/design.md §3.

`tests/test_config_tables.py` fails while a field has no reader or a reader no field. A new
kind of value is a function `read(reader, node, key)` in `values.py`; `None` in YAML keeps
the default only for keys wrapped in `optional(...)`. A new block is a dataclass, a `Block`
and a line in `TOP`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml

from locaudit.config.loading import compose, read_text
from locaudit.config.model import (
    DEFAULT_USER_AGENT,
    Checks,
    Config,
    CrawlConfig,
    Gates,
    Market,
    MarketOptions,
    SiteConfig,
    TranslationCost,
    ZendeskConfig,
)
from locaudit.config.nodes import NodeReader
from locaudit.config.sections import read_config

__all__ = [
    "DEFAULT_USER_AGENT",
    "SOURCE_PREFIXES",
    "Checks",
    "Config",
    "CrawlConfig",
    "Gates",
    "Market",
    "MarketOptions",
    "SiteConfig",
    "TranslationCost",
    "ZendeskConfig",
    "config_for_directory",
    "config_for_url",
    "load_config",
    "parse_config",
]


def load_config(path: str | Path) -> Config:
    path = Path(path)
    config = parse_config(read_text(path), filename=str(path), base_dir=path.resolve().parent)
    return replace(config, path=path)


# A URL argument may name its source: `zendesk+https://help.acme.com` reads the Zendesk
# Help Center API there instead of crawling (design §3).
SOURCE_PREFIXES = {"zendesk+": "zendesk"}


def config_for_url(url: str) -> Config:
    """Defaults for a bare URL: crawl under its host (or read the source its prefix names),
    store in ./.locaudit."""
    site: dict[str, object] = {"start_urls": [url]}
    for prefix, source in SOURCE_PREFIXES.items():
        if url.startswith(prefix):
            site = {"start_urls": [url.removeprefix(prefix)], "source": source}
    return parse_config(yaml.safe_dump({"site": site}), filename="<url>", base_dir=Path.cwd())


def config_for_directory(folder: Path, base_url: str | None = None) -> Config:
    """Defaults for a bare build folder: `source: directory`, its pages at `base_url` (the
    site's public address) or, without one, at LOCAL_BASE_URL; store in ./.locaudit."""
    site: dict[str, object] = {"source": "directory", "directory": str(folder.resolve())}
    if base_url is not None:
        site["start_urls"] = [base_url]
    return parse_config(yaml.safe_dump({"site": site}), filename="<folder>",
                        base_dir=Path.cwd())


def parse_config(text: str, *, filename: str = "<config>", base_dir: Path | None = None
                 ) -> Config:
    reader = NodeReader(filename, base_dir or Path.cwd())
    return read_config(reader, compose(text, filename, reader.base_dir))
