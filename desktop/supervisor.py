"""The supervisor desk's figures (issue 13): the floor at a glance, from the local database.

Every figure is an indexed SQL aggregate read on its own ``sqlite3`` connection, so the
window's thread and connection never wait for it. The open work, the backlog's ages and
breaches, the unanswered and the volume are summed from counters the database keeps
(desktop/supervisor_counters.py, migrations 0030 and 0032); the response times of today and
of the period are kept up contact by contact (desktop/supervisor_times.py); the agents,
complaints, tasks and trend are read here. ``FloorFigures`` keeps each section cached and
recomputes only the sections a ``Changes`` set touches: a claim re-reads that one contact
for the response times, and sums counters for the rest.

Trainees never appear in any figure (their contacts and their names are left out), and a
training workspace has no desk at all. Times are integer UTC milliseconds, durations
minutes. Percentiles are nearest-rank: the p-th of n sorted values is value
``ceil(p * n) - 1`` (the median of an even count is the lower middle value).
"""

from __future__ import annotations

import json
import sqlite3
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.changes import Changes
from desktop.supervisor_base import (
    AGE_BUCKETS,
    COMPLAINT_WHERE,
    DAY,
    HOUR,
    LEADS,
    MINUTE,
    NOT_TRAINEE,
    PERIODS,
    SECTIONS,
    clock_ms,
    connect,
    may_open,
    percentile,
    period_bounds,
    stats,
    trainee_ids,
)
from desktop.supervisor_counters import backlog, counts, rebuild_counters, unanswered, volume
from desktop.supervisor_times import Window, build, fill, read_rows, response_times, sla
from models.database import db_errors as db_errors  # the worker's except clause

__all__ = [
    "AGE_BUCKETS",
    "COMPLAINT_WHERE",
    "DAY",
    "FIRST",
    "HOUR",
    "LEADS",
    "MINUTE",
    "NOT_TRAINEE",
    "PERIODS",
    "SECTIONS",
    "FloorFigures",
    "agents",
    "backlog",
    "clock_ms",
    "complaints",
    "connect",
    "counts",
    "db_errors",
    "may_open",
    "percentile",
    "period_bounds",
    "rebuild_counters",
    "response_times",
    "stats",
    "tasks",
    "trend",
    "unanswered",
    "volume",
]

# the sections read from the counters of migration 0030 (and two tiny tables): the desk
# shows these at once, the others follow from the same thread a moment later
FIRST = ("counts", "agents", "tasks", "volume")


# -- the sections read here ------------------------------------------------------------------


def agents(conn: sqlite3.Connection, team: str | None = None) -> list[dict[str, Any]]:
    """Everyone who works contacts (not trainees): presence, load per channel against
    capacity (open contacts held; waiting ones do not count, as for routing). ``team``:
    the agents of that team and those holding its contacts, with that team's load."""
    load: dict[str, dict[str, int]] = defaultdict(dict)
    for agent, channel, n in conn.execute(
        # migration 0030's counters: a few hundred rows, whatever the contacts' number
        "SELECT agent, channel, sum(n) FROM kpi_open WHERE status = 'open' AND agent <> '' "
        f"AND n <> 0 {'AND team = ? ' if team else ''}GROUP BY agent, channel",
        (team,) if team else (),
    ):
        if n:
            load[agent][channel] = n
    out = []
    for aid, login, name, role, presence, team_of, capacity in conn.execute(
        "SELECT id, login, display_name, role, presence, team, capacity FROM agent "
        "WHERE role IN ('agent', 'supervisor', 'admin') ORDER BY team, display_name"
    ):
        try:
            caps = {k: int(v) for k, v in json.loads(capacity or "{}").items()}
        except (ValueError, TypeError, AttributeError):
            caps = {}
        held = load.get(aid, {})
        if role == "admin" and not held:
            continue  # an admin who works no contacts is not on the floor
        if team and team_of != team and not held:
            continue  # of another team and holding none of this one's
        total_cap = sum(caps.values())
        out.append(
            {
                "id": aid,
                "login": login,
                "name": name,
                "role": role,
                "presence": presence,
                "team": team_of,
                "load": held,
                "capacity": caps,
                "held": sum(held.values()),
                "utilisation": None if not total_cap else sum(held.values()) / total_cap,
            }
        )
    return out


