"""Alert evaluation at 1,000,000 contacts (issue 13): what the alert rules cost per arriving
contact, next to the raw SQL of the baseline queries run bare on sqlite3.

    python -m benchmarks.alerts_bench [--workdir /tmp/alerts-1m] [--source /work/bench-1m]
        [--repeat 20] [--out benchmarks/results/alerts.json]

The workspace is a copy of a seeded 1M one (benchmarks/scale.py; ``--source`` is copied to
``--workdir`` with ``cp --reflink=auto`` when the workdir has none; opening it migrates it).
Rules: a negativity and a volume rule on every channel (8 scopes each), a keyword rule
(all channels), an influencer rule, all of no team (they count every contact, one range
scan per channel and team of it). Figures:
- ``arrival_one``: desktop.alerts.evaluate for one arriving social contact (what the intake
  adds to a live arrival from the gateway or a mailbox);
- ``arrival_chunk``: the same for a chunk of 5,000 arrivals on every channel (an import),
  and per contact;
- ``sweep``: the minute sweep (every rule in every scope, influencers of the last hour);
- ``scope_volume_social_team_rule``: the volume scope of a rule of team "front" (its team's
  contacts and those of no team: two range scans);
- ``raw_scope``: the baseline SQL of one spike scope (volume: the current hour and the
  same hour of 4 weeks; negativity: the 7-day totals and the hour's negatives) bare on
  sqlite3, fetched and dropped; ratio = ours / raw for one social scope of each kind.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop import alerts
from desktop.alert_stats import TEAMS_SQL
from desktop.app import Application
from desktop.clock import FixedClock
from desktop.ops import alerts as alert_ops
from desktop.workspace import Workspace
from models.base import new_id, to_ms
from models.protocol.vocabulary import CHANNELS

ANCHOR = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # benchmarks/scale.py's
# the seed puts the open backlog (~1,500 social contacts an hour) in the 8 hours before the
# anchor, and ~14 an hour through the year before: an ordinary hour is half a year back,
# the anchor itself is a burst on every channel (every spike rule fires there)
ORDINARY = ANCHOR - timedelta(days=180)
HOUR, WEEK, DAY = alerts.HOUR, alerts.WEEK, alerts.DAY


def samples(fn: Callable[[], Any], repeat: int) -> dict[str, float]:
    """Wall time and this thread's CPU time, in ms (the machine is shared)."""
    fn()
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.thread_time()
        fn()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 3),
        "max_ms": round(times[-1], 3),
        "cpu_median_ms": round(statistics.median(cpu), 3),
    }


def raw_scope(path: Path, channel: str, now: int) -> tuple[Callable[[], None], Callable[[], None]]:
    """The baseline SQL of one volume scope and one negativity scope, bare: for the seeded
    workspace's contacts, all of no team ('')."""
    conn = sqlite3.connect(path)
    volume_sql = (
        "SELECT received_at FROM contact WHERE channel = ? AND team = '' AND received_at >= ? "
        "AND received_at < ?"
    )
    negative_sql = (
        "SELECT received_at FROM contact WHERE channel = ? AND team = '' AND received_at >= ? "
        "AND received_at < ? AND sentiment <= -0.05"
    )

    def volume() -> None:
        conn.execute(
            "SELECT min(received_at) FROM contact WHERE channel = ? AND team = ''", (channel,)
        ).fetchall()
        for j in range(0, alerts.WEEKS + 1):
            conn.execute(volume_sql, (channel, now - j * WEEK - HOUR, now - j * WEEK)).fetchall()

    def negativity() -> None:
        start = now - HOUR - alerts.SHARE_DAYS * DAY
        count = volume_sql.replace("SELECT received_at", "SELECT count(*)")
        conn.execute(count, (channel, start, now - HOUR)).fetchall()
        neg = negative_sql.replace("SELECT received_at", "SELECT count(*)")
        conn.execute(neg, (channel, start, now - HOUR)).fetchall()
        conn.execute(volume_sql, (channel, now - HOUR, now)).fetchall()
        conn.execute(negative_sql, (channel, now - HOUR, now)).fetchall()

    return volume, negativity


