"""Config text -> one composed YAML node, with `extends:` profiles merged underneath.

Composing (rather than loading) keeps every value's file and line for error messages.
YAML syntax errors become one-line `ConfigError`s here; values are read in `sections.py`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from locaudit.errors import ConfigError
from locaudit.profiles import apply_extends


def read_text(path: Path) -> str:
    """A config file's text, or a `ConfigError` that says why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read config: {exc.strerror}", file=str(path)) from exc
    except UnicodeDecodeError:
        raise ConfigError("config is not UTF-8 text", file=str(path)) from None


def compose(text: str, filename: str, base_dir: Path) -> yaml.Node:
    """The config's root node, its `extends:` profile merged under it."""
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
    return apply_extends(root, filename, base_dir)
