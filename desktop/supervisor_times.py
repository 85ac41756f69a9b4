"""First response and resolution times and SLA compliance of a time window (issue 13),
kept up contact by contact.

A ``Window`` holds, for the contacts received in [start, end) that were answered or resolved
(trainees' left out), each one's contribution and the sorted values it adds to: first
response and resolution minutes per channel, per agent and over all. A change to a few
contacts re-reads only them and moves their values (``update``: a bisection each); the
percentiles are then read off the sorted lists (``summary``). The window is built in one
streaming pass per channel over ``contact_channel_kpi`` (migration 0021), which serves
several windows at once (today's and the period's).

The SLA's met, breached and pending (``sla``) are summed from ``kpi_sla`` (migration 0032:
per hour received, channel, holder, state and hour due), the window's partial hours and
the unanswered due this very hour counted exactly from the contacts.

Nothing is approximated: the figures are those a recount gives (tests compare the two
after every kind of write). What cannot be followed row by row (a deletion, a change of
who is a trainee, a write whose contacts are not known) builds the window again.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Iterable
from operator import itemgetter
from typing import Any

from desktop.supervisor_base import DAY, HOUR, NOT_TRAINEE, percentile, trainee_ids
from models.schema import CHANNELS

# (rowid, channel, agent or '', received, first response minutes, resolution minutes), as
# ROW_COLUMNS reads it: the minutes are SQLite's (a - b) / 60000.0, the same double as
# Python's (a - b) / 60000
Row = tuple[int, str, str, int, float | None, float | None]
ROW_COLUMNS = (
    "rowid, channel, coalesce(assigned_to_id, ''), received_at, "
    "(first_response_at - received_at) / 60000.0, (resolved_at - received_at) / 60000.0"
)
Pair = tuple[list[float], list[float]]  # first response, resolution (minutes)
_first, _done = itemgetter(4), itemgetter(5)


def _pair() -> Pair:
    return ([], [])


def _sorted_stats(values: list[float]) -> dict[str, Any]:
    """``stats`` of values already sorted (read in place, not copied)."""
    return {"n": len(values), "median": percentile(values, 0.5), "p90": percentile(values, 0.9)}


def _remove(values: list[float], value: float) -> None:
    at = bisect_left(values, value)
    if at < len(values) and values[at] == value:
        del values[at]


class Window:
    """One window's response times, kept up (see the module's note)."""

    def __init__(self, start: int, end: int, trainees: set[str], by_day: bool = False) -> None:
        self.start, self.end, self.trainees = start, end, trainees
        self.rows: dict[int, Row] = {}  # rowid -> the row as counted
        self.by_channel: dict[str, Pair] = defaultdict(_pair)
        self.by_agent: dict[str, Pair] = defaultdict(_pair)
        self.everyone: Pair = _pair()
        # the trend's: first response minutes per UTC day received (None: not kept)
        self.by_day: dict[int, list[float]] | None = defaultdict(list) if by_day else None

    def holds(self, row: Row) -> bool:
        return (
            self.start <= row[3] < self.end
            and (row[4] is not None or row[5] is not None)
            and row[1] in CHANNELS
            and row[2] not in self.trainees
        )

    def add_sorted(self, part: Part) -> None:
        """The bulk build, one channel's rows (``Part``): its lists come sorted and the
        agents', days' and everyone's as sorted runs (``seal`` merges them)."""
        low, high = self.start, self.end
        whole = part.start >= low and part.end <= high  # every row of the part is held

        def held(rows: list[Row], at: int) -> list[float]:  # (rows whose ``at`` is a float)
            values: list[Any] = (
                [r[at] for r in rows] if whole else [r[at] for r in rows if low <= r[3] < high]
            )
            return values

        if whole:
            self.rows.update({r[0]: r for r in part.rows})
        else:
            self.rows.update({r[0]: r for r in part.rows if low <= r[3] < high})
        first, done = held(part.firsts, 4), held(part.dones, 5)
        pair = self.by_channel[part.channel]
        pair[0].extend(first)
        pair[1].extend(done)
        self.everyone[0].extend(first)
        self.everyone[1].extend(done)
        for agent, rows in part.agent_firsts.items():
            self.by_agent[agent][0].extend(held(rows, 4))
        for agent, rows in part.agent_dones.items():
            self.by_agent[agent][1].extend(held(rows, 5))
        if self.by_day is not None:
            for day, rows in part.day_firsts().items():
                self.by_day[day].extend(held(rows, 4))

    def add(self, row: Row) -> None:
        """One row, its values put in order (after ``seal``)."""
        self.rows[row[0]] = row
        for first, done in (self.by_channel[row[1]], self.by_agent[row[2]], self.everyone):
            if row[4] is not None:
                insort(first, row[4])
            if row[5] is not None:
                insort(done, row[5])
        if self.by_day is not None and row[4] is not None:
            insort(self.by_day[row[3] // DAY], row[4])

    def remove(self, rowid: int) -> None:
        row = self.rows.pop(rowid)
        for key, table in ((row[1], self.by_channel), (row[2], self.by_agent)):
            first, done = table[key]
            if row[4] is not None:
                _remove(first, row[4])
            if row[5] is not None:
                _remove(done, row[5])
            if not first and not done:
                del table[key]
        if row[4] is not None:
            _remove(self.everyone[0], row[4])
        if row[5] is not None:
            _remove(self.everyone[1], row[5])
        if self.by_day is not None and row[4] is not None:
            _remove(self.by_day[row[3] // DAY], row[4])

    def seal(self) -> None:
        """The bulk build is over: sort every list once; later changes keep them sorted."""
        for table in (self.by_channel, self.by_agent):
            for first, done in table.values():
                first.sort()
                done.sort()
        self.everyone[0].sort()
        self.everyone[1].sort()
        for values in (self.by_day or {}).values():
            values.sort()

    def trend(self, first_day: int, days: int) -> dict[str, Any]:
        """The trend's points: median and p90 first response of each day from
        ``first_day`` (a window made ``by_day``)."""
        assert self.by_day is not None
        empty: list[float] = []
        return {
            "first_day": first_day,
            "points": [
                _sorted_stats(self.by_day.get(first_day // DAY + d, empty)) for d in range(days)
            ],
        }

    def update(self, rowid: int, row: Row | None) -> bool:
        """This contact as it is now (None: not there); whether the window changed."""
        was = self.rows.get(rowid)
        now = row if row is not None and self.holds(row) else None
        if was == now:
            return False
        if was is not None:
            self.remove(rowid)
        if now is not None:
            self.add(now)
        return True

    def summary(self, sla_by_channel: dict[str, list[int]]) -> dict[str, Any]:
        """The figures as ``response_times`` gives them, with the SLA's (``sla``)."""

        def pair_summary(pair: Pair) -> dict[str, Any]:
            return {
                "first_response": _sorted_stats(pair[0]),
                "resolution": _sorted_stats(pair[1]),
            }

        channels = {c: pair_summary(p) for c, p in self.by_channel.items() if p[0] or p[1]}
        for channel, (ok, late, pending) in sla_by_channel.items():
            entry = channels.setdefault(channel, pair_summary(_pair()))
            entry["sla"] = {
                "met": ok,
                "breached": late,
                "pending": pending,
                "compliance": None if not ok + late else ok / (ok + late),
            }
        met = sum(v[0] for v in sla_by_channel.values())
        late = sum(v[1] for v in sla_by_channel.values())
        return {
            "start": self.start,
            "end": self.end,
            "all": pair_summary(self.everyone),
            "sla": {
                "met": met,
                "breached": late,
                "pending": sum(v[2] for v in sla_by_channel.values()),
                "compliance": None if not met + late else met / (met + late),
            },
            "by_channel": dict(sorted(channels.items())),
            "by_agent": {
                a: pair_summary(p) for a, p in self.by_agent.items() if a and (p[0] or p[1])
            },
        }


def _sla_exact(
    conn: sqlite3.Connection, start: int, end: int, now_ms: int, out: dict[str, list[int]]
) -> None:
    """Add the SLA states of the contacts received in [start, end), counted from the rows
    (a partial hour of a window). ``out``: channel -> [met, breached, pending, with a due]."""
    if start >= end:
        return
    for channel in CHANNELS:
        met, late, pending, rows = conn.execute(
            "SELECT sum(first_response_at IS NOT NULL AND first_response_at <= due_at), "
            "sum((first_response_at IS NOT NULL AND first_response_at > due_at) OR "
            "(first_response_at IS NULL AND due_at < ? AND status <> 'resolved')), "
            "sum(first_response_at IS NULL AND due_at >= ? AND status <> 'resolved'), count(*) "
            "FROM contact INDEXED BY contact_channel_kpi WHERE channel = ? AND received_at >= ? "
            f"AND received_at < ? AND due_at IS NOT NULL AND {NOT_TRAINEE}",
            (now_ms, now_ms, channel, start, end),
        ).fetchone()
        if rows:
            entry = out.setdefault(channel, [0, 0, 0, 0])
            for i, n in enumerate((met, late, pending, rows)):
                entry[i] += int(n or 0)


def sla(conn: sqlite3.Connection, start: int, end: int, now_ms: int) -> dict[str, list[int]]:
    """Per channel [met, breached, pending] of the contacts received in [start, end) with a
    due time: the whole hours from ``kpi_sla``, the partial ones from the contacts; of the
    unanswered due in the hour now running, those due before now from ``contact_sla_due``."""
    first, last = -(-start // HOUR), end // HOUR  # the whole hours: [first, last)
    out: dict[str, list[int]] = {}
    if first >= last:
        _sla_exact(conn, start, end, now_ms, out)
    else:
        _sla_exact(conn, start, first * HOUR, now_ms, out)
        _sla_exact(conn, last * HOUR, end, now_ms, out)
        this_hour = now_ms // HOUR
        due_now: dict[str, int] = defaultdict(int)
        for channel, state, due_hour, n in conn.execute(
            "SELECT channel, state, due_hour, sum(n) FROM kpi_sla WHERE hour >= ? AND hour < ? "
            "AND n <> 0 AND (agent = '' OR agent NOT IN (SELECT id FROM agent WHERE role = "
            "'trainee')) GROUP BY channel, state, due_hour",
            (first, last),
        ):
            if channel not in CHANNELS or not n:
                continue
            entry = out.setdefault(channel, [0, 0, 0, 0])
            entry[3] += n
            if state == "met":
                entry[0] += n
            elif state == "late":
                entry[1] += n
            elif state == "open":
                if due_hour < this_hour:
                    entry[1] += n
                elif due_hour > this_hour:
                    entry[2] += n
                else:
                    due_now[channel] += n
        if due_now:
            late_now: dict[str, int] = defaultdict(int)
            for (channel,) in conn.execute(
                "SELECT channel FROM contact INDEXED BY contact_sla_due WHERE team >= '' AND "
                "first_response_at "
                "IS NULL AND status <> 'resolved' AND due_at IS NOT NULL AND due_at >= ? AND "
                f"due_at < ? AND received_at >= ? AND received_at < ? AND {NOT_TRAINEE}",
                (this_hour * HOUR, now_ms, first * HOUR, last * HOUR),
            ):
                late_now[channel] += 1
            for channel, n in due_now.items():
                out[channel][1] += late_now[channel]
                out[channel][2] += n - late_now[channel]
    return {c: v[:3] for c, v in out.items() if v[3]}


def _read(conn: sqlite3.Connection, channel: str, start: int, end: int) -> list[Row]:
    return conn.execute(
        f"SELECT {ROW_COLUMNS} FROM contact INDEXED BY contact_channel_kpi WHERE channel = ? "
        "AND received_at >= ? AND received_at < ? AND (first_response_at IS NOT NULL OR "
        f"resolved_at IS NOT NULL) AND {NOT_TRAINEE}",
        (channel, start, end),
    ).fetchall()


def fill(conn: sqlite3.Connection, window: Window, start: int, end: int) -> None:
    """Add to a built window the contacts received in [start, end) it does not hold yet
    (the clock moved on: those received meanwhile)."""
    for channel in CHANNELS:
        for row in _read(conn, channel, start, end):
            if row[0] not in window.rows and window.holds(row):
                window.add(row)


class Part:
    """One channel's rows of a build, in the orders the windows take them: answered by
    their first response minutes, resolved by their resolution minutes, both grouped by
    agent (and by day, for the trend), once for every window."""

    def __init__(self, channel: str, rows: list[Row], start: int, end: int) -> None:
        self.channel, self.rows, self.start, self.end = channel, rows, start, end
        self.firsts = sorted((r for r in rows if r[4] is not None), key=_first)
        self.dones = sorted((r for r in rows if r[5] is not None), key=_done)
        self.agent_firsts: dict[str, list[Row]] = defaultdict(list)
        self.agent_dones: dict[str, list[Row]] = defaultdict(list)
        for r in self.firsts:
            self.agent_firsts[r[2]].append(r)
        for r in self.dones:
            self.agent_dones[r[2]].append(r)
        self._days: dict[int, list[Row]] | None = None

    def day_firsts(self) -> dict[int, list[Row]]:
        if self._days is None:
            self._days = defaultdict(list)
            for r in self.firsts:
                self._days[r[3] // DAY].append(r)
        return self._days


def build(
    conn: sqlite3.Connection, bounds: list[tuple[int, int]], by_day: tuple[bool, ...] = ()
) -> list[Window]:
    """Windows for these [start, end) bounds (``by_day``: which keep the trend's days),
    read in one pass: one streaming range of ``contact_channel_kpi`` per channel, its rows
    put in order of their minutes once, whatever the windows."""
    trainees = trainee_ids(conn)
    windows = [
        Window(start, end, trainees, i < len(by_day) and by_day[i])
        for i, (start, end) in enumerate(bounds)
    ]
    if windows:
        start, end = min(b[0] for b in bounds), max(b[1] for b in bounds)
        for channel in CHANNELS:
            part = Part(channel, _read(conn, channel, start, end), start, end)
            for window in windows:
                window.add_sorted(part)
    for window in windows:
        window.seal()
    return windows


def read_rows(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, Row]:
    """These contacts as they are now, by id (a contact not there is missing)."""
    out: dict[str, Row] = {}
    wanted = list(ids)
    for at in range(0, len(wanted), 900):
        part = wanted[at : at + 900]
        for cid, *row in conn.execute(
            f"SELECT id, {ROW_COLUMNS} FROM contact WHERE id IN ({','.join('?' * len(part))})",
            part,
        ):
            out[cid] = (row[0], row[1], row[2], row[3], row[4], row[5])
    return out


def response_times(
    conn: sqlite3.Connection, start_ms: int, end_ms: int, now_ms: int
) -> dict[str, Any]:
    """For contacts received in [start, end): first response and resolution times (median,
    p90, minutes) per channel and per agent, and SLA compliance (first response by the due
    time; still unanswered past it counts as a breach, before it as pending)."""
    window = build(conn, [(start_ms, end_ms)])[0]
    return window.summary(sla(conn, start_ms, end_ms, now_ms))