def plans(conn: Any, now: int) -> dict[str, list[str]]:
    queries = {
        "volume": (alerts.VOLUME_SQL, ("social", "", now - HOUR, now)),
        "negative": (alerts.NEGATIVE_SQL, ("social", "", now - HOUR, now)),
        "keyword_text": (alerts.TEXT_SQL, ("social", "", now - HOUR, now)),
        "first_seen": (
            "SELECT min(received_at) FROM contact WHERE channel = ? AND team = ?",
            ("social", ""),
        ),
        "teams_of_channel": (TEAMS_SQL, ("social",)),
        # the sweep's influencer check (desktop/alerts.arrivals_of): one contact's handles
        "handles_of": (
            "SELECT group_concat(i.value, ' ') FROM identity i WHERE i.customer_id = ? "
            "AND +i.kind = 'handle'",
            ("x",),
        ),
    }
    return {
        name: [str(r[-1]) for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", args)]
        for name, (sql, args) in queries.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/alerts-1m"))
    parser.add_argument("--source", type=Path, default=Path("/work/bench-1m"))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "results" / "alerts.json"
    )
    args = parser.parse_args(argv)
    db_path = args.workdir / "lastmile.sqlite3"
    if not db_path.exists():
        args.workdir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["cp", "--reflink=auto", str(args.source / "lastmile.sqlite3"), str(db_path)],
            check=True,
        )
    started = time.perf_counter()
    app = Application.open(Workspace(args.workdir), clock=FixedClock(ANCHOR))
    opened_s = time.perf_counter() - started
    conn = app.db.connection()
    contacts = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
    conn.execute("DELETE FROM alert_rule")
    for fields in (
        alert_ops.rule_fields("negativity_spike"),
        alert_ops.rule_fields("volume_spike"),
        alert_ops.rule_fields("keyword", keywords=["refund", "#fail", "acme"]),
        alert_ops.rule_fields("influencer", watch=["@rival_ceo"]),
    ):
        alert_ops.add_rule(app.mutator, fields)
    rules = alerts.load_rules(conn)
    now = to_ms(ORDINARY)
    one = [alerts.Arrival(new_id(), "", "social", now - 1000, 12, ("twitter:someone",))]
    chunk = [
        alerts.Arrival(new_id(), "", channel, now - i * 100, i % 20_000, ())
        for i, channel in enumerate(CHANNELS[i % len(CHANNELS)] for i in range(5000))
    ]

    def evaluate(arrivals: list[alerts.Arrival] | None, at: int = now) -> Callable[[], None]:
        def run() -> None:
            with app.db.atomic() as txn:
                if arrivals is None:
                    alerts.sweep(conn, now_ms=at)
                else:
                    alerts.evaluate(conn, now_ms=at, arrivals=arrivals, rules=rules)
                txn.rollback()  # measure the evaluation, keep the workspace as it was

        return run

    negativity = next(r for r in rules if r.kind == "negativity_spike")
    volume = next(r for r in rules if r.kind == "volume_spike")
    keyword = next(r for r in rules if r.kind == "keyword")

    # a rule of a team counts its team's contacts and those of no team yet ('', all of the
    # seeded ones): two range scans per channel instead of one per team of the channel
    team_volume = dataclasses.replace(volume, team="front")

    def scope(rule: alerts.AlertRuleSpec) -> Callable[[], None]:
        name, channels = rule.scopes(["social"])[0]

        def run() -> None:
            with app.db.atomic() as txn:
                alerts.check_spike(conn, rule, name, channels, now)
                txn.rollback()

        return run

    results: dict[str, Any] = {
        "arrival_one": samples(evaluate(one), args.repeat),
        "arrival_chunk": samples(evaluate(chunk), max(3, args.repeat // 4)),
        "sweep": samples(evaluate(None), max(3, args.repeat // 4)),
        # at the anchor every spike rule fires (evidence ids, alert rows, history lines)
        "arrival_one_firing": samples(
            evaluate(
                [alerts.Arrival(new_id(), "", "social", to_ms(ANCHOR) - 1000, 12, ())],
                to_ms(ANCHOR),
            ),
            max(3, args.repeat // 4),
        ),
        "scope_volume_social": samples(scope(volume), args.repeat),
        "scope_volume_social_team_rule": samples(scope(team_volume), args.repeat),
        "scope_negativity_social": samples(scope(negativity), args.repeat),
        "scope_keyword_all_channels": samples(scope(keyword), args.repeat),
    }
    results["arrival_chunk"]["per_contact_ms"] = round(
        results["arrival_chunk"]["median_ms"] / len(chunk), 4
    )
    raw_volume, raw_negativity = raw_scope(db_path, "social", now)
    results["raw_scope_volume_social"] = samples(raw_volume, args.repeat)
    results["raw_scope_negativity_social"] = samples(raw_negativity, args.repeat)
    for kind in ("volume", "negativity"):
        ours = results[f"scope_{kind}_social"]["median_ms"]
        raw = results[f"raw_scope_{kind}_social"]["median_ms"]
        results[f"ratio_{kind}"] = round(ours / raw, 2) if raw else None
    report = {
        "what": "alert evaluation per arriving contact at 1M contacts (desktop/alerts.py)",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "contacts": contacts,
        "rules": [r.summary() for r in rules],
        "scopes_per_sweep": sum(len(r.scopes()) for r in rules if r.kind in alerts.SPIKES),
        "open_and_migrate_s": round(opened_s, 1),
        "evaluated_at": ORDINARY.isoformat(),
        "results": results,
        "plans": plans(conn, now),
    }
    app.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report["results"], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
