"""Platform profiles: partial configs for help-center platforms, used with `extends: NAME`.

A config that says `extends: zendesk` starts from `zendesk.yaml` in this folder (or from any
YAML file given by path); the config's own keys win and mappings merge key by key, so
`site.exclude` in the config replaces the profile's list rather than appending to it.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import yaml

from locaudit.errors import ConfigError

PROFILES_DIR = Path(__file__).parent


def profile_names() -> list[str]:
    """The bundled platform profiles (`extends: zendesk`)."""
    return sorted(p.stem for p in PROFILES_DIR.glob("*.yaml"))


def apply_extends(root: yaml.Node, filename: str, base_dir: Path, depth: int = 0
                   ) -> yaml.Node:
    """Merge the profile named by a top-level `extends:` under this config: the config's
    keys win, mappings (site, crawl, checks) merge key by key."""
    if not isinstance(root, yaml.MappingNode):
        return root
    extends = next(((k, v) for k, v in root.value if k.value == "extends"), None)
    if extends is None:
        return root
    knode, vnode = extends
    rest = yaml.MappingNode(root.tag, [(k, v) for k, v in root.value if k is not knode])
    value = str(vnode.value) if isinstance(vnode, yaml.ScalarNode) else ""
    line = vnode.start_mark.line + 1
    if "/" in value or value.endswith((".yaml", ".yml")):
        path = (base_dir / value).resolve()
    elif value in profile_names():
        path = PROFILES_DIR / f"{value}.yaml"
    else:
        near = difflib.get_close_matches(value, profile_names(), n=1, cutoff=0.5)
        hint = f"did you mean '{near[0]}'?" if near else \
            f"bundled profiles: {', '.join(profile_names())}; or give a path to a YAML file"
        raise ConfigError(f"unknown profile '{value}' ({hint})", file=filename, line=line,
                          key="extends")
    if depth > 4:
        raise ConfigError("profiles extend each other in a loop", file=filename, line=line,
                          key="extends")
    try:
        with path.open(encoding="utf-8") as stream:  # marks then name the profile's file
            base = yaml.compose(stream, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read profile {path}: {exc}", file=filename, line=line,
                          key="extends") from None
    if base is None:
        return rest
    base = apply_extends(base, str(path), path.parent, depth + 1)
    return _merge(base, rest)


def _merge(base: yaml.Node, over: yaml.Node) -> yaml.Node:
    if not (isinstance(base, yaml.MappingNode) and isinstance(over, yaml.MappingNode)):
        return over
    merged = {str(k.value): (k, v) for k, v in base.value}
    for k, v in over.value:
        name = str(k.value)
        merged[name] = (k, _merge(merged[name][1], v)) if name in merged else (k, v)
    return yaml.MappingNode(over.tag, list(merged.values()))
