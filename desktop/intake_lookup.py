"""What a chunk of intake reads before it writes: which records are already stored
(deduplication by channel and external id) and which identities are already known.

One query per channel or identity kind and 900 values, so that the indexes are used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from desktop.resolution import Known
from models.inbound import Item

T = TypeVar("T")


def existing_keys(conn: Any, items: list[Item]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    # one query per channel so that the (channel, external_id) index is used
    by_channel: dict[str, list[str]] = {}
    for item in items:
        if item.kind == "contact":
            by_channel.setdefault(item.dedupe[0], []).append(item.dedupe[1])
    for channel, ids in by_channel.items():
        for part in slices(ids, 900):
            marks = ",".join("?" * len(part))
            for (ext,) in conn.execute(
                f"SELECT external_id FROM contact WHERE channel = ? AND external_id IN ({marks})",
                [channel, *part],
            ):
                found.add((channel, ext))
    for kind in ("purchase", "invoice"):
        ids = [i.dedupe[1] for i in items if i.kind == kind]
        for part in slices(ids, 900):
            marks = ",".join("?" * len(part))
            for (ext,) in conn.execute(
                f"SELECT external_id FROM {kind} WHERE external_id IN ({marks})", part
            ):
                found.add((kind, ext))
    return found


def known_identities(conn: Any, items: list[Item]) -> dict[tuple[str, str], Known]:
    # the identity's own customer, not the merge survivor: a merged duplicate keeps
    # what arrives through its identities, so that a split gives it back exactly
    # one query per kind so that the (kind, value) index is used
    by_kind: dict[str, set[str]] = {}
    for item in items:
        for kind, value, _ in item.person.keys:
            by_kind.setdefault(kind, set()).add(value)
    known: dict[tuple[str, str], Known] = {}
    for kind, values in by_kind.items():
        for part in slices(sorted(values), 900):
            marks = ",".join("?" * len(part))
            for value, cid, name in conn.execute(
                "SELECT i.value, i.customer_id, c.name FROM identity i "
                "JOIN customer c ON c.id = i.customer_id "
                f"WHERE i.kind = ? AND i.value IN ({marks})",
                [kind, *part],
            ):
                known[(kind, value)] = Known(cid, name)
    return known


def slices(values: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
