"""The supervisor desk's figures (issue 13): the floor at a glance, from the local database.

Every figure is an indexed SQL aggregate (migration 0020 adds the covering indexes) read on
its own ``sqlite3`` connection, so the window's thread and connection never wait for it.
``FloorFigures`` keeps each section cached and recomputes only the sections a ``Changes``
set touches: a claim recounts the backlog and today's response times, not the period's
(unless the contact arrived in it), the agents or the tasks.

Trainees never appear in any figure (their contacts and their names are left out), and a
training workspace has no desk at all. Times are integer UTC milliseconds, durations
minutes. Percentiles are nearest-rank: the p-th of n sorted values is value
``ceil(p * n) - 1`` (the median of an even count is the lower middle value).

Why ~650 lines: one read-only query per figure of the desk, all on one connection
and one time window, so that the figures agree with each other; the counters' readers
(``counts``, ``volume``) and their repair sit beside the brute-force-checked sections.
"""

from __future__ import annotations

import importlib
import json
import math
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from desktop.changes import Changes
from desktop.clock import Clock
from models.base import to_ms
from models.database import db_errors as db_errors  # the worker's except clause
from models.errors import UserFacingError
from models.schema import ASYNC_CHANNELS, CHANNELS

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


def _stats(values: list[float]) -> dict[str, Any]:
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


# the sections read from the counters of migration 0030 (and two tiny tables): the desk
# shows these at once, the others follow from the same thread a moment later
FIRST = ("counts", "agents", "tasks", "volume")


# -- the sections ---------------------------------------------------------------------------


def counts(conn: sqlite3.Connection, team: str | None = None) -> dict[str, Any]:
    """The open work by channel and skill, unassigned and waiting on the customer: read from
    ``kpi_open`` (a few hundred rows kept by triggers, migration 0030), exactly the totals
    ``backlog`` counts from the contacts."""
    rows = conn.execute(
        "SELECT channel, skill, status, agent, sum(n) FROM kpi_open WHERE n <> 0 AND "
        "(agent = '' OR agent NOT IN (SELECT id FROM agent WHERE role = 'trainee')) "
        f"{'AND team = ? ' if team else ''}GROUP BY channel, skill, status, agent",
        (team,) if team else (),
    ).fetchall()
    by_channel: dict[str, int] = defaultdict(int)
    by_skill: dict[str, int] = defaultdict(int)
    total = unassigned = waiting = 0
    for channel, skill, status, agent, n in rows:
        by_channel[channel] += n
        by_skill[skill] += n
        total += n
        unassigned += n if agent == "" else 0
        waiting += n if status == "waiting" else 0
    return {
        "total": total,
        "unassigned": unassigned,
        "waiting_on_customer": waiting,
        "by_channel": dict(
            sorted((kv for kv in by_channel.items() if kv[1]), key=lambda kv: -kv[1])
        ),
        "by_skill": dict(sorted((kv for kv in by_skill.items() if kv[1]), key=lambda kv: -kv[1])),
    }


def rebuild_counters(conn: sqlite3.Connection) -> None:
    """Recount ``kpi_open`` and ``kpi_hour`` from the contacts (a repair: the triggers keep
    them otherwise). The caller commits."""
    migration = importlib.import_module("models.migrations.0030_kpi_counters")
    conn.execute("DELETE FROM kpi_open")
    conn.execute("DELETE FROM kpi_hour")
    for statement in migration.STATEMENTS[-2:]:
        conn.execute(statement)


