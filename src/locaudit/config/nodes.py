"""Reading composed YAML nodes: shapes, single values with `${VAR}` expanded, and errors
that name the file, the line and the dotted key."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Any

import yaml

from locaudit.errors import ConfigError
from locaudit.redact import Redactor

_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class NodeReader:
    """Walks the composed YAML nodes of one config, so every value knows its line; collects
    the values of the `${VAR}`s it expands (`secrets`)."""

    def __init__(self, filename: str, base_dir: Path) -> None:
        self.filename = filename
        self.base_dir = base_dir
        self.secrets: dict[str, str] = {}  # ${NAME} -> its value

    def fail(self, node: yaml.Node | None, key: str, message: str) -> ConfigError:
        line = node.start_mark.line + 1 if node is not None else None
        # A value that came from a profile names the profile's file.
        source = node.start_mark.name if node is not None else "<"
        message = Redactor(self.secrets).text(message)  # a bad value may hold a ${VAR}
        return ConfigError(message, file=self.filename if source.startswith("<") else source,
                           line=line, key=key)

    def mapping(self, node: yaml.Node, key: str, allowed: tuple[str, ...]
                ) -> dict[str, yaml.Node]:
        """A mapping's value nodes by key; any key not in `allowed` (when given) is an error
        that suggests the nearest allowed one."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, key or "(top level)", "expected a mapping of keys")
        out: dict[str, yaml.Node] = {}
        for knode, vnode in node.value:
            name = str(knode.value)
            path = f"{key}.{name}" if key else name
            if allowed and name not in allowed:
                hint = did_you_mean(name, allowed, 0.6) or \
                    f" (valid keys: {', '.join(allowed)})"
                raise self.fail(knode, path, f"unknown key{hint}")
            out[name] = vnode
        return out

    def scalar(self, node: yaml.Node, key: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, key, "expected a single value")
        try:
            value = yaml.safe_load(yaml.serialize(node))
        except Exception:  # PyYAML raises anything from ValueError to KeyError here
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise self.fail(node, key, f"cannot read {node.value!r} as YAML tag {tag}"
                            ) from None
        return self.expand(value, node, key) if isinstance(value, str) else value

    def expand(self, value: str, node: yaml.Node, key: str) -> str:
        def sub(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in os.environ:
                raise self.fail(node, key, f"environment variable ${{{name}}} is not set")
            self.secrets[name] = os.environ[name]
            return os.environ[name]

        return _ENV.sub(sub, value)

    def items(self, node: yaml.Node, key: str) -> list[tuple[str, yaml.Node]]:
        """A list (or a single value, taken as a one-item list), with per-item keys."""
        if isinstance(node, yaml.SequenceNode):
            return [(f"{key}[{i}]", item) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and node.value != "":
            return [(key, node)]
        if isinstance(node, yaml.ScalarNode):
            return []
        raise self.fail(node, key, "expected a list")


def did_you_mean(name: str, choices: tuple[str, ...], cutoff: float) -> str:
    """` (did you mean 'x'?)` for the choice nearest `name`, or "" when none is near."""
    near = difflib.get_close_matches(name, choices, n=1, cutoff=cutoff)
    return f" (did you mean '{near[0]}'?)" if near else ""


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")


def kind(value: object) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text",
            list: "a list", dict: "a mapping", type(None): "nothing"}.get(type(value), "a value")
