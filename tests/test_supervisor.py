"""The supervisor desk's figures (desktop/supervisor.py) against brute force: every contact
row read into Python and counted the obvious way, over seeded data with trainees' work mixed
in (which must never count)."""

from __future__ import annotations

import json
import math
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from desktop import supervisor as sv
from desktop.changes import Changes
from desktop.seed import seed
from models.base import to_ms
from models.schema import ASYNC_CHANNELS
from tests.conftest import NOW, open_app

NOW_MS = to_ms(NOW)


@pytest.fixture(scope="module")
def floor(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("floor") / "ws"
    app = open_app(root)
    try:
        seed(app.db, customers=300, contacts=3000, now=NOW, events_per_contact=1.6, open_share=0.2)
        conn = app.db.connection()
        trainee = conn.execute("SELECT id FROM agent WHERE role = 'trainee'").fetchone()[0]
        # a trainee's work must vanish from every figure: give them some of everything
        conn.execute("UPDATE contact SET assigned_to_id = ? WHERE rowid % 37 = 0", (trainee,))
        # some answered today, some acknowledged, some parked, some complaints
        conn.execute(
            "UPDATE contact SET first_response_at = received_at + 600000 * (rowid % 9)"
            " WHERE status = 'open' AND rowid % 5 = 0"
        )
        conn.execute(
            "UPDATE contact SET status = 'waiting' WHERE status = 'open' AND rowid % 11 = 0"
        )
        conn.execute("UPDATE contact SET subject = 'I want a refund' WHERE rowid % 23 = 0")
        conn.execute(
            "INSERT INTO event (id, customer_id, contact_id, at, channel, kind, subject, "
            "body, data) SELECT id || '-ack', customer_id, id, received_at, channel, "
            "'ack', 'ack', '', '{}' FROM contact WHERE status = 'open' AND rowid % 3 = 0"
        )
        conn.execute(
            "INSERT INTO task (id, customer_id, contact_id, kind, title, due_at, "
            "owner_id, state, created_at) SELECT id || '-t', customer_id, id, "
            "'follow_up', 'Follow up', received_at + 86400000, CASE WHEN rowid % 2 "
            "THEN assigned_to_id END, 'open', received_at FROM contact "
            "WHERE status <> 'resolved' AND rowid % 4 = 0"
        )
        conn.commit()
    finally:
        app.close()
    return root / "lastmile.sqlite3"


def rows(path: Path) -> tuple[list[dict[str, Any]], set[str]]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    trainees = {r[0] for r in conn.execute("SELECT id FROM agent WHERE role = 'trainee'")}
    contacts = [dict(r) for r in conn.execute("SELECT * FROM contact")]
    conn.close()
    return [c for c in contacts if c["assigned_to_id"] not in trainees], trainees


def nearest_rank(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = math.ceil(p * len(ordered))  # the smallest value with at least p of them at or below
    return ordered[rank - 1]


def test_backlog_matches_brute_force(floor: Path) -> None:
    contacts, trainees = rows(floor)
    conn = sv.connect(floor)
    got = sv.backlog(conn, NOW_MS)
    open_ = [c for c in contacts if c["status"] != "resolved"]
    assert got["total"] == len(open_) > 0
    by_channel: dict[str, int] = defaultdict(int)
    by_skill: dict[str, int] = defaultdict(int)
    for c in open_:
        by_channel[c["channel"]] += 1
        by_skill[c["skill"]] += 1
    assert got["by_channel"] == by_channel and got["by_skill"] == by_skill
    ages = [0] * len(sv.AGE_BUCKETS)
    for c in open_:
        age = (NOW_MS - c["received_at"]) / 60_000
        for i, (_label, limit) in enumerate(sv.AGE_BUCKETS):
            if age < limit:
                ages[i] += 1
                break
    assert [n for _label, n in got["by_age"]] == ages
    assert got["unassigned"] == sum(c["assigned_to_id"] is None for c in open_)
    assert got["waiting_on_customer"] == sum(c["status"] == "waiting" for c in open_)
    assert got["breached"] == sum(
        c["status"] == "open" and c["first_response_at"] is None and c["due_at"] < NOW_MS
        for c in open_
    )
    assert trainees  # there was a trainee's work to leave out


@pytest.mark.parametrize("period", ["today", "7 days", "30 days", "2026-10-01..2026-11-22"])
def test_response_times_match_brute_force(floor: Path, period: str) -> None:
    contacts, _trainees = rows(floor)
    start, end = sv.period_bounds(period, NOW_MS)
    got = sv.response_times(sv.connect(floor), start, end, NOW_MS)
    inside = [c for c in contacts if start <= c["received_at"] < end]
    assert inside
    for key in ("channel", "assigned_to_id"):
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for c in inside:
            if c[key]:
                groups[c[key]].append(c)
        table = got["by_channel" if key == "channel" else "by_agent"]
        for name, members in groups.items():
            first = [
                (c["first_response_at"] - c["received_at"]) / 60_000
                for c in members
                if c["first_response_at"] is not None
            ]
            done = [
                (c["resolved_at"] - c["received_at"]) / 60_000
                for c in members
                if c["resolved_at"] is not None
            ]
            if not first and not done:
                assert table.get(name, {}).get("first_response", {}).get("n", 0) == 0
                continue
            entry = table[name]
            assert entry["first_response"]["n"] == len(first)
            assert entry["first_response"]["median"] == nearest_rank(first, 0.5)
            assert entry["first_response"]["p90"] == nearest_rank(first, 0.9)
            assert entry["resolution"]["median"] == nearest_rank(done, 0.5)
            assert entry["resolution"]["p90"] == nearest_rank(done, 0.9)
    met = sum(
        c["first_response_at"] is not None and c["first_response_at"] <= c["due_at"] for c in inside
    )
    late = sum(
        (c["first_response_at"] is not None and c["first_response_at"] > c["due_at"])
        or (c["first_response_at"] is None and c["due_at"] < NOW_MS and c["status"] != "resolved")
        for c in inside
    )
    assert got["sla"]["met"] == met and got["sla"]["breached"] == late
    assert got["sla"]["compliance"] == (met / (met + late) if met + late else None)


def test_the_other_sections_match_brute_force(floor: Path) -> None:
    contacts, trainees = rows(floor)
    conn = sv.connect(floor)
    raw = sqlite3.connect(floor)
    words = ("complain", "refund", "never again", "unacceptable", "disappointed", "#fail")
    complaints = [
        c
        for c in contacts
        if c["status"] != "resolved"
        and (
            (c["sentiment"] is not None and c["sentiment"] <= -0.3)
            or any(w in f"{c['subject']} {c['preview']}".lower() for w in words)
        )
    ]
    got = sv.complaints(conn, NOW_MS)
    assert got["total"] == len(complaints) > 0
    assert [r["id"] for r in got["oldest"]] == [
        c["id"] for c in sorted(complaints, key=lambda c: c["received_at"])
    ][:50]
    acked = {r[0] for r in raw.execute("SELECT contact_id FROM event WHERE kind = 'ack'")}
    with_task = {r[0] for r in raw.execute("SELECT contact_id FROM task WHERE state = 'open'")}
    waiting = [
        c
        for c in contacts
        if c["status"] == "open"
        and c["first_response_at"] is None
        and c["channel"] in ASYNC_CHANNELS
        and c["id"] not in acked
    ]
    got_u = sv.unanswered(conn, NOW_MS)
    assert got_u["unacknowledged"] == len(waiting) > 0
    assert [r["id"] for r in got_u["oldest"]] == [
        c["id"] for c in sorted(waiting, key=lambda c: c["received_at"])
    ][:20]
    assert got_u["waiting_without_follow_up"] == sum(
        c["status"] == "waiting" and c["id"] not in with_task for c in contacts
    )
    # agents: load per channel, no trainee listed
    got_a = sv.agents(conn)
    assert not {a["id"] for a in got_a} & trainees
    for agent in got_a:
        load: dict[str, int] = defaultdict(int)
        for c in contacts:
            if c["assigned_to_id"] == agent["id"] and c["status"] == "open":
                load[c["channel"]] += 1
        assert agent["load"] == load
    # tasks: every open one not a trainee's, soonest first; owner None is the team's
    tasks = [
        r
        for r in raw.execute("SELECT id, due_at, owner_id FROM task WHERE state = 'open'")
        if r[2] not in trainees
    ]
    got_t = sv.tasks(conn, NOW_MS)
    assert got_t["open"] == len(tasks) and got_t["team"] == sum(r[2] is None for r in tasks)
    assert got_t["overdue"] == sum(r[1] < NOW_MS for r in tasks)
    assert [r["due_at"] for r in got_t["rows"]] == sorted(r[1] for r in tasks)[:200]
    assert {r["id"] for r in got_t["rows"]} <= {r[0] for r in tasks}
    # volume per channel per hour
    got_v = sv.volume(conn, NOW_MS)
    first = got_v["first_hour"]
    for channel, series in got_v["series"].items():
        assert series == [
            sum(
                c["channel"] == channel
                and first + h * 3_600_000 <= c["received_at"] < first + (h + 1) * 3_600_000
                and c["received_at"] <= NOW_MS
                for c in contacts
            )
            for h in range(24)
        ]
    assert sum(map(sum, got_v["series"].values())) > 0
    got_tr = sv.trend(conn, NOW_MS)
    day0 = got_tr["first_day"]
    for d, point in enumerate(got_tr["points"]):
        values = [
            (c["first_response_at"] - c["received_at"]) / 60_000
            for c in contacts
            if c["first_response_at"] is not None
            and day0 + d * 86_400_000 <= c["received_at"] < day0 + (d + 1) * 86_400_000
            and c["received_at"] <= NOW_MS
        ]
        assert point["n"] == len(values)
        assert point["median"] == pytest.approx(nearest_rank(values, 0.5))


def test_every_section_reads_an_index(floor: Path) -> None:
    conn = sqlite3.connect(floor)
    traced: list[str] = []
    desk = sv.connect(floor)
    desk.set_trace_callback(traced.append)
    sv.complaints(desk, NOW_MS)
    desk.close()
    counted = next(sql for sql in traced if sv.COMPLAINT_WHERE in sql)
    plan = " ".join(r[-1] for r in conn.execute(f"EXPLAIN QUERY PLAN {counted}"))
    # counted off the partial index alone: no contact row read but the 50 listed
    assert "INDEX contact_open_complaint" in plan, plan
    plan = " ".join(
        r[-1]
        for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT channel, count(*) FROM contact WHERE status <> 'resolved' "
            f"AND {sv.NOT_TRAINEE} GROUP BY channel"
        )
    )
    assert "USING" in plan and "INDEX" in plan


def test_cache_recomputes_only_what_a_change_touches(floor: Path) -> None:
    figures = sv.FloorFigures(floor, period="2026-03-01..2026-03-31")
    first = figures.snapshot(NOW_MS)
    assert set(first) >= set(sv.SECTIONS)
    assert figures.computed == dict.fromkeys(sv.SECTIONS, 1)
    figures.snapshot(NOW_MS)
    assert figures.computed == dict.fromkeys(sv.SECTIONS, 1)  # nothing stale: nothing read
    raw = sqlite3.connect(floor)
    today = sv.period_bounds("today", NOW_MS)
    recent = raw.execute(
        "SELECT id FROM contact WHERE status <> 'resolved' AND first_response_at IS NULL AND "
        "received_at >= ? AND assigned_to_id NOT IN (SELECT id FROM agent WHERE role = "
        "'trainee') LIMIT 1",
        (today[0],),
    ).fetchone()[0]
    figures.invalidate(Changes(contacts={recent}, queue=True))
    figures.snapshot(NOW_MS)
    # told of a contact of today's: its figures are summed again, not the day read again
    assert figures.computed["today"] == 2 and figures.built == 1
    with raw:
        raw.execute(
            "UPDATE contact SET first_response_at = received_at + 90000 WHERE id = ?", (recent,)
        )
    figures.invalidate(Changes(contacts={recent}, queue=True))
    snap = figures.snapshot(NOW_MS)
    # the period (March) does not hold that contact: not recounted; tasks and agents neither
    assert figures.computed["period"] == 1 and figures.computed["tasks"] == 1
    assert figures.computed["backlog"] == 3 and figures.computed["today"] == 3
    # that one contact was moved in today's figures, not the day read again, and they are
    # what a recount gives
    assert figures.built == 1
    assert snap["today"] == sv.response_times(sv.connect(floor), *today, NOW_MS)
    march = raw.execute(
        "SELECT id FROM contact WHERE received_at >= ? AND received_at < ? LIMIT 1",
        sv.period_bounds("2026-03-01..2026-03-31", NOW_MS),
    ).fetchone()[0]
    with raw:
        raw.execute("UPDATE contact SET resolved_at = received_at + 7200000 WHERE id = ?", (march,))
    figures.invalidate(Changes(contacts={march}))
    snap = figures.snapshot(NOW_MS)
    assert figures.computed["period"] == 2 and figures.built == 1
    assert snap["period"] == sv.response_times(
        sv.connect(floor), *sv.period_bounds("2026-03-01..2026-03-31", NOW_MS), NOW_MS
    )
    assert figures.computed["backlog"] == 4
    figures.invalidate(Changes(tasks={"x"}))
    figures.snapshot(NOW_MS)
    assert figures.computed["tasks"] == 2 and figures.computed["backlog"] == 4
    figures.invalidate(Changes(external=True))
    figures.snapshot(NOW_MS)
    assert set(figures.computed.values()) >= {3} and figures.built == 2
    json.dumps(first)  # figures are plain data (the wallboard and reports reuse them)
    figures.close()


def test_who_may_open_the_desk() -> None:
    assert sv.may_open("supervisor", "live") is None and sv.may_open("admin", "live") is None
    assert "supervisors" in (sv.may_open("agent", "live") or "")
    assert "supervisors" in (sv.may_open("trainee", "live") or "")
    assert "training" in (sv.may_open("supervisor", "training") or "")
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        sv.period_bounds("last tuesday", NOW_MS)


def test_assign_and_floor_from_the_command_line(tmp_path: Path) -> None:
    import io

    from desktop import cli
    from desktop.ops import agents as agent_ops

    def run(*argv: str) -> tuple[int, str]:
        out = io.StringIO()
        return cli.run(cli.parse_args(list(argv)), out=out, err=out), out.getvalue()

    ws = tmp_path / "ws"
    app = open_app(ws)
    try:
        for login, role in (("sue", "supervisor"), ("ben", "agent"), ("tia", "trainee")):
            agent_ops.add_agent(
                app.mutator,
                login=login,
                display_name=login.title(),
                role=role,
                skills={"general": 1},
            )
        from tests.conftest import contact_record

        cid = app.intake.ingest([(1, contact_record(1))]).contact_ids[0]
    finally:
        app.close()
    code, text = run("assign", cid, "ben", "--as", "sue", "--workspace", str(ws))
    assert code == 0 and "Ben" in text
    code, text = run("assign", cid, "tia", "--as", "sue", "--workspace", str(ws))
    assert code == 1 and "trainees" in text and "Traceback" not in text
    code, text = run("assign", cid, "sue", "--as", "ben", "--workspace", str(ws))
    assert code == 1 and "only a supervisor or an admin" in text
    code, text = run("assign", cid, "--as", "sue", "--workspace", str(ws))
    assert code == 1 and "--queue" in text
    code, text = run("assign", "nope", "--queue", "--as", "sue", "--workspace", str(ws))
    assert code == 1 and "no contact" in text
    code, text = run("floor", "--json", "--as", "sue", "--workspace", str(ws))
    assert code == 0, text
    snap = json.loads(text)
    assert snap["backlog"]["total"] == 1 and snap["backlog"]["unassigned"] == 0
    assert snap["last_sync"] is None  # never synced: said so
    code, text = run("floor", "--as", "ben", "--workspace", str(ws))
    assert code == 1 and "supervisors and admins" in text
    code, text = run("floor", "--period", "someday", "--as", "sue", "--workspace", str(ws))
    assert code == 1 and "YYYY-MM-DD" in text


def test_no_section_sorts_or_scans_the_contacts(floor: Path) -> None:
    """Every statement a snapshot runs (traced as run) reads an index and sorts nothing:
    at 1,000,000 contacts a temporary B-tree or a table scan is the difference between
    tens of milliseconds and seconds."""
    figures = sv.FloorFigures(floor)
    traced: list[str] = []
    figures.conn.set_trace_callback(traced.append)
    figures.snapshot(NOW_MS)
    figures.conn.set_trace_callback(None)
    raw = sqlite3.connect(floor)
    selects = [sql for sql in traced if sql.lstrip().upper().startswith("SELECT")]
    assert len(selects) > 10
    for sql in set(selects):
        if not any(f"FROM {t}" in sql for t in ("contact", "event", "task")):
            continue  # the agents (a few dozen rows) and the workspace's facts
        plan = " | ".join(row[-1] for row in raw.execute(f"EXPLAIN QUERY PLAN {sql}"))
        # (a DISTINCT over the acknowledgements since the oldest open contact is small)
        assert "TEMP B-TREE" not in plan.replace("TEMP B-TREE FOR count(DISTINCT)", ""), (sql, plan)
        for table in ("contact", "event", "task"):
            assert f"SCAN {table}" not in plan or f"SCAN {table} USING" in plan, (sql, plan)
    figures.close()
