"""Load: 50 desktops syncing every 2 s plus 1,000 intake posts a minute, for 10 minutes.

    python -m benchmarks.load_bench [--agents 50] [--minutes 10] [--posts-per-minute 1000]
                                    [--interval 2] [--workers 2] [--out FILE]

- A real PostgreSQL (pgserver) and the real ``lastmile-server`` (uvicorn, ``--workers``
  processes) on 127.0.0.1.
- ``--agents`` desktops, one process each (the desktop binds one workspace per process):
  a real workspace signed in with ``lastmile login``, its own account and token, teams of
  5. Every ``--interval`` seconds each one does what an agent does (takes an open contact
  of its team, or adds a note to one it holds, through the real ops) and runs the real
  desktop sync cycle (``desktop.sync.client.SyncClient``: push, then pull and apply into
  SQLite); push and pull are timed apart. Each team's first desktop imported 20 contacts
  at the start.
- Desktop 0 also runs ``lastmile intake serve``: ``--posts-per-minute`` single-record
  posts (sms, unique external ids, 4 sender threads on a fixed schedule) go in over HTTP;
  its sync pushes them to the server and its teammates pull them.
- Every 5 s: PostgreSQL's connections (``pg_stat_activity``) and the server's RSS (all its
  processes).

At the end desktop 0 and a teammate sync once more; the posted contacts are counted by
external id on the server, on desktop 0 and on the teammate: none lost, none doubled.
Errors are anything but an answer (HTTP failures, 5xx, exceptions); a claim refused
because a teammate took the contact first is a conflict, counted apart.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg-"))

ROOT = Path(__file__).resolve().parents[1]
TEAM_SIZE = 5
SECRETS = "LASTMILE_SECRETS_FILE"


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000, 1)


def summary(values: list[float]) -> dict[str, Any]:
    return {
        "count": len(values),
        "p50_ms": pct(values, 0.5),
        "p99_ms": pct(values, 0.99),
        "max_ms": round(max(values) * 1000, 1) if values else None,
        "mean_ms": round(statistics.fmean(values) * 1000, 1) if values else None,
    }


def cli(argv: list[str], stdin: str = "") -> str:
    from desktop import cli as lastmile

    out = io.StringIO()
    before = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = lastmile.run(lastmile.parse_args(argv), out=out, err=out)
    finally:
        sys.stdin = before
    if code != 0:
        raise RuntimeError(f"lastmile {' '.join(argv)}: exit {code}: {out.getvalue()}")
    return out.getvalue()


def team_records(tag: str, count: int) -> list[tuple[int, dict[str, Any]]]:
    return [
        (
            n,
            {
                "type": "contact",
                "channel": "email",
                "external_id": f"{tag}-{n}",
                "received_at": "2026-11-22T10:00:00Z",
                "from": {"name": f"Customer {n}", "email": f"{tag}-{n}@example.com"},
                "subject": f"Order {n}",
                "body": "Where is it?",
                "skill": "general",
            },
        )
        for n in range(count)
    ]


# -- one desktop, in its own process ---------------------------------------------------------


def agent(spec: dict[str, Any]) -> None:
    os.environ[SECRETS] = spec["secrets"]
    from desktop.app import Application
    from desktop.ops import Actor
    from desktop.ops import contacts as contact_ops
    from desktop.sync.client import SyncClient, SyncReport
    from desktop.workspace import Workspace
    from models.errors import UserFacingError
    from models.schema import Agent, Contact, Intent

    root = Path(spec["root"])
    result: dict[str, Any] = {
        "push": [],
        "pull": [],
        "errors": [],
        "conflicts": 0,
        "ops": 0,
        "cycles": 0,
        "pushed": 0,
        "pulled": 0,
    }
    rng = random.Random(spec["index"])
    try:
        time.sleep(spec["index"] * spec["stagger"])  # desktops start one after another
        for attempt in range(20):  # "busy signing others in" is an answer: try again
            try:
                cli(
                    [
                        "login",
                        "--server",
                        spec["url"],
                        "--user",
                        spec["login"],
                        "--workspace",
                        str(root),
                    ],
                    stdin=spec["password"] + "\n",
                )
                break
            except RuntimeError as exc:
                result["login_retries"] = attempt + 1
                if attempt == 19:
                    raise
                print(f"{spec['login']}: {exc}", file=sys.stderr)
                time.sleep(2 + rng.uniform(0, 3))
        app = Application.open(Workspace(root))
        me = Actor.of(Agent.get(Agent.login == spec["login"]))
        if spec["seed_contacts"]:
            app.intake.ingest(team_records(spec["login"], spec["seed_contacts"]))
        client = SyncClient(app)
        client.sync_once()  # the first cycle: the team's history, untimed
        while time.time() < spec["start_at"]:
            time.sleep(0.05)
        next_at = spec["start_at"] + rng.uniform(0, spec["interval"])
        while time.time() < spec["stop_at"]:
            time.sleep(max(0.0, next_at - time.time()))
            next_at = max(next_at, time.time()) + spec["interval"]  # late: no burst after
            try:
                free = (
                    Contact.select(Contact.id)
                    .where(Contact.assigned_to.is_null() & (Contact.status == "open"))
                    .order_by(Contact.received_at.desc())
                    .limit(20)
                )
                ids = [c.id for c in free]
                if ids and rng.random() < 0.5:
                    contact_ops.claim(app.mutator, me, rng.choice(ids))
                else:
                    held = Contact.get_or_none(Contact.assigned_to == me.id)
                    if held is not None:
                        contact_ops.add_note(app.mutator, me, held.id, "Checked, all fine.")
                result["ops"] += 1
            except UserFacingError:
                result["conflicts"] += 1  # taken meanwhile (seen locally)
            report = SyncReport()
            try:
                started = time.perf_counter()
                client.push(report)
                pushed = time.perf_counter()
                client.pull(report)
                result["push"].append(pushed - started)
                result["pull"].append(time.perf_counter() - pushed)
                result["pushed"] += report.pushed
                result["pulled"] += report.pulled
                result["conflicts"] += len(report.rejected)
            except Exception as exc:  # counted, never hidden
                result["errors"].append(f"{type(exc).__name__}: {str(exc)[:200]}")
                result.setdefault("traceback", traceback.format_exc()[-3000:])
            result["cycles"] += 1
        for _ in range(10):  # what is left goes out
            client.sync_once()
            if not Intent.select().where(Intent.state == "pending").exists():
                break
        client.close()
        app.close()
    except Exception as exc:
        result["errors"].append(f"fatal {type(exc).__name__}: {str(exc)[:500]}")
        result.setdefault("traceback", traceback.format_exc()[-3000:])
    Path(spec["out"]).write_text(json.dumps(result))


# -- the run ---------------------------------------------------------------------------------


def rss_kb(root_pid: int) -> int:
    """Resident memory of this process and all its descendants, in kB."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0").strip())
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    tree, grew = {root_pid}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        grew = bool(more)
        tree |= more
    return sum(rss.get(pid, 0) for pid in tree)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--posts-per-minute", type=int, default=1000)
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between syncs")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--out", default="benchmarks/results/load.json")
    args = parser.parse_args(argv)

    import httpx
    import pgserver

    from benchmarks.sync_bench import serve
    from server import store

    tmp = Path(tempfile.mkdtemp(prefix="lastmile-load-"))
    pg = pgserver.get_server(str(tmp / "pg"), cleanup_mode="delete")
    db = store.open_store(pg.get_uri())
    run_id = uuid.uuid4().hex[:6]
    accounts = []
    with db.connection_context():
        for n in range(args.agents):
            team = f"load-{run_id}-{n // TEAM_SIZE}"
            login = f"agent{n:02d}-{run_id}"
            password = f"Blue heron {n} over the lake"
            store.add_user(
                db,
                login,
                password,
                role="agent",
                team=team,
                display_name=f"Agent {n}",
                agent_id=str(uuid.uuid4()),
            )
            accounts.append((login, password, team))
    server, url = serve(pg.get_uri(), args.workers)
    print(f"server at {url}; {args.agents} accounts", file=sys.stderr, flush=True)

    # desktop 0: signed in, with an integration, then its HTTP intake in its own process
    d0 = tmp / "desktops" / "0"
    secrets0 = str(tmp / "secrets" / "0.json")
    os.environ[SECRETS] = secrets0
    cli(
        ["login", "--server", url, "--user", accounts[0][0], "--workspace", str(d0)],
        stdin=accounts[0][1] + "\n",
    )
    added = cli(["integration", "add", "loadsms", "--channel", "sms", "--workspace", str(d0)])
    key = added.strip().splitlines()[-1]
    intake_port = int(__import__("benchmarks.sync_bench", fromlist=["free_port"]).free_port())
    intake = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ui.main",
            "intake",
            "serve",
            "--workspace",
            str(d0),
            "--port",
            str(intake_port),
        ],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=(tmp / "intake.err").open("wb"),
        stdin=subprocess.DEVNULL,
    )
    intake_url = f"http://127.0.0.1:{intake_port}"
    for _ in range(600):
        try:
            if httpx.get(intake_url + "/v1/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)

    stagger = 1.0
    setup_s = 40 + args.agents * stagger * 1.5  # the desktops start, sign in, take history
    start_at = time.time() + setup_s
    stop_at = start_at + args.minutes * 60
    ctx = multiprocessing.get_context("spawn")
    procs = []
    for n, (login, password, _team) in enumerate(accounts):
        spec = {
            "index": n,
            "root": str(tmp / "desktops" / str(n)),
            "url": url,
            "login": login,
            "password": password,
            "secrets": str(tmp / "secrets" / f"{n}.json"),
            "seed_contacts": 20 if n % TEAM_SIZE == 0 else 0,
            "start_at": start_at,
            "stop_at": stop_at,
            "interval": args.interval,
            "stagger": stagger,
            "out": str(tmp / f"agent-{n}.json"),
        }
        proc = ctx.Process(target=agent, args=(spec,))
        proc.start()
        procs.append(proc)

    # the intake posts, on a fixed schedule from 4 threads
    posted: list[float] = []
    post_errors: list[str] = []
    accepted: set[str] = set()
    lock = threading.Lock()
    senders = 4
    every = 60.0 / args.posts_per_minute * senders

    def send(k: int) -> None:
        n = 0
        with httpx.Client(
            base_url=intake_url, timeout=30, headers={"Authorization": f"Bearer {key}"}
        ) as http:
            next_at = start_at + k * every / senders
            while next_at < stop_at:
                time.sleep(max(0.0, next_at - time.time()))
                next_at += every
                external = f"load-{run_id}-{k}-{n}"
                n += 1
                record = {
                    "channel": "sms",
                    "external_id": external,
                    "received_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
                    "from": {"phone": f"+1555{k}{n:06d}"},
                    "body": f"Where is order {k}-{n}?",
                }
                started = time.perf_counter()
                try:
                    answer = http.post("/v1/intake", json=record)
                except httpx.HTTPError as exc:
                    with lock:
                        post_errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                took = time.perf_counter() - started
                with lock:
                    posted.append(took)
                    if answer.status_code == 202:
                        accepted.add(external)
                    else:
                        post_errors.append(f"{answer.status_code}: {answer.text[:200]}")

    monitor: list[dict[str, Any]] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            with db.connection_context():
                total, ours = db.execute_sql(
                    "SELECT count(*), count(*) FILTER (WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()) FROM pg_stat_activity "
                    "WHERE backend_type = 'client backend'"
                ).fetchone()
            monitor.append(
                {
                    "t": round(time.time() - start_at, 1),
                    "pg_connections": total,
                    "pg_connections_server": ours,
                    "server_rss_mb": round(rss_kb(server.pid) / 1024, 1),
                    "intake_rss_mb": round(rss_kb(intake.pid) / 1024, 1),
                }
            )
            stop.wait(5)

    threads = [threading.Thread(target=send, args=(k,)) for k in range(senders)]
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    for t in threads:
        t.start()
    print(
        f"load from {time.strftime('%H:%M:%S', time.localtime(start_at))} for {args.minutes} min",
        file=sys.stderr,
        flush=True,
    )
    for t in threads:
        t.join()
    for proc in procs:
        proc.join(timeout=600)
    stop.set()
    intake.terminate()
    intake.wait(timeout=30)

    agents = []
    for n in range(args.agents):
        path = tmp / f"agent-{n}.json"
        agents.append(
            json.loads(path.read_text())
            if path.exists()
            else {"errors": ["no result"], "push": [], "pull": []}
        )

    # the last word: desktop 0 and a teammate sync, then every posted contact is counted
    last_sync_failures: list[str] = []

    def last_sync(ws: Path, secrets: str) -> None:
        """Sync until nothing is pending; a failure is recorded, and the count still runs."""
        os.environ[SECRETS] = secrets
        for attempt in range(20):
            try:
                cli(["sync", "--workspace", str(ws)])
                conn = sqlite3.connect(ws / "lastmile.sqlite3")
                (pending,) = conn.execute(
                    "SELECT count(*) FROM outbox WHERE state = 'pending'"
                ).fetchone()
                conn.close()
                if not pending:
                    return
            except RuntimeError as exc:
                print(f"last sync of {ws.name}, attempt {attempt + 1}: {exc}", file=sys.stderr)
                time.sleep(2)
        last_sync_failures.append(f"the last sync of {ws.name} did not finish in 20 attempts")

    import sqlite3

    d1 = tmp / "desktops" / "1"
    last_sync(d0, secrets0)
    last_sync(d1, str(tmp / "secrets" / "1.json"))
    prefix = f"load-{run_id}-%"
    counts: dict[str, dict[str, int]] = {}
    with db.connection_context():
        rows = db.execute_sql(
            "SELECT external_id, count(*) FROM contact WHERE space = %s AND "
            "external_id LIKE %s GROUP BY external_id",
            (accounts[0][2], prefix),
        ).fetchall()
    counts["server"] = {e: c for e, c in rows}
    for name, ws in (("desktop_0", d0), ("teammate", d1)):
        conn = sqlite3.connect(ws / "lastmile.sqlite3")
        counts[name] = {
            e: c
            for e, c in conn.execute(
                "SELECT external_id, count(*) FROM contact WHERE external_id LIKE ? "
                "GROUP BY external_id",
                (prefix,),
            )
        }
        conn.close()
    server.terminate()
    server.wait(timeout=30)

    errors = [e for a in agents for e in a["errors"]]
    tracebacks = [a["traceback"] for a in agents if a.get("traceback")]
    result: dict[str, Any] = {
        "agents": args.agents,
        "minutes": args.minutes,
        "interval_s": args.interval,
        "server_workers": args.workers,
        "cpus": os.cpu_count(),
        "load_average_at_end": round(os.getloadavg()[0], 2),
        "push": summary([float(t) for a in agents for t in a["push"]]),
        "pull": summary([float(t) for a in agents for t in a["pull"]]),
        "sync_cycles": sum(a.get("cycles", 0) for a in agents),
        "expected_cycles": int(args.agents * args.minutes * 60 / args.interval),
        "agent_ops": sum(a.get("ops", 0) for a in agents),
        "intents_pushed": sum(a.get("pushed", 0) for a in agents),
        "changes_pulled": sum(a.get("pulled", 0) for a in agents),
        "conflicts": sum(a.get("conflicts", 0) for a in agents),
        "login_retries": sum(a.get("login_retries", 0) for a in agents),
        "sync_errors": len(errors),
        "sync_error_samples": errors[:10],
        "last_sync_failures": last_sync_failures,
        "sync_error_tracebacks": tracebacks[:3],
        "intake": {
            **summary(posted),
            "accepted": len(accepted),
            "per_minute": round(len(posted) / args.minutes, 1),
            "errors": len(post_errors),
            "error_samples": post_errors[:10],
        },
        "pg_connections_max": max((m["pg_connections"] for m in monitor), default=None),
        "pg_connections_server_max": max(
            (m["pg_connections_server"] for m in monitor), default=None
        ),
        "server_rss_mb_max": max((m["server_rss_mb"] for m in monitor), default=None),
        "server_rss_mb_last": monitor[-1]["server_rss_mb"] if monitor else None,
        "intake_rss_mb_max": max((m["intake_rss_mb"] for m in monitor), default=None),
        "contacts": {
            side: {
                "distinct": len(c),
                "doubled": sum(1 for v in c.values() if v > 1),
                "lost": len(accepted - set(c)),
            }
            for side, c in counts.items()
        },
        "monitor": monitor[::6],
    }
    result["ok"] = (
        not errors
        and not post_errors
        and not last_sync_failures
        and all(v["lost"] == 0 and v["doubled"] == 0 for v in result["contacts"].values())
    )
    db.close_all()  # type: ignore[attr-defined]  # a pooled database (playhouse: untyped)
    pg.cleanup()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