def backlog(conn: sqlite3.Connection, now_ms: int, team: str | None = None) -> dict[str, Any]:
    """Open and waiting contacts by channel, skill and age; unassigned; past their SLA.

    One streaming pass over ``contact_open_kpi`` grouped in its own order (channel, skill,
    status): ages are counted as "newer than each bucket's bound" sums, never as a group
    key, so SQLite needs no temporary B-tree (which is 5x the time at 100,000 open).
    ``team``: only that team's contacts (a workspace signed in to several teams)."""
    bounds = [now_ms - int(limit * MINUTE) for _label, limit in AGE_BUCKETS[:-1]]
    newer = ", ".join(f"sum(received_at > {b})" for b in bounds)
    rows = conn.execute(
        f"SELECT channel, skill, status, count(*), sum(assigned_to_id IS NULL), "
        f"sum(status = 'open' AND first_response_at IS NULL AND due_at < ?), "
        f"min(received_at), {newer} FROM contact WHERE status <> 'resolved' AND {NOT_TRAINEE} "
        f"{'AND team = ? ' if team else ''}GROUP BY channel, skill, status",
        (now_ms, team) if team else (now_ms,),
    ).fetchall()
    by_channel: dict[str, int] = defaultdict(int)
    by_skill: dict[str, int] = defaultdict(int)
    by_age = [0] * len(AGE_BUCKETS)
    by_channel_age: dict[str, list[int]] = defaultdict(lambda: [0] * len(AGE_BUCKETS))
    total = unassigned = breached = waiting = 0
    oldest: int | None = None
    for channel, skill, status, n, free, late, first, *newer_than in rows:
        cumulative = [int(x or 0) for x in newer_than] + [n]  # newer than each bound, all
        buckets = [cumulative[0]] + [
            cumulative[i] - cumulative[i - 1] for i in range(1, len(cumulative))
        ]
        for i, count in enumerate(buckets):
            by_age[i] += count
            by_channel_age[channel][i] += count
        by_channel[channel] += n
        by_skill[skill] += n
        total += n
        unassigned += int(free or 0)
        breached += int(late or 0)
        waiting += n if status == "waiting" else 0
        oldest = first if oldest is None else min(oldest, first)
    return {
        "total": total,
        "unassigned": unassigned,
        "breached": breached,
        "waiting_on_customer": waiting,
        "oldest_minutes": None if oldest is None else (now_ms - oldest) / MINUTE,
        "by_channel": dict(sorted(by_channel.items(), key=lambda kv: -kv[1])),
        "by_skill": dict(sorted(by_skill.items(), key=lambda kv: -kv[1])),
        "by_age": [(label, by_age[i]) for i, (label, _l) in enumerate(AGE_BUCKETS)],
        "by_channel_age": {c: v for c, v in by_channel_age.items()},
    }


def response_times(
    conn: sqlite3.Connection, start_ms: int, end_ms: int, now_ms: int
) -> dict[str, Any]:
    """For contacts received in [start, end): first response and resolution times (median,
    p90, minutes) per channel and per agent, and SLA compliance (first response by the due
    time; still unanswered past it counts as a breach, before it as pending)."""
    sla: dict[str, list[int]] = {}  # met, breached, pending
    by_channel: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    by_agent: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    everyone: tuple[list[float], list[float]] = ([], [])
    # one range of contact_channel_kpi per channel: streaming, no sort
    for channel in CHANNELS:
        met, late, pending = conn.execute(
            "SELECT sum(first_response_at IS NOT NULL AND first_response_at <= due_at), "
            "sum((first_response_at IS NOT NULL AND first_response_at > due_at) OR "
            "(first_response_at IS NULL AND due_at < ? AND status <> 'resolved')), "
            "sum(first_response_at IS NULL AND due_at >= ? AND status <> 'resolved') "
            "FROM contact WHERE channel = ? AND received_at >= ? AND received_at < ? "
            f"AND due_at IS NOT NULL AND {NOT_TRAINEE}",
            (now_ms, now_ms, channel, start_ms, end_ms),
        ).fetchone()
        if met is not None:
            sla[channel] = [int(met or 0), int(late or 0), int(pending or 0)]
        for agent, received, responded, resolved in conn.execute(
            "SELECT assigned_to_id, received_at, first_response_at, resolved_at FROM contact "
            "WHERE channel = ? AND received_at >= ? AND received_at < ? AND "
            f"(first_response_at IS NOT NULL OR resolved_at IS NOT NULL) AND {NOT_TRAINEE}",
            (channel, start_ms, end_ms),
        ):
            for key, table in ((channel, by_channel), (agent or "", by_agent)):
                pair = table[key]
                if responded is not None:
                    pair[0].append((responded - received) / MINUTE)
                if resolved is not None:
                    pair[1].append((resolved - received) / MINUTE)
            if responded is not None:
                everyone[0].append((responded - received) / MINUTE)
            if resolved is not None:
                everyone[1].append((resolved - received) / MINUTE)

    def summary(pair: tuple[list[float], list[float]]) -> dict[str, Any]:
        return {"first_response": _stats(pair[0]), "resolution": _stats(pair[1])}

    channels = {c: summary(p) for c, p in by_channel.items()}
    for channel, (met, late, pending) in sla.items():
        entry = channels.setdefault(channel, summary(([], [])))
        decided = met + late
        entry["sla"] = {
            "met": met,
            "breached": late,
            "pending": pending,
            "compliance": None if not decided else met / decided,
        }
    met = sum(v[0] for v in sla.values())
    late = sum(v[1] for v in sla.values())
    return {
        "start": start_ms,
        "end": end_ms,
        "all": summary(everyone),
        "sla": {
            "met": met,
            "breached": late,
            "pending": sum(v[2] for v in sla.values()),
            "compliance": None if not met + late else met / (met + late),
        },
        "by_channel": dict(sorted(channels.items())),
        "by_agent": {a: summary(p) for a, p in by_agent.items() if a},
    }


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
    """Open complaints (negative sentiment or complaint words), oldest first, with age."""
    by_age = [0] * len(AGE_BUCKETS)
    total = 0
    oldest_first = conn.execute(
        f"SELECT id, channel, subject, received_at, assigned_to_id FROM contact "
        f"WHERE {COMPLAINT_WHERE} ORDER BY received_at",
        (),
    ).fetchall()
    trainees = {r[0] for r in conn.execute("SELECT id FROM agent WHERE role = 'trainee'")}
    rows: list[dict[str, Any]] = []
    for cid, channel, subject, received, holder in oldest_first:
        if holder in trainees:
            continue
        age = (now_ms - received) / MINUTE
        by_age[next(i for i, (_l, lim) in enumerate(AGE_BUCKETS) if age < lim)] += 1
        total += 1
        if len(rows) < limit:
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


