"""Next-contact routing decision at scale (DESIGN.md: <= 2 ms with 100,000 open contacts).

    python -m benchmarks.routing_bench [--contacts 1000000] [--open-share 0.1]
        [--workdir DIR] [--out benchmarks/results/routing.json]

Seeds a workspace (or reuses --workdir), then times for several agents:
- the decision alone (desktop.routing.route_next on a loaded profile),
- the decision including loading the agent's profile and load,
- the raw-sqlite3 twin: the same UNION ALL statement on a bare sqlite3 connection,
and writes medians, p95 and the ratio ours/raw as JSON.
"""

from __future__ import annotations

import argparse
import json
import platform
import sqlite3
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.app import Application
from desktop.routing import _probe_sql, load_profile, probes, route_next
from desktop.rules import Rules
from desktop.seed import seed
from desktop.workspace import Workspace
from models.base import to_ms
from models.schema import Agent, Contact

ANCHOR = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def timed(fn: Any, repeat: int) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 4),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 4),
        "max_ms": round(samples[-1], 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--open-share", type=float, default=0.1)
    parser.add_argument("--workdir", default="/tmp/lastmile-routing-bench")
    parser.add_argument("--repeat", type=int, default=500)
    parser.add_argument("--out", default="benchmarks/results/routing.json")
    args = parser.parse_args(argv)

    root = Path(args.workdir)
    app = Application.open(Workspace(root))
    seeded_s = None
    if not Contact.select().limit(1).exists():
        started = time.perf_counter()
        seed(
            app.db,
            customers=args.customers,
            contacts=args.contacts,
            now=ANCHOR,
            events_per_contact=1.0,
            open_share=args.open_share,
        )
        seeded_s = round(time.perf_counter() - started, 1)
    open_unassigned = app.db.execute_sql(
        "SELECT count(*) FROM contact WHERE status = 'open' AND assigned_to_id IS NULL"
    ).fetchone()[0]
    rules = Rules()
    raw = sqlite3.connect(str(app.workspace.database_path))
    results: dict[str, Any] = {
        "machine": {
            "python": sys.version.split()[0],
            "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform(),
            "cpus": __import__("os").cpu_count(),
        },
        "dataset": {
            "contacts": Contact.select().count(),
            "open_unassigned": open_unassigned,
            "seconds_to_seed": seeded_s,
        },
        "target_ms": 2.0,
        "agents": {},
    }
    for agent in Agent.select().where(Agent.role.in_(("agent", "supervisor"))).limit(6):
        Agent.update(presence="available").where(Agent.id == agent.id).execute()
        profile = load_profile(app.db, agent.id)
        if not probes(profile, rules, ANCHOR):
            continue
        chosen = route_next(app.db, profile, rules, ANCHOR)
        ours = timed(lambda p=profile: route_next(app.db, p, rules, ANCHOR), args.repeat)
        full = timed(
            lambda a=agent: route_next(app.db, load_profile(app.db, a.id), rules, ANCHOR),
            args.repeat,
        )
        at_risk = to_ms(ANCHOR) + rules.warn_before_breach_minutes * 60_000
        parts, params = [], []
        for probe in probes(profile, rules, ANCHOR):
            sql, p = _probe_sql(probe, at_risk)
            parts += sql
            params += p
        statement = " UNION ALL ".join(parts) + " ORDER BY tier, k LIMIT 1"
        raw_result = raw.execute(statement, params).fetchone()
        assert raw_result is None or raw_result[0] == chosen
        bare = timed(lambda s=statement, p=params: raw.execute(s, p).fetchone(), args.repeat)
        results["agents"][agent.login] = {
            "skills": profile.skills,
            "probes": len(probes(profile, rules, ANCHOR)),
            "decision": ours,
            "decision_with_profile": full,
            "raw_sqlite3": bare,
            "ratio_ours_to_raw": round(ours["median_ms"] / bare["median_ms"], 2),
            "meets_target": full["p95_ms"] <= 2.0,
        }
    raw.close()
    app.close()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"{'agent':<10} {'probes':>6} {'ours ms':>9} {'+profile':>9} {'raw ms':>8} {'ratio':>6}")
    for login, r in results["agents"].items():
        print(
            f"{login:<10} {r['probes']:>6} {r['decision']['median_ms']:>9.3f} "
            f"{r['decision_with_profile']['median_ms']:>9.3f} "
            f"{r['raw_sqlite3']['median_ms']:>8.3f} {r['ratio_ours_to_raw']:>6.2f}"
        )
    print(f"open unassigned contacts: {open_unassigned:,}; results in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
