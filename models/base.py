"""Base model, key generation and time handling shared by every table."""

from __future__ import annotations

import os
import threading
import time
import uuid
from datetime import datetime
from typing import Any

from peewee import BigIntegerField, DatabaseProxy, Model

from models.times import from_ms, iso, parse_iso, to_ms, utcnow

database_proxy = DatabaseProxy()

_last_ms = 0
_last_lock = threading.Lock()


def uuid7_from(ms: int, rand: int) -> str:
    """Build a UUIDv7 string from a millisecond timestamp and 74 random bits."""
    value = (ms & 0xFFFF_FFFF_FFFF) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    h = f"{value:032x}"
    # formatted by hand: this runs for every row of a bulk import
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def new_id() -> str:
    """A fresh UUIDv7 key: time ordered, so inserts stay append-friendly."""
    global _last_ms
    ms = time.time_ns() // 1_000_000
    with _last_lock:
        # keep keys made on one machine from going back in time
        if ms < _last_ms:
            ms = _last_ms
        _last_ms = ms
    return uuid7_from(ms, int.from_bytes(os.urandom(10), "big"))


class UtcTimestampField(BigIntegerField):
    """An aware datetime stored as integer milliseconds since the epoch (UTC).

    Integers keep the hot indexes (queue order, history order) small and make
    the raw-SQL twin of every query trivial to write.
    """

    def db_value(self, value: Any) -> Any:
        if isinstance(value, datetime):
            return to_ms(value)
        return value

    def python_value(self, value: Any) -> Any:
        if value is None:
            return None
        return from_ms(int(value))


class BaseModel(Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


def derived_id(parent_id: str, purpose: str) -> str:
    """A key derived from another one: the same on every machine that replays the action.

    Keeps the parent's time prefix (so it sorts with it) and takes its random
    bits from a hash of (parent, purpose).
    """
    import hashlib

    parent = uuid.UUID(parent_id)
    ms = parent.int >> 80
    digest = int.from_bytes(hashlib.sha256(f"{parent_id}/{purpose}".encode()).digest()[:10], "big")
    return uuid7_from(ms, digest)


__all__ = [
    "BaseModel",
    "UtcTimestampField",
    "database_proxy",
    "derived_id",
    "from_ms",
    "iso",
    "new_id",
    "parse_iso",
    "to_ms",
    "utcnow",
    "uuid7_from",
]