def unanswered(conn: sqlite3.Connection, now_ms: int, limit: int = 20) -> dict[str, Any]:
    """Contacts waiting without acknowledgement (asynchronous, open, no first response and
    no automatic acknowledgement) and contacts parked as waiting on the customer with no
    open follow-up task."""
    marks = ",".join("?" * len(ASYNC_CHANNELS))
    no_reply = conn.execute(  # covered by contact_open_kpi (status_order reads every row)
        f"SELECT count(*), min(received_at) FROM contact INDEXED BY contact_open_kpi "
        f"WHERE status <> 'resolved' AND status = 'open' AND first_response_at IS NULL AND "
        f"channel IN ({marks}) AND {NOT_TRAINEE}",
        ASYNC_CHANNELS,
    ).fetchone()
    oldest_open = no_reply[1] or now_ms
    acked = conn.execute(
        # from the acknowledgements since the oldest such contact (CROSS JOIN: that order)
        f"SELECT count(DISTINCT e.contact_id) FROM event e CROSS JOIN contact c "
        f"ON c.id = e.contact_id "
        f"WHERE e.kind = 'ack' AND e.at >= ? AND c.status = 'open' AND "
        f"c.first_response_at IS NULL AND c.channel IN ({marks}) AND {NOT_TRAINEE}",
        (oldest_open, *ASYNC_CHANNELS),
    ).fetchone()[0]
    oldest: list[dict[str, Any]] = []
    for cid, channel, subject, received in conn.execute(
        f"SELECT id, channel, subject, received_at FROM contact WHERE status = 'open' AND "
        f"first_response_at IS NULL AND channel IN ({marks}) AND {NOT_TRAINEE} "
        f"ORDER BY received_at LIMIT 500",
        ASYNC_CHANNELS,
    ):
        if (
            conn.execute(
                "SELECT 1 FROM event WHERE kind = 'ack' AND contact_id = ? LIMIT 1", (cid,)
            ).fetchone()
            is None
        ):
            oldest.append(
                {
                    "id": cid,
                    "channel": channel,
                    "subject": subject,
                    "age_minutes": (now_ms - received) / MINUTE,
                }
            )
            if len(oldest) >= limit:
                break
    parked = conn.execute(
        f"SELECT count(*) FROM contact c INDEXED BY contact_open_kpi WHERE c.status <> "
        f"'resolved' AND c.status = 'waiting' AND {NOT_TRAINEE} AND "
        "NOT EXISTS (SELECT 1 FROM task t WHERE t.contact_id = c.id AND t.state = 'open')"
    ).fetchone()[0]
    return {
        "unacknowledged": int(no_reply[0]) - int(acked),
        "oldest": oldest,
        "waiting_without_follow_up": int(parked),
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


def volume(conn: sqlite3.Connection, now_ms: int, hours: int = 24) -> dict[str, Any]:
    """Contacts received per channel per hour over the last ``hours`` hours (oldest first).
    The past hours are read from ``kpi_hour`` (migration 0030's counters, one row per hour,
    channel and holder); the hour now running from ``contact_channel_kpi`` (it ends at now)."""
    first_hour = (now_ms // HOUR - hours + 1) * HOUR
    current = now_ms // HOUR
    series: dict[str, list[int]] = {c: [0] * hours for c in CHANNELS}
    for hour, channel, n in conn.execute(
        "SELECT hour, channel, sum(n) FROM kpi_hour WHERE hour >= ? AND hour < ? AND n <> 0 "
        "AND (agent = '' OR agent NOT IN (SELECT id FROM agent WHERE role = 'trainee')) "
        "GROUP BY hour, channel",
        (first_hour // HOUR, current),
    ):
        if channel in series:  # (the sections count the known channels only)
            series[channel][hour - first_hour // HOUR] += n
    for channel in list(series):
        series[channel][hours - 1] = conn.execute(
            "SELECT count(*) FROM contact WHERE channel = ? AND received_at >= ? AND "
            f"received_at <= ? AND {NOT_TRAINEE}",
            (channel, current * HOUR, now_ms),
        ).fetchone()[0]
    series = {c: v for c, v in series.items() if any(v)}
    return {"first_hour": first_hour, "hours": hours, "series": dict(sorted(series.items()))}


def trend(conn: sqlite3.Connection, now_ms: int, days: int = 14) -> dict[str, Any]:
    """Median and p90 first response (minutes) per day, for contacts received that day."""
    first_day = (now_ms // DAY - days + 1) * DAY
    per_day: list[list[float]] = [[] for _ in range(days)]
    for channel in CHANNELS:
        for day, minutes in conn.execute(
            f"SELECT received_at / {DAY}, (first_response_at - received_at) / 60000.0 "
            f"FROM contact WHERE channel = ? AND received_at >= ? AND received_at <= ? AND "
            f"first_response_at IS NOT NULL AND {NOT_TRAINEE}",
            (channel, first_day, now_ms),
        ):
            index = int(day) - first_day // DAY
            if 0 <= index < days:
                per_day[index].append(minutes)
    points = []
    for values in per_day:
        values.sort()
        points.append(
            {"n": len(values), "median": percentile(values, 0.5), "p90": percentile(values, 0.9)}
        )
    return {"first_day": first_day, "points": points}


# -- cached, invalidated by change sets -------------------------------------------------------


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
    _pending_contacts: set[str] = field(default_factory=set)
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

    def invalidate(self, changes: Changes) -> None:
        """Mark stale what these changes touch (cheap: no query here)."""
        if changes.external:
            self.cache.clear()
            return
        if changes.contacts or changes.queue:
            for name in (
                "counts",
                "backlog",
                "today",
                "complaints",
                "unanswered",
                "volume",
                "trend",
            ):
                self.cache.pop(name, None)
            self._pending_contacts |= changes.contacts
            if changes.queue and not changes.contacts:
                self.cache.pop("period", None)
        if changes.contacts or changes.agents:
            self.cache.pop("agents", None)
        if changes.tasks:
            self.cache.pop("tasks", None)
            self.cache.pop("unanswered", None)

    def _period_touched(self, start: int, end: int) -> bool:
        ids = list(self._pending_contacts)
        self._pending_contacts.clear()
        for at in range(0, len(ids), 900):
            part = ids[at : at + 900]
            row = self.conn.execute(
                f"SELECT 1 FROM contact WHERE id IN ({','.join('?' * len(part))}) AND "
                "received_at >= ? AND received_at < ? LIMIT 1",
                (*part, start, end),
            ).fetchone()
            if row is not None:
                return True
        return False

    def snapshot(self, now_ms: int, sections: Iterable[str] = SECTIONS) -> dict[str, Any]:
        """The figures, recomputing only the stale sections. One read transaction, so all
        sections agree with each other."""
        wanted = list(sections)
        conn = self.conn
        conn.execute("BEGIN")
        try:
            start, end = period_bounds(self.period, now_ms, self.timezone)
            if (
                "period" in self.cache
                and self._pending_contacts
                and self._period_touched(start, end)
            ):
                del self.cache["period"]
            self._pending_contacts.clear()
            today = period_bounds("today", now_ms, self.timezone)
            makers = {
                "counts": lambda: counts(conn, self.team),
                "backlog": lambda: backlog(conn, now_ms, self.team),
                "today": lambda: response_times(conn, today[0], today[1], now_ms),
                "period": lambda: response_times(conn, start, end, now_ms),
                "agents": lambda: agents(conn, self.team),
                "complaints": lambda: complaints(conn, now_ms),
                "unanswered": lambda: unanswered(conn, now_ms),
                "tasks": lambda: tasks(conn, now_ms),
                "volume": lambda: volume(conn, now_ms),
                "trend": lambda: trend(conn, now_ms),
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
