"""The desk's sections read from counters the database keeps (issue 13): the open work
(``counts``), the backlog by age and SLA state (``backlog``), the unanswered contacts
(``unanswered``) and the volume per hour (``volume``), with their repair.

Migration 0030 keeps ``kpi_open`` (open work per channel, skill, status, team, holder) and
``kpi_hour`` (contacts per hour received); migration 0032 keeps ``kpi_open_hour`` (open work
per hour received) and ``kpi_unanswered`` (open and unanswered per hour due). A section sums
a few hundred counter rows and counts exactly, from a partial index, only the contacts of
the one hour a time bound falls in: what it reads does not grow with the contacts.
"""

from __future__ import annotations

import importlib
import sqlite3
from collections import Counter, defaultdict
from typing import Any

from desktop.supervisor_base import AGE_BUCKETS, HOUR, MINUTE, NOT_TRAINEE
from models.schema import ASYNC_CHANNELS, CHANNELS

COUNTED_AGENT = "(agent = '' OR agent NOT IN (SELECT id FROM agent WHERE role = 'trainee'))"


def counts(conn: sqlite3.Connection, team: str | None = None) -> dict[str, Any]:
    """The open work by channel and skill, unassigned and waiting on the customer: read from
    ``kpi_open`` (a few hundred rows kept by triggers, migration 0030), exactly the totals
    ``backlog`` counts from the contacts."""
    rows = conn.execute(
        "SELECT channel, skill, status, agent, sum(n) FROM kpi_open WHERE n <> 0 AND "
        f"{COUNTED_AGENT} {'AND team = ? ' if team else ''}GROUP BY channel, skill, status, agent",
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
    """Recount every counter of migrations 0030 and 0032 from the contacts (a repair: the
    triggers keep them otherwise). The caller commits."""
    hours = importlib.import_module("models.migrations.0030_kpi_counters")
    desk = importlib.import_module("models.migrations.0032_desk_counters")
    for table in ("kpi_open", "kpi_hour", "kpi_open_hour", "kpi_unanswered", "kpi_sla"):
        conn.execute(f"DELETE FROM {table}")
    for statement in hours.STATEMENTS[-2:] + desk.FILL:
        conn.execute(statement)


def _team(team: str | None) -> str:
    return "AND team = ? " if team else ""


def _open_in(
    conn: sqlite3.Connection, after: int, before: int, team: str | None, inclusive: bool
) -> Counter[str]:
    """Open contacts (not trainees') per channel received in (after, before), or in
    [after, before] when ``inclusive``: the part of one hour a bound cuts."""
    low, high = (">=", "<=") if inclusive else (">", "<")
    return Counter(
        r[0]
        for r in conn.execute(
            "SELECT channel FROM contact INDEXED BY contact_open_received WHERE team >= '' "
            "AND status <> "
            f"'resolved' AND received_at {low} ? AND received_at {high} ? AND {NOT_TRAINEE} "
            f"{_team(team)}",
            (after, before, team) if team else (after, before),
        )
    )


def _newer_than(
    conn: sqlite3.Connection, bound: int, hours: list[tuple[int, str, int]], team: str | None
) -> Counter[str]:
    """Open contacts per channel received after ``bound``: the counted hours after its
    own, and of its own hour the smaller part, counted exactly."""
    own = bound // HOUR
    newer: Counter[str] = Counter()
    if (own + 1) * HOUR - bound <= bound - own * HOUR:  # the part after the bound
        for hour, channel, n in hours:
            if hour > own:
                newer[channel] += n
        newer.update(_open_in(conn, bound, (own + 1) * HOUR, team, inclusive=False))
    else:  # the whole hour, less the part up to the bound
        for hour, channel, n in hours:
            if hour >= own:
                newer[channel] += n
        newer.subtract(_open_in(conn, own * HOUR, bound, team, inclusive=True))
    return newer


def backlog(conn: sqlite3.Connection, now_ms: int, team: str | None = None) -> dict[str, Any]:
    """Open and waiting contacts by channel, skill and age; unassigned; past their SLA.

    The totals are ``counts``' (``kpi_open``); the ages are hours of ``kpi_open_hour``
    summed, each bucket's bound cutting one hour counted exactly from
    ``contact_open_received``; the breaches are ``kpi_unanswered``'s hours due before this
    one and this hour's so far, counted exactly. ``team``: only that team's contacts."""
    base = counts(conn, team)
    bounds = [now_ms - int(limit * MINUTE) for _label, limit in AGE_BUCKETS[:-1]]
    hours = [
        (int(h), c, int(n))
        for h, c, n in conn.execute(
            f"SELECT hour, channel, sum(n) FROM kpi_open_hour WHERE hour >= ? AND n <> 0 AND "
            f"{COUNTED_AGENT} {_team(team)}GROUP BY hour, channel",
            (min(bounds) // HOUR, team) if team else (min(bounds) // HOUR,),
        )
    ]
    newer = [_newer_than(conn, b, hours, team) for b in bounds]  # newest bound first
    by_age = [0] * len(AGE_BUCKETS)
    by_channel_age: dict[str, list[int]] = {}
    for channel, total in base["by_channel"].items():
        cumulative = [newer_than[channel] for newer_than in newer] + [total]
        buckets = [cumulative[0]] + [
            cumulative[i] - cumulative[i - 1] for i in range(1, len(cumulative))
        ]
        by_channel_age[channel] = buckets
        for i, count in enumerate(buckets):
            by_age[i] += count
    this_hour = now_ms // HOUR
    late = conn.execute(
        f"SELECT sum(n) FROM kpi_unanswered WHERE due_hour >= 0 AND due_hour < ? AND n <> 0 "
        f"AND {COUNTED_AGENT} {_team(team)}",
        (this_hour, team) if team else (this_hour,),
    ).fetchone()[0]
    late_now = conn.execute(
        "SELECT count(*) FROM contact INDEXED BY contact_unanswered_due WHERE team >= '' "
        "AND status = 'open' "
        f"AND first_response_at IS NULL AND due_at >= ? AND due_at < ? AND {NOT_TRAINEE} "
        f"{_team(team)}",
        (this_hour * HOUR, now_ms, team) if team else (this_hour * HOUR, now_ms),
    ).fetchone()[0]
    oldest = conn.execute(
        "SELECT received_at FROM contact INDEXED BY contact_open_received WHERE team >= '' "
        "AND status <> "
        f"'resolved' AND {NOT_TRAINEE} {_team(team)}ORDER BY received_at LIMIT 1",
        (team,) if team else (),
    ).fetchone()
    return {
        "total": base["total"],
        "unassigned": base["unassigned"],
        "breached": int(late or 0) + int(late_now or 0),
        "waiting_on_customer": base["waiting_on_customer"],
        "oldest_minutes": None if oldest is None else (now_ms - oldest[0]) / MINUTE,
        "by_channel": base["by_channel"],
        "by_skill": base["by_skill"],
        "by_age": [(label, by_age[i]) for i, (label, _l) in enumerate(AGE_BUCKETS)],
        "by_channel_age": by_channel_age,
    }


def unanswered(conn: sqlite3.Connection, now_ms: int, limit: int = 20) -> dict[str, Any]:
    """Contacts waiting without acknowledgement (asynchronous, open, no first response and
    no automatic acknowledgement) and contacts parked as waiting on the customer with no
    open follow-up task. The unanswered are counted by ``kpi_unanswered``; the
    acknowledged among them from the acknowledgements since the oldest of them."""
    marks = ",".join("?" * len(ASYNC_CHANNELS))
    no_reply = conn.execute(
        f"SELECT sum(n) FROM kpi_unanswered WHERE channel IN ({marks}) AND n <> 0 AND "
        f"{COUNTED_AGENT}",
        ASYNC_CHANNELS,
    ).fetchone()[0]
    unanswered_where = (
        "team >= '' AND status <> 'resolved' AND status = 'open' AND "
        "first_response_at IS NULL AND "
        f"channel IN ({marks}) AND {NOT_TRAINEE}"
    )
    first = conn.execute(
        f"SELECT received_at FROM contact INDEXED BY contact_open_received WHERE "
        f"{unanswered_where} ORDER BY received_at LIMIT 1",
        ASYNC_CHANNELS,
    ).fetchone()
    acked = conn.execute(
        # from the acknowledgements since the oldest such contact (CROSS JOIN: that order)
        f"SELECT count(DISTINCT e.contact_id) FROM event e CROSS JOIN contact c "
        f"ON c.id = e.contact_id "
        f"WHERE e.kind = 'ack' AND e.at >= ? AND c.status = 'open' AND "
        f"c.first_response_at IS NULL AND c.channel IN ({marks}) AND {NOT_TRAINEE}",
        (first[0] if first else now_ms, *ASYNC_CHANNELS),
    ).fetchone()[0]
    oldest: list[dict[str, Any]] = []
    candidates = conn.execute(  # oldest first, off the index; each row read by its rowid
        f"SELECT rowid, channel, received_at FROM contact INDEXED BY contact_open_received "
        f"WHERE {unanswered_where} ORDER BY received_at LIMIT 500",
        ASYNC_CHANNELS,
    ).fetchall()
    for rowid, channel, received in candidates:
        cid, subject = conn.execute(
            "SELECT id, subject FROM contact WHERE rowid = ?", (rowid,)
        ).fetchone()
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
        f"SELECT count(*) FROM contact c INDEXED BY contact_waiting WHERE c.team >= '' "
        f"AND c.status = 'waiting' "
        f"AND {NOT_TRAINEE} AND "
        "NOT EXISTS (SELECT 1 FROM task t WHERE t.contact_id = c.id AND t.state = 'open')"
    ).fetchone()[0]
    return {
        "unacknowledged": int(no_reply or 0) - int(acked),
        "oldest": oldest,
        "waiting_without_follow_up": int(parked),
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
        f"AND {COUNTED_AGENT} GROUP BY hour, channel",
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
