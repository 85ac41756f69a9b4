"""The supervisor desk's common ground (issue 13): its constants, time windows, who may
open it, its read-only connection and the nearest-rank percentile every section uses.
desktop/supervisor.py re-exports all of it."""

from __future__ import annotations

import math
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from desktop.clock import Clock
from models.base import to_ms
from models.errors import UserFacingError

LEADS = ("supervisor", "admin")
MINUTE = 60_000
HOUR = 60 * MINUTE
DAY = 24 * HOUR
# backlog age buckets: (label, upper bound in minutes)
AGE_BUCKETS: tuple[tuple[str, float], ...] = (
    ("< 15 min", 15),
    ("15–60 min", 60),
    ("1–4 h", 240),
    ("4–8 h", 480),
    ("8–24 h", 1440),
    ("1–3 days", 4320),
    ("> 3 days", math.inf),
)
# the same words as desktop.ops.contacts.is_complaint; the partial index of migration 0020
# has this exact clause, so the planner uses it (tests/test_supervisor.py checks the plan)
COMPLAINT_WHERE = (
    "status <> 'resolved' AND (sentiment <= -0.3 OR subject || ' ' || preview LIKE '%complain%'"
    " OR subject || ' ' || preview LIKE '%refund%' OR subject || ' ' || preview LIKE "
    "'%never again%' OR subject || ' ' || preview LIKE '%unacceptable%' OR subject || ' ' || "
    "preview LIKE '%disappointed%' OR subject || ' ' || preview LIKE '%#fail%')"
)
NOT_TRAINEE = (
    "(assigned_to_id IS NULL OR assigned_to_id NOT IN "
    "(SELECT id FROM agent WHERE role = 'trainee'))"
)
PERIODS = ("today", "yesterday", "7 days", "30 days")
SECTIONS = (
    "counts",
    "backlog",
    "today",
    "period",
    "agents",
    "complaints",
    "unanswered",
    "tasks",
    "volume",
    "trend",
)


def clock_ms(clock: Clock) -> int:
    """Now, as the figures count time (UTC milliseconds)."""
    return to_ms(clock.now())


def may_open(role: str, kind: str) -> str | None:
    """Why this person may not open the desk (None: they may)."""
    if kind == "training":
        return "the supervisor desk shows live work only, never a training workspace"
    if role not in LEADS:
        return "the supervisor desk is for supervisors and admins"
    return None


def percentile(sorted_values: list[float], p: float) -> float | None:
    """Nearest-rank percentile of already sorted values (None when there are none)."""
    if not sorted_values:
        return None
    return sorted_values[max(0, math.ceil(p * len(sorted_values)) - 1)]


def stats(values: list[float]) -> dict[str, Any]:
    values.sort()
    return {"n": len(values), "median": percentile(values, 0.5), "p90": percentile(values, 0.9)}


def period_bounds(name: str, now_ms: int, timezone: str = "UTC") -> tuple[int, int]:
    """[start, end) of a named period in the center's time zone; ``YYYY-MM-DD..YYYY-MM-DD``
    (both days included) is a chosen one."""
    zone = ZoneInfo(timezone)
    now = datetime.fromtimestamp(now_ms / 1000, zone)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    start_of = int(midnight.timestamp() * 1000)
    if name == "today":
        return start_of, now_ms + 1
    if name == "yesterday":
        return int((midnight - timedelta(days=1)).timestamp() * 1000), start_of
    if name in ("7 days", "30 days"):
        days = int(name.split()[0])
        return int((midnight - timedelta(days=days - 1)).timestamp() * 1000), now_ms + 1
    if ".." in name:
        first, last = name.split("..", 1)
        try:
            a = datetime.fromisoformat(first.strip()).replace(tzinfo=zone)
            b = datetime.fromisoformat(last.strip()).replace(tzinfo=zone) + timedelta(days=1)
        except ValueError:
            raise UserFacingError(f"a period is YYYY-MM-DD..YYYY-MM-DD, not {name!r}") from None
        if b <= a:
            raise UserFacingError("the period ends before it starts")
        return int(a.timestamp() * 1000), int(b.timestamp() * 1000)
    raise UserFacingError(
        f"unknown period {name!r}; one of {', '.join(PERIODS)} or YYYY-MM-DD..YYYY-MM-DD"
    )


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection of the desk's own (made in the thread that uses it); an
    encrypted workspace is opened with its key (SQLCipher)."""
    from desktop import encryption

    conn: sqlite3.Connection = encryption.connect(Path(path), mode="ro")
    conn.execute("PRAGMA query_only = 1")
    return conn


def trainee_ids(conn: sqlite3.Connection) -> set[str]:
    """The trainees (whose work never counts)."""
    return {r[0] for r in conn.execute("SELECT id FROM agent WHERE role = 'trainee'")}