def complaints(conn: sqlite3.Connection, now_ms: int, limit: int = 50) -> dict[str, Any]:
    """Open complaints (negative sentiment or complaint words), oldest first, with age.
    Counted off ``contact_open_complaint`` alone (its arrival time and holder); only the
    ``limit`` listed are read from their rows."""
    limits = [lim for _l, lim in AGE_BUCKETS]
    by_age = [0] * len(AGE_BUCKETS)
    total = 0
    trainees = trainee_ids(conn)
    listed: list[tuple[int, float]] = []
    for rowid, received, holder in conn.execute(
        f"SELECT rowid, received_at, assigned_to_id FROM contact INDEXED BY "
        f"contact_open_complaint WHERE {COMPLAINT_WHERE} ORDER BY received_at"
    ):
        if holder in trainees:
            continue
        age = (now_ms - received) / MINUTE
        by_age[bisect_right(limits, age)] += 1
        total += 1
        if len(listed) < limit:
            listed.append((rowid, age))
    rows: list[dict[str, Any]] = []
    for rowid, age in listed:
        cid, channel, subject, holder = conn.execute(
            "SELECT id, channel, subject, assigned_to_id FROM contact WHERE rowid = ?", (rowid,)
        ).fetchone()
        rows.append(
            {
                "id": cid,
                "channel": channel,
                "subject": subject,
                "age_minutes": age,
                "assigned_to": holder,
            }
        )
    return {
        "total": total,
        "oldest": rows,
        "by_age": [(label, by_age[i]) for i, (label, _l) in enumerate(AGE_BUCKETS)],
    }


def tasks(conn: sqlite3.Connection, now_ms: int, limit: int = 200) -> dict[str, Any]:
    """Every open task of the team (trainees' excepted), soonest due first: owner ``None``
    is the team's."""
    counts = conn.execute(
        "SELECT count(*), sum(t.due_at < ?), sum(t.owner_id IS NULL), "
        "sum(t.owner_id IS NULL AND t.due_at < ?) FROM task t WHERE t.state = 'open' AND "
        "(t.owner_id IS NULL OR t.owner_id NOT IN (SELECT id FROM agent WHERE role = 'trainee'))",
        (now_ms, now_ms),
    ).fetchone()
    rows = [
        {
            "id": tid,
            "kind": kind,
            "title": title,
            "due_at": due,
            "overdue": due < now_ms,
            "owner_id": owner,
            "owner": name,
            "contact_id": contact,
            "customer_id": customer,
        }
        for tid, kind, title, due, owner, name, contact, customer in conn.execute(
            "SELECT t.id, t.kind, t.title, t.due_at, t.owner_id, a.display_name, t.contact_id, "
            "t.customer_id FROM task t LEFT JOIN agent a ON a.id = t.owner_id "
            "WHERE t.state = 'open' AND (a.role IS NULL OR a.role <> 'trainee') "
            "ORDER BY t.due_at LIMIT ?",
            (limit,),
        )
    ]
    return {
        "open": int(counts[0] or 0),
        "overdue": int(counts[1] or 0),
        "team": int(counts[2] or 0),
        "team_overdue": int(counts[3] or 0),
        "rows": rows,
    }


