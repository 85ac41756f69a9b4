"""The desk's counters of migration 0032 (backlog ages, breaches, unanswered, SLA) and its
response times kept up contact by contact, against brute force after every kind of write:
take, reply, status, a trainee's work, import, a sync pull that changes rows, an erasure's
delete, a repair; at clock readings that cut hours in the middle."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from desktop import supervisor as sv
from desktop.app import Application
from desktop.changes import Changes
from desktop.ops import contacts as contact_ops
from desktop.seed import seed
from desktop.sync.apply import Applier
from models.base import new_id, to_ms
from models.schema import ASYNC_CHANNELS, CHANNELS
from tests.conftest import NOW, contact_record, open_app

NOW_MS = to_ms(NOW)
MINUTE = 60_000
# on the hour, and in the middle of hours (the bounds cut them): the sums must not care
NOWS = (NOW_MS, NOW_MS + 37 * MINUTE + 123, NOW_MS + 5 * 60 * MINUTE - 1)


@pytest.fixture
def app(tmp_path: Path) -> Any:
    app = open_app(tmp_path / "ws")
    seed(app.db, customers=60, contacts=700, now=NOW, events_per_contact=1.0, open_share=0.4)
    conn = app.db.connection()
    # answers on time and late, due this very hour, a trainee's work
    conn.execute(
        "UPDATE contact SET first_response_at = received_at + 60000 * (rowid % 50) "
        "WHERE status = 'open' AND rowid % 4 = 0"
    )
    conn.execute(
        "UPDATE contact SET due_at = ? + 60000 * (rowid % 90) - 2700000 WHERE rowid % 3 = 0",
        (NOW_MS,),
    )
    trainee = conn.execute("SELECT id FROM agent WHERE role = 'trainee'").fetchone()[0]
    conn.execute("UPDATE contact SET assigned_to_id = ? WHERE rowid % 29 = 0", (trainee,))
    # contacts either side of every cut: the clock readings' hours, Kolkata's midnight
    cuts = [*NOWS, sv.period_bounds("today", NOW_MS, "Asia/Kolkata")[0]]
    at = [c + d for c in cuts for d in (-10 * MINUTE, -1, 0, 10 * MINUTE)]
    # and on the backlog's age bounds, and a millisecond after them
    bounds = [n - int(limit * MINUTE) for n in NOWS for _l, limit in sv.AGE_BUCKETS[:-1]]
    at += [b + d for b in bounds for d in (0, 1)]
    for i, received in enumerate(at):
        conn.execute(
            "UPDATE contact SET received_at = ?, due_at = ? + 600000 * (rowid % 5 - 2), "
            "status = CASE WHEN rowid % 4 THEN 'open' ELSE status END, resolved_at = NULL "
            "WHERE rowid = ?",
            (received, received, 3 * (i + 1)),
        )
    app.sign_in("ana")
    yield app
    app.close()


def everyone(path: Path) -> list[dict[str, Any]]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    trainees = {r[0] for r in conn.execute("SELECT id FROM agent WHERE role = 'trainee'")}
    rows = [dict(r) for r in conn.execute("SELECT * FROM contact")]
    conn.close()
    return [c for c in rows if c["assigned_to_id"] not in trainees]


def brute_backlog(contacts: list[dict[str, Any]], now: int) -> dict[str, Any]:
    open_ = [c for c in contacts if c["status"] != "resolved"]
    by_age = [0] * len(sv.AGE_BUCKETS)
    by_channel_age: dict[str, list[int]] = defaultdict(lambda: [0] * len(sv.AGE_BUCKETS))
    for c in open_:
        age = (now - c["received_at"]) / MINUTE
        i = next(i for i, (_l, limit) in enumerate(sv.AGE_BUCKETS) if age < limit)
        by_age[i] += 1
        by_channel_age[c["channel"]][i] += 1
    return {
        "total": len(open_),
        "by_age": by_age,
        "by_channel_age": dict(by_channel_age),
        "breached": sum(
            c["status"] == "open" and c["first_response_at"] is None and c["due_at"] < now
            for c in open_
            if c["due_at"] is not None
        ),
        "oldest_minutes": (now - min(c["received_at"] for c in open_)) / MINUTE,
    }


def brute_sla(contacts: list[dict[str, Any]], start: int, end: int, now: int) -> dict[str, Any]:
    out: dict[str, list[int]] = {}
    for c in contacts:
        if not start <= c["received_at"] < end or c["due_at"] is None:
            continue
        if c["channel"] not in CHANNELS:
            continue
        entry = out.setdefault(c["channel"], [0, 0, 0])
        answered, due = c["first_response_at"], c["due_at"]
        if answered is not None:
            entry[0 if answered <= due else 1] += 1
        elif c["status"] != "resolved":
            entry[1 if due < now else 2] += 1
    return out


def brute_unanswered(contacts: list[dict[str, Any]], path: Path) -> int:
    conn = sqlite3.connect(path)
    acked = {r[0] for r in conn.execute("SELECT contact_id FROM event WHERE kind = 'ack'")}
    conn.close()
    return sum(
        c["status"] == "open"
        and c["first_response_at"] is None
        and c["channel"] in ASYNC_CHANNELS
        and c["id"] not in acked
        for c in contacts
    )


def check(app: Application, figures: sv.FloorFigures, changes: Changes) -> None:
    """Every figure of the counters and the kept-up windows is what brute force counts,
    at each clock reading; the kept-up figures equal a fresh desk's."""
    path = app.workspace.database_path
    contacts = everyone(path)
    conn = sv.connect(path)
    try:
        for now in NOWS:
            got = sv.backlog(conn, now)
            want = brute_backlog(contacts, now)
            assert [n for _l, n in got["by_age"]] == want["by_age"], now
            assert got["by_channel_age"] == want["by_channel_age"]
            assert got["total"] == want["total"] and got["breached"] == want["breached"]
            assert got["oldest_minutes"] == pytest.approx(want["oldest_minutes"])
            assert sv.unanswered(conn, now)["unacknowledged"] == brute_unanswered(contacts, path)
            for period, zone in (
                ("today", "UTC"),
                ("7 days", "UTC"),
                ("2026-11-20..2026-11-21", "UTC"),
                ("today", "Asia/Kolkata"),  # a midnight at half past an hour: cut too
            ):
                start, end = sv.period_bounds(period, now, zone)
                got_sla = sv.response_times(conn, start, end, now)["by_channel"]
                assert {
                    c: [e["sla"]["met"], e["sla"]["breached"], e["sla"]["pending"]]
                    for c, e in got_sla.items()
                    if "sla" in e
                } == brute_sla(contacts, start, end, now), (period, now)
        # a key whose count fell to 0 is gone: what the desk reads does not grow with the days
        for table in ("kpi_open_hour", "kpi_unanswered", "kpi_sla"):
            assert conn.execute(f"SELECT count(*) FROM {table} WHERE n <= 0").fetchone() == (0,)
        # the desk told of the change: what it kept up is what a fresh desk reads
        figures.invalidate(changes)
        kept = figures.snapshot(NOW_MS)
        fresh = sv.FloorFigures(path, period=figures.period)
        try:
            again = fresh.snapshot(NOW_MS)
        finally:
            fresh.close()
        for name in sv.SECTIONS:
            assert kept[name] == again[name], name
    finally:
        conn.close()


