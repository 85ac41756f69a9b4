"""The desk's counters (migration 0030: kept by triggers in the writes' own transactions)
against brute force after every kind of write: take, reply, status, assign to a trainee,
import (the intake's bulk path), a pull (the sync's apply path) and an erasure's delete."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from desktop import supervisor as sv
from desktop.app import Application
from desktop.ops import contacts as contact_ops
from desktop.seed import seed
from desktop.sync.apply import Applier
from models.base import new_id, to_ms
from models.schema import CHANNELS
from tests.conftest import NOW, contact_record, open_app

NOW_MS = to_ms(NOW)
HOUR = 3_600_000


@pytest.fixture
def app(tmp_path: Path) -> Any:
    app = open_app(tmp_path / "ws")
    seed(app.db, customers=60, contacts=600, now=NOW, events_per_contact=1.0, open_share=0.3)
    app.sign_in("ana")
    yield app
    app.close()


def brute(path: Path, team: str | None = None) -> dict[str, Any]:
    """The counters' figures counted the obvious way from every contact row."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    trainees = {r[0] for r in conn.execute("SELECT id FROM agent WHERE role = 'trainee'")}
    contacts = [
        dict(r)
        for r in conn.execute("SELECT * FROM contact")
        if r["assigned_to_id"] not in trainees
    ]
    conn.close()
    open_ = [c for c in contacts if c["status"] != "resolved" and (not team or c["team"] == team)]
    by_channel: dict[str, int] = defaultdict(int)
    by_skill: dict[str, int] = defaultdict(int)
    for c in open_:
        by_channel[c["channel"]] += 1
        by_skill[c["skill"]] += 1
    first = (NOW_MS // HOUR - 23) * HOUR
    series = {
        ch: [
            sum(
                c["channel"] == ch
                and first + h * HOUR <= c["received_at"] < first + (h + 1) * HOUR
                and c["received_at"] <= NOW_MS
                for c in contacts
            )
            for h in range(24)
        ]
        for ch in CHANNELS
    }
    return {
        "total": len(open_),
        "unassigned": sum(c["assigned_to_id"] is None for c in open_),
        "waiting_on_customer": sum(c["status"] == "waiting" for c in open_),
        "by_channel": dict(by_channel),
        "by_skill": dict(by_skill),
        "series": {ch: v for ch, v in series.items() if any(v)},
    }


def check(app: Application) -> None:
    path = app.workspace.database_path
    want = brute(path)
    conn = sv.connect(path)
    try:
        got = sv.counts(conn)
        assert got == {k: want[k] for k in got}
        assert sv.volume(conn, NOW_MS)["series"] == want["series"]
        full = sv.backlog(conn, NOW_MS)  # the brute-force-checked section agrees
        assert {k: full[k] for k in got} == got
    finally:
        conn.close()


def test_counters_follow_every_write_path(app: Application) -> None:
    check(app)
    actor = app.require_actor()
    conn = app.db.connection()
    free = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM contact WHERE status = 'open' AND assigned_to_id IS NULL "
            "ORDER BY received_at DESC LIMIT 4"
        )
    ]
    contact_ops.claim(app.mutator, actor, free[0])  # take
    check(app)
    contact_ops.reply(app.mutator, actor, free[0], "Thanks, on its way.")  # reply
    check(app)
    contact_ops.set_status(app.mutator, actor, free[0], "waiting", app.rules)  # status
    check(app)
    contact_ops.set_status(app.mutator, actor, free[0], "resolved", app.rules)
    check(app)
    trainee = conn.execute("SELECT id FROM agent WHERE role = 'trainee'").fetchone()[0]
    conn.execute("UPDATE contact SET assigned_to_id = ? WHERE id = ?", (trainee, free[1]))
    check(app)  # a trainee's work leaves every figure at once
    # import: the intake's bulk path, two contacts arriving this hour
    app.intake.ingest([(1, contact_record(901, minutes_ago=5)), (2, contact_record(902))])
    check(app)
    # pull: the sync's apply path, a new contact and one taken meanwhile by a colleague
    colleague = conn.execute("SELECT id FROM agent WHERE role = 'agent' LIMIT 1").fetchone()[0]
    with app.db.atomic("IMMEDIATE"):
        applier = Applier(conn, app.rules, NOW_MS)
        keys = ("channel", "received_at", "customer_id", "subject", "preview", "skill")
        values = conn.execute(
            f"SELECT {', '.join(keys)} FROM contact WHERE id = ?", (free[2],)
        ).fetchone()
        row = dict(zip(keys, values, strict=True))
        applier.apply("contact", free[2], {**row, "status": "open", "assigned_to": colleague})
        applier.apply(
            "contact",
            new_id(),
            {
                "channel": "social",
                "received_at": NOW_MS - 60_000,
                "subject": "pulled",
                "status": "open",
                "team": "north",
            },
        )
    check(app)
    assert sv.counts(sv.connect(app.workspace.database_path), "north")["total"] == 1
    # an erasure's delete
    with app.db.atomic():
        conn.execute("DELETE FROM event WHERE contact_id = ?", (free[3],))
        conn.execute("DELETE FROM task WHERE contact_id = ?", (free[3],))
        conn.execute("DELETE FROM attachment WHERE contact_id = ?", (free[3],))
        conn.execute("DELETE FROM contact WHERE id = ?", (free[3],))
    check(app)


def test_rebuild_gives_what_the_triggers_kept(app: Application) -> None:
    conn = app.db.connection()
    contact_ops.claim(
        app.mutator,
        app.require_actor(),
        conn.execute("SELECT id FROM contact WHERE status = 'open' LIMIT 1").fetchone()[0],
    )
    kept = (
        sorted(conn.execute("SELECT * FROM kpi_open WHERE n <> 0")),
        sorted(conn.execute("SELECT * FROM kpi_hour WHERE n <> 0")),
    )
    with app.db.atomic():
        conn.execute("UPDATE kpi_open SET n = n + 5")  # damaged
        sv.rebuild_counters(conn)
    rebuilt = (
        sorted(conn.execute("SELECT * FROM kpi_open WHERE n <> 0")),
        sorted(conn.execute("SELECT * FROM kpi_hour WHERE n <> 0")),
    )
    assert rebuilt == kept and kept[0] and kept[1]


def test_the_first_figures_read_the_counters_not_the_contacts(app: Application) -> None:
    figures = sv.FloorFigures(app.workspace.database_path)
    traced: list[str] = []
    figures.conn.set_trace_callback(traced.append)
    snap = figures.snapshot(NOW_MS, sv.FIRST)
    figures.close()
    assert set(sv.FIRST) <= set(snap) and "period" not in snap
    contact_reads = [s for s in traced if "FROM contact" in s]
    # only the running hour of the volume chart is read from the contacts (one range each)
    assert contact_reads and all("received_at >= " in s for s in contact_reads)