def trend_bounds(now_ms: int, days: int = 14) -> tuple[int, int]:
    """The trend's [start, end): the last ``days`` UTC days, up to now included."""
    return (now_ms // DAY - days + 1) * DAY, now_ms + 1


def trend(conn: sqlite3.Connection, now_ms: int, days: int = 14) -> dict[str, Any]:
    """Median and p90 first response (minutes) per day, for contacts received that day."""
    start, end = trend_bounds(now_ms, days)
    return build(conn, [(start, end)], (True,))[0].trend(start, days)


# -- cached, invalidated by change sets -------------------------------------------------------

# the sections kept up contact by contact (supervisor_times), in one window each
TIMES = ("today", "period", "trend")


@dataclass
class FloorFigures:
    """The desk's figures with a cache per section. Not thread-safe: one thread owns it
    (and its connection); the window sends it change sets and reads the snapshots."""

    path: Path
    timezone: str = "UTC"
    period: str = "7 days"
    team: str | None = None  # the open work and agents of one team (None: every team here)
    cache: dict[str, Any] = field(default_factory=dict)
    computed: dict[str, int] = field(default_factory=dict)  # section -> times recomputed
    windows: dict[str, Window] = field(default_factory=dict)  # "today", "period": kept up
    built: int = 0  # how many times the windows were read from scratch
    _pending_contacts: set[str] = field(default_factory=set)
    _trainees: set[str] | None = None  # as the cached figures left them out
    _check_trainees: bool = False
    _conn: sqlite3.Connection | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = connect(self.path)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def clear(self) -> None:
        """Forget everything (the next snapshot reads every section from scratch)."""
        self.cache.clear()
        self.windows.clear()
        self._pending_contacts.clear()
        self._trainees = None

    def set_team(self, team: str | None) -> None:
        if team != self.team:
            self.team = team or None
            for name in ("counts", "backlog", "agents"):
                self.cache.pop(name, None)

    def set_period(self, name: str, now_ms: int) -> None:
        period_bounds(name, now_ms, self.timezone)  # refuses a bad one before anything changes
        if name != self.period:
            self.period = name
            self.cache.pop("period", None)
            self.windows.pop("period", None)

    def invalidate(self, changes: Changes) -> None:
        """Mark stale what these changes touch (cheap: no query here)."""
        if changes.external:
            self.clear()
            return
        if changes.contacts or changes.queue:
            for name in ("counts", "backlog", "complaints", "unanswered", "volume"):
                self.cache.pop(name, None)
            self._pending_contacts |= changes.contacts
            if changes.queue and not changes.contacts:  # which contacts is not known
                for name in TIMES:
                    self.cache.pop(name, None)
                self.windows.clear()
        if changes.contacts or changes.agents:
            self.cache.pop("agents", None)
        if changes.agents:  # who is a trainee may have changed: checked when next read
            self._check_trainees = True
        if changes.tasks:
            self.cache.pop("tasks", None)
            self.cache.pop("unanswered", None)

    def _keep_up_windows(self, bounds: dict[str, tuple[int, int]]) -> None:
        """Bring the response times' windows to these bounds and to the changed contacts:
        read from scratch what cannot be followed, else only those contacts."""
        conn = self.conn
        if self.windows:
            trainees = trainee_ids(conn)
            if any(w.trainees != trainees for w in self.windows.values()):
                self.windows.clear()
        for name, (start, end) in bounds.items():
            window = self.windows.get(name)
            if window is not None and (window.start != start or end < window.end):
                del self.windows[name]  # another window (midnight passed, another period)
        fresh = [name for name in bounds if name not in self.windows]
        if fresh:
            made = build(conn, [bounds[n] for n in fresh], tuple(n == "trend" for n in fresh))
            for name, window in zip(fresh, made, strict=True):
                self.windows[name] = window
                self.cache.pop(name, None)
            self.built += 1
        for name, window in self.windows.items():
            end = bounds.get(name, (0, window.end))[1]
            if end > window.end:  # the clock moved on: the contacts received meanwhile
                old_end, window.end = window.end, end
                before = len(window.rows)
                fill(conn, window, old_end, end)
                if len(window.rows) != before:
                    self.cache.pop(name, None)
        self._apply_changed(bounds)

    def _apply_changed(self, bounds: dict[str, tuple[int, int]]) -> None:
        """Move the contacts the change sets named, as they are now, in the windows."""
        conn = self.conn
        ids = set(self._pending_contacts)
        self._pending_contacts.clear()
        if not ids or not self.windows:
            return
        now = read_rows(conn, ids)
        if len(now) < len(ids):  # deleted (an erasure): their rowids are not known here
            for name in list(self.windows):
                self.cache.pop(name, None)
            self.windows.clear()
            self._keep_up_windows(bounds)
            return
        for name, window in self.windows.items():
            changed = False
            for row in now.values():
                moved = window.update(row[0], row)  # its response times
                sla_of = name != "trend" and window.start <= row[3] < window.end  # its SLA
                changed = changed or moved or sla_of
            if changed:
                self.cache.pop(name, None)

    def snapshot(self, now_ms: int, sections: Iterable[str] = SECTIONS) -> dict[str, Any]:
        """The figures, recomputing only the stale sections. One read transaction, so all
        sections agree with each other."""
        wanted = list(sections)
        conn = self.conn
        conn.execute("BEGIN")
        try:
            bounds = {
                "today": period_bounds("today", now_ms, self.timezone),
                "period": period_bounds(self.period, now_ms, self.timezone),
                "trend": trend_bounds(now_ms),
            }
            if self._check_trainees or self._trainees is None:
                trainees = trainee_ids(conn)
                if self._trainees is not None and trainees != self._trainees:
                    self.clear()  # a trainee's work leaves (or joins) every figure
                self._trainees, self._check_trainees = trainees, False
            times = {n: bounds[n] for n in TIMES if n in wanted}
            if times:
                self._keep_up_windows(times)
            makers: dict[str, Callable[[], object]] = {
                "counts": lambda: counts(conn, self.team),
                "backlog": lambda: backlog(conn, now_ms, self.team),
                "today": lambda: self.windows["today"].summary(sla(conn, *bounds["today"], now_ms)),
                "period": lambda: self.windows["period"].summary(
                    sla(conn, *bounds["period"], now_ms)
                ),
                "agents": lambda: agents(conn, self.team),
                "complaints": lambda: complaints(conn, now_ms),
                "unanswered": lambda: unanswered(conn, now_ms),
                "tasks": lambda: tasks(conn, now_ms),
                "volume": lambda: volume(conn, now_ms),
                "trend": lambda: self.windows["trend"].trend(bounds["trend"][0], 14),
            }
            for name in wanted:
                if name not in self.cache:
                    self.cache[name] = makers[name]()
                    self.computed[name] = self.computed.get(name, 0) + 1
        finally:
            conn.execute("COMMIT")
        out = {name: self.cache[name] for name in wanted}
        out["as_of"] = now_ms
        row = conn.execute("SELECT value FROM workspace_meta WHERE key = 'sync_last'").fetchone()
        out["last_sync"] = row[0] if row and row[0] else None  # None: never synced
        out["period_name"] = self.period
        return out
