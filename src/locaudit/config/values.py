"""Value readers: each turns one YAML node into a checked Python value, or raises a
`ConfigError` naming the file, line and key.

A value reader is called as `read(reader, node, key)`; the factories below (`whole`,
`regex`, `each`, `optional`, `distinct`, `tag_map`, ...) build readers with their limits
baked in, so a block's table in `sections.py` says in one line how each key is read.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from locaudit.config.nodes import NodeReader, is_null, kind
from locaudit.tags import InvalidTag, normalize_tag

Read = Callable[[NodeReader, yaml.Node, str], Any]

KEEP = object()  # returned by a reader to keep the key's default (see `optional`)

_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}"
                   r"[a-z0-9])?$|^[0-9a-f:.]*:[0-9a-f:.]*$")  # a name, or IPv6
_DEFAULT_PORTS = {"http": 80, "https": 443}


# --------------------------------------------------------------------------- single values


def text(r: NodeReader, node: yaml.Node, key: str) -> str:
    value = r.scalar(node, key)
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise r.fail(node, key, f"expected text, got {kind(value)}")
    return str(value)


def number(r: NodeReader, node: yaml.Node, key: str, *, minimum: float = 0,
           integer: bool = False, strict: bool = False, maximum: float | None = None) -> float:
    """A number of at least `minimum` (greater than, if `strict`) and at most `maximum`."""
    value = r.scalar(node, key)
    want = "a whole number" if integer else "a number"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise r.fail(node, key, f"expected {want}, got {kind(value)} {value!r}")
    if math.isnan(value):  # .nan: every bound below would let it through
        raise r.fail(node, key, f"expected {want}, got nan")
    if integer and not float(value).is_integer():
        raise r.fail(node, key, f"expected a whole number, got {value!r}")
    if value < minimum or (strict and value == minimum):
        rel = "greater than" if strict else "at least"
        raise r.fail(node, key, f"must be {rel} {minimum:g}, got {value!r}")
    if maximum is not None and value > maximum:
        raise r.fail(node, key, f"must be at most {maximum:g}, got {value!r}")
    return int(value) if integer else float(value)


def whole(minimum: int = 0) -> Read:
    """A whole number of at least `minimum`."""
    return lambda r, node, key: number(r, node, key, minimum=minimum, integer=True)


def positive(r: NodeReader, node: yaml.Node, key: str) -> float:
    """A number greater than 0."""
    return number(r, node, key, strict=True)


def fraction(r: NodeReader, node: yaml.Node, key: str) -> float:
    """A number from 0 to 1."""
    return number(r, node, key, minimum=0, maximum=1)


def boolean(r: NodeReader, node: yaml.Node, key: str) -> bool:
    value = r.scalar(node, key)
    if not isinstance(value, bool):
        raise r.fail(node, key, f"expected true or false, got {value!r}")
    return value


def path(r: NodeReader, node: yaml.Node, key: str) -> Path:
    """A path; relative paths resolve against the config file's folder."""
    return (r.base_dir / Path(text(r, node, key)).expanduser()).resolve()


def tag(r: NodeReader, node: yaml.Node, key: str) -> str:
    """A BCP 47 language tag, normalised (`en_us` -> `en-US`)."""
    raw = text(r, node, key)
    try:
        return normalize_tag(raw)
    except InvalidTag:
        raise r.fail(node, key,
                     f"'{raw}' is not a valid BCP 47 language tag (e.g. de, fr-CA, "
                     "pt-BR, zh-Hant)") from None


def regex(group: str | None = None) -> Read:
    """A regular expression; with `group`, one that has that named group."""
    def read(r: NodeReader, node: yaml.Node, key: str) -> re.Pattern[str]:
        raw = text(r, node, key)
        try:
            pattern = re.compile(raw)
        except re.error as exc:
            raise r.fail(node, key, f"invalid regular expression {raw!r}: {exc}") from None
        if group and group not in pattern.groupindex:
            raise r.fail(node, key, f"the regex needs a named group (?P<{group}>...)")
        return pattern

    return read