def test_desk_counters_follow_every_write_path(app: Application) -> None:
    figures = sv.FloorFigures(app.workspace.database_path)
    check(app, figures, Changes())
    built = figures.built
    actor = app.require_actor()
    conn = app.db.connection()
    free = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM contact WHERE status = 'open' AND assigned_to_id IS NULL "
            "AND first_response_at IS NULL ORDER BY received_at DESC LIMIT 5"
        )
    ]
    check(app, figures, contact_ops.claim(app.mutator, actor, free[0]))  # take
    check(app, figures, contact_ops.reply(app.mutator, actor, free[0], "On its way."))
    check(app, figures, contact_ops.set_status(app.mutator, actor, free[0], "waiting", app.rules))
    check(app, figures, contact_ops.set_status(app.mutator, actor, free[0], "resolved", app.rules))
    assert figures.built == built  # each of these moved one contact, nothing read again
    trainee = conn.execute("SELECT id FROM agent WHERE role = 'trainee'").fetchone()[0]
    conn.execute("UPDATE contact SET assigned_to_id = ? WHERE id = ?", (trainee, free[1]))
    check(app, figures, Changes(contacts={free[1]}))  # a trainee's work leaves every figure
    conn.execute("UPDATE contact SET first_response_at = ? WHERE id = ?", (NOW_MS - 1000, free[1]))
    check(app, figures, Changes(contacts={free[1]}))  # and a trainee's answer never counts
    report = app.intake.ingest([(1, contact_record(901, minutes_ago=5)), (2, contact_record(902))])
    check(app, figures, Changes(contacts=set(report.contact_ids), queue=True))  # import
    # a pull: the sync's apply path, a contact answered by a colleague meanwhile and a new one
    colleague = conn.execute("SELECT id FROM agent WHERE role = 'agent' LIMIT 1").fetchone()[0]
    with app.db.atomic("IMMEDIATE"):
        applier = Applier(conn, app.rules, NOW_MS)
        keys = ("channel", "received_at", "customer_id", "subject", "preview", "skill", "due_at")
        values = conn.execute(
            f"SELECT {', '.join(keys)} FROM contact WHERE id = ?", (free[2],)
        ).fetchone()
        row = dict(zip(keys, values, strict=True))
        applier.apply(
            "contact",
            free[2],
            {**row, "status": "open", "assigned_to": colleague, "first_response_at": NOW_MS},
        )
        applier.apply(
            "contact",
            new_id(),
            {
                "channel": "social",
                "received_at": NOW_MS - 60_000,
                "due_at": NOW_MS + 60_000,
                "subject": "pulled",
                "status": "open",
                "team": "north",
            },
        )
    assert free[2] in applier.changes.contacts
    check(app, figures, applier.changes)
    assert figures.built == built  # the pull's contacts were moved one by one too
    # an erasure's delete: the windows are read again (which rows went is not followed)
    with app.db.atomic():
        conn.execute("DELETE FROM event WHERE contact_id = ?", (free[3],))
        conn.execute("DELETE FROM task WHERE contact_id = ?", (free[3],))
        conn.execute("DELETE FROM attachment WHERE contact_id = ?", (free[3],))
        conn.execute("DELETE FROM contact WHERE id = ?", (free[3],))
    check(app, figures, Changes(contacts={free[3]}, queue=True))
    assert figures.built == built + 1
    # who is a trainee changed: read again too
    conn.execute("UPDATE agent SET role = 'trainee' WHERE id = ?", (colleague,))
    check(app, figures, Changes(agents=True))
    assert figures.built == built + 2
    figures.close()


