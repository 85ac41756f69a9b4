"""What the queue model needs read or worked out off the UI thread (plain Python and
SQL, run on the window's database thread): the display rows a repaint lacks, and what a
reconcile removes and adds among 50,000 loaded keys."""

from __future__ import annotations

import logging
from typing import Any

from desktop.reads import (
    Database,
    QueueFilter,
    QueueKey,
    queue_membership,
    queue_page,
    queue_page_before,
    queue_rows,
)

log = logging.getLogger("lastmile.ui.queue")


def reconcile_diff(
    current: list[QueueKey], keys: list[QueueKey], loaded: int
) -> tuple[list[QueueKey], list[QueueKey]]:
    """What :meth:`QueueModel.reconcile` removes and adds to turn the loaded ``current``
    keys (``loaded`` of them asked for) into ``keys`` read again: plain Python over
    lists, so it runs on the database thread with a copy of the keys."""
    complete = len(keys) < loaded
    bound = None if complete or not keys else keys[-1]
    fresh = set(keys)
    have = set(current)
    removed = [k for k in current if (bound is None or k <= bound) and k not in fresh]
    added = [k for k in keys if k not in have]
    return removed, added


def read_rows(db: Database, ids: list[str]) -> dict[str, dict[str, Any]]:
    """queue_rows of ``ids``; under a damaged page the rows are read one by one and those
    that cannot be read are marked unreadable (shown so, never as a blank row)."""
    try:
        return queue_rows(db, ids)
    except Exception:  # a damaged page under some of these rows: keep the others
        log.exception("queue rows unreadable; reading %s of them one by one", len(ids))
        found: dict[str, dict[str, Any]] = {}
        for one in ids:
            try:
                found.update(queue_rows(db, [one]))
            except Exception:
                found[one] = {"_unreadable": True}
        return found


def rows_from(
    db: Database, flt: QueueFilter, contact_id: str, count: int = 90
) -> dict[str, dict[str, Any]]:
    """The display rows of a contact and the ``count`` around it in the queue: the
    screenful shown when the window jumps to it (at the top when it scrolls up, at the
    bottom when it scrolls down)."""
    key = queue_membership(db, flt, [contact_id]).get(contact_id)
    if key is None:
        return {}
    keys = [
        *queue_page_before(db, flt, key, limit=count // 2),
        key,
        *queue_page(db, flt, after=key, limit=count // 2),
    ]
    return read_rows(db, [k[1] for k in keys])