def absolute_url(r: NodeReader, node: yaml.Node, key: str) -> str:
    url = text(r, node, key)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise r.fail(node, key, f"'{url}' is not an absolute http(s) URL")
    return url


def host(scheme: str) -> Read:
    """A host name (`help.acme.de`, `localhost:8080`) or an origin URL, as the crawl's
    scope names it: lower case, no default port. A bare name takes `scheme`."""
    def read(r: NodeReader, node: yaml.Node, key: str) -> str:
        raw = text(r, node, key).strip()
        parts = urlsplit(raw if "://" in raw else f"{scheme}://{raw}")
        try:
            port = parts.port
        except ValueError:
            port = -1
        name = (parts.hostname or "").rstrip(".")
        if parts.scheme not in _DEFAULT_PORTS or not _HOST.match(name) or port == -1 or \
                parts.path not in ("", "/") or parts.query or parts.username:
            raise r.fail(node, key, f"'{raw}' is not a host name (e.g. help.acme.de, "
                                    "ja.help.acme.com, localhost:8080)")
        if ":" in name and not name.startswith("["):
            name = f"[{name}]"
        if port is not None and port != _DEFAULT_PORTS[parts.scheme]:
            name = f"{name}:{port}"
        return name

    return read


# --------------------------------------------------------------------------- combinators


def each(read: Read) -> Read:
    """A list read item by item (a single value is a one-item list), as a tuple."""
    return lambda r, node, key: tuple(read(r, item, k) for k, item in r.items(node, key))


def optional(read: Read) -> Read:
    """`read`, except that null (`key: null` or `key: ~`) keeps the default."""
    return lambda r, node, key: KEEP if is_null(node) else read(r, node, key)


def distinct(read: Read) -> Read:
    """A tuple read by `read`, each value once, in first-seen order."""
    return lambda r, node, key: tuple(dict.fromkeys(read(r, node, key)))


def tag_map(read: Read) -> Read:
    """A mapping from language tags to values read by `read`: `{de: 0.8, fr-CA: 0.5}`."""
    def read_map(r: NodeReader, node: yaml.Node, key: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        r.mapping(node, key, ())  # checks the shape
        for knode, vnode in node.value:
            name = str(knode.value)
            normalized = tag(r, knode, f"{key}.{name}")
            out[normalized] = read(r, vnode, f"{key}.{name}")
        return out

    return read_map


def text_map(r: NodeReader, node: yaml.Node, key: str) -> dict[str, str]:
    """A mapping of any names to text values (HTTP headers)."""
    return {name: text(r, value, f"{key}.{name}")
            for name, value in r.mapping(node, key, ()).items()}


# A logo is embedded in the HTML report: kept small so the report stays one light file.
MAX_LOGO_BYTES = 512 * 1024
_IMAGE_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
                     (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"))


def image_type(data: bytes) -> str | None:
    """The MIME type of a PNG, JPEG, GIF, WebP or SVG image, from its first bytes."""
    for signature, mime in _IMAGE_SIGNATURES:
        if data.startswith(signature):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml", b"<!--", b"<!doctype svg")) and b"<svg" in head:
        return "image/svg+xml"
    return None


def image_data_uri(r: NodeReader, node: yaml.Node, key: str) -> str:
    """A local image file (relative to the config's folder), read once and returned as a
    data: URI so the report embeds it and opens offline."""
    import base64

    file = path(r, node, key)
    try:
        size = file.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise r.fail(node, key, f"{file} is {size:,} bytes; a logo may be at most "
                                    f"{MAX_LOGO_BYTES // 1024} KB")
        data = file.read_bytes()
    except IsADirectoryError:
        raise r.fail(node, key, f"{file} is a folder, not an image file") from None
    except OSError as exc:
        raise r.fail(node, key, f"cannot read {file}: {exc.strerror or exc}") from None
    mime = image_type(data)
    if mime is None:
        raise r.fail(node, key, f"{file} is not a PNG, JPEG, GIF, WebP or SVG image")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
