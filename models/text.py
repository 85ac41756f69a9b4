"""Text that both sides can store: the rule of the door (DESIGN.md, Sync).

SQLite keeps any Python string, but PostgreSQL refuses U+0000 in text and no UTF-8
encoder accepts a lone surrogate (a truncated emoji in JSON, a file name decoded with
``surrogateescape``). A record accepted on a desktop must always be able to travel, so
text from outside is made storable where it comes in (:func:`storable`, :func:`clean`),
and what a user action would write is checked before it is written (:func:`problem`).
"""

from __future__ import annotations

import re
from typing import Any

from models.errors import said

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(text: str) -> str:
    """``text`` without NUL characters and with every lone surrogate replaced by U+FFFD.

    A surrogate *pair* (as ``json.loads`` makes from ``"\\ud83d\\ude00"``) becomes the
    character it stands for."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    if _SURROGATE.search(text) is None:
        return text
    # pairs first (json.loads leaves escaped pairs as two code points), then lone halves
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def clean(value: Any) -> Any:
    """A JSON-like value (dicts, lists, strings, numbers) with every string storable,
    keys included. Returns the same object when nothing needed a change."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        out = {storable(k) if isinstance(k, str) else k: clean(v) for k, v in value.items()}
        return value if out == value else out
    if isinstance(value, list):
        items = [clean(v) for v in value]
        return value if items == value else items
    return value


def problem(value: Any, where: str = "") -> str | None:
    """Why ``value`` (any JSON-like value) cannot be stored everywhere, or None."""
    if isinstance(value, str):
        if "\x00" in value:
            return said(
                "{where} contains a NUL character (U+0000)", where=where or said("the text")
            )
        if _SURROGATE.search(value) is not None:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return said(
                    "{where} contains an unpaired surrogate", where=where or said("the text")
                )
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            found = problem(key, where or said("a field name")) or problem(item, str(key))
            if found:
                return found
    elif isinstance(value, list):
        for item in value:
            found = problem(item, where)
            if found:
                return found
    return None