def test_rebuild_gives_what_the_triggers_kept(app: Application) -> None:
    conn = app.db.connection()
    contact_ops.claim(
        app.mutator,
        app.require_actor(),
        conn.execute(
            "SELECT id FROM contact WHERE status = 'open' AND assigned_to_id IS NULL LIMIT 1"
        ).fetchone()[0],
    )
    tables = ("kpi_open", "kpi_hour", "kpi_open_hour", "kpi_unanswered", "kpi_sla")

    def kept() -> list[list[Any]]:
        return [sorted(conn.execute(f"SELECT * FROM {t} WHERE n <> 0")) for t in tables]

    before = kept()
    assert all(before)
    with app.db.atomic():
        for table in tables:
            conn.execute(f"UPDATE {table} SET n = n + 3")  # damaged
        conn.execute("DELETE FROM kpi_sla WHERE hour = (SELECT min(hour) FROM kpi_sla)")
        sv.rebuild_counters(conn)
    assert kept() == before


def test_the_desks_indexes_serve_the_desk_alone(app: Application) -> None:
    """The queue's, the routing's and the sweeps' statements keep the plans made for them:
    migration 0032's indexes say ``team >= ''``, which only the desk's statements do."""
    conn = app.db.connection()
    mine = ("contact_open_received", "contact_unanswered_due", "contact_waiting", "contact_sla_due")
    others = [
        "SELECT id FROM contact WHERE status <> 'resolved' ORDER BY received_at, id LIMIT 50",
        "SELECT id, channel, subject FROM contact WHERE status <> 'resolved' AND channel = 'email' "
        "ORDER BY received_at LIMIT 50",
        "SELECT id FROM contact WHERE status = 'open' AND first_response_at IS NULL "
        "AND due_at < 1 ORDER BY due_at",
        "SELECT count(*) FROM contact WHERE status = 'waiting'",
        f"SELECT id FROM contact WHERE {sv.COMPLAINT_WHERE} ORDER BY received_at",
    ]
    for sql in others:
        plan = " ".join(r[-1] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert not any(name in plan for name in mine), (sql, plan)
    # and the desk's own statements do use them (a typo in a clause would not)
    traced: list[str] = []
    desk = sv.connect(app.workspace.database_path)
    desk.set_trace_callback(traced.append)
    sv.backlog(desk, NOW_MS)
    sv.unanswered(desk, NOW_MS)
    sv.response_times(desk, *sv.period_bounds("today", NOW_MS + 37 * MINUTE), NOW_MS)
    desk.close()
    used = " ".join(traced)
    assert all(f"INDEXED BY {name}" in used for name in mine)
