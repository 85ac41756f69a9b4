"""Sync at scale: initial sync rows/s end to end, A→B visibility, and 50 syncing clients.

    python -m benchmarks.sync_bench [--rows 100000] [--clients 50] [--duration 30]
                                    [--workers 2] [--profile FILE] [--out ...]

Starts a real PostgreSQL (pgserver) and the sync server over HTTP on 127.0.0.1.

1. Seed: ``contact.receive`` intents shaped like the desktop's import (one new customer
   per contact: 3 change-log rows each) applied by the server's own push path
   (``server.app.push_one``: Result, client record and change log in the same
   transaction), in-process and 500 to a transaction, because pushing 100,000 rows over
   HTTP one intent at a time only measures the push. A real desktop push over HTTP
   (``--push-contacts``) is timed beside it.
2. Initial sync: desktops A and B sign in with ``lastmile login`` (HTTP + JSON + staging
   + one checkpoint transaction into SQLite) and pull everything: rows/s end to end.
   Beside it, raw SQL: the same rows read straight from the change log on PostgreSQL, and
   the same rows inserted with plain ``sqlite3`` executemany into a fresh desktop database.
3. A→B: A claims a contact, pushes; B pulls; wall time until B has it.
4. Load: ``lastmile-server --workers N`` in its own processes; ``--clients`` protocol
   clients (own account and token each, teams of 5) run the desktop's cycle (push a small
   batch of real intents, pull to the head) for ``--duration`` seconds without pause:
   requests/s, latency percentiles, errors.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg-"))

ROWS_PER_CONTACT = 3  # customer, contact, inbound event
SEED_BATCH = 500
TEAM_SIZE = 5
HEADERS = {"X-Lastmile-Protocol": "1"}
BENCH_PASSWORD = "quiet harbour lamp"  # passes the password policy (no login inside, not common)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def receive_args(n: int, tag: str) -> dict[str, Any]:
    """What the desktop's import sends for one e-mail (desktop.intake)."""
    from models.base import new_id

    email = f"{tag}{n}@example.com"
    return {
        "contact_id": new_id(),
        "customer_id": new_id(),
        "record": {
            "type": "contact",
            "channel": "email",
            "external_id": f"{tag}{n}",
            "received_at": "2026-11-22T10:00:00Z",
            "subject": f"Subject {n}",
            "body": f"Hello, this is message {n}. " * 3,
            "priority": n % 4,
            "skill": "general",
            "direction": "inbound",
        },
        "person": {"name": f"Person {n}", "keys": [["email", email]]},
    }


def seed(db: Any, who: dict[str, Any], contacts: int, tag: str) -> float:
    """Apply ``contacts`` import intents through the server's push path; seconds taken."""
    from server.app import Mutation, push_one

    client_id = f"bench-seed-{uuid.uuid4().hex[:12]}"
    started = time.perf_counter()
    stamp = int(time.time() * 1000)
    for first in range(0, contacts, SEED_BATCH):
        with db.connection_context(), db.atomic():
            for n in range(first, min(first + SEED_BATCH, contacts)):
                m = Mutation(
                    mutation_id=n + 1,
                    id=uuid.uuid4().hex,
                    name="contact.receive",
                    args=receive_args(n, tag),
                    agent_id=who["agent_id"],
                    hlc=f"{stamp:013d}-{n % 100_000:05d}-{client_id}",
                )
                outcome = push_one(db, who, client_id, m)
                assert outcome["state"] == "accepted", outcome
    return time.perf_counter() - started


def bulk_seed(db: Any, space: str, contacts: int, tag: str) -> float:
    """The rows ``contact.receive`` writes (server.apply.receive), built with the server's
    own models and ``change()`` and inserted in bulk: one version per contact, customer,
    contact and event at seq 1-3, as the push path logs them. Seconds taken."""
    from models.base import derived_id
    from server.models import ChangeLog, Contact, Customer, Event, SpaceVersion
    from server.store import lock_space

    started = time.perf_counter()
    chunk = 2000
    with db.connection_context(), db.atomic():
        version = lock_space(space) - 1
        for first in range(0, contacts, chunk):
            rows: dict[Any, list[dict[str, Any]]] = {Customer: [], Contact: [], Event: []}
            log: list[dict[str, Any]] = []
            for n in range(first, min(first + chunk, contacts)):
                a = receive_args(n, tag)
                record, contact_id = a["record"], a["contact_id"]
                received = 1795341600000  # 2026-11-22T10:00:00Z
                version += 1
                made = [
                    Customer(
                        id=a["customer_id"],
                        space=space,
                        name=a["person"]["name"],
                        keys=json.dumps([[*k, ""][:3] for k in a["person"]["keys"]]),
                    ),
                    Contact(
                        id=contact_id,
                        space=space,
                        customer_id=a["customer_id"],
                        channel="email",
                        received_at=received,
                        subject=record["subject"],
                        preview=record["body"][:160],
                        external_id=record["external_id"],
                        skill="general",
                        priority=record["priority"],
                        status="open",
                        assigned_to=None,
                        claimed_at=None,
                        outcome=None,
                        direction="inbound",
                        sentiment=None,
                        thread_id=contact_id,
                    ),
                    Event(
                        id=derived_id(contact_id, "inbound"),
                        space=space,
                        contact_id=contact_id,
                        customer_id=a["customer_id"],
                        at=received,
                        channel="email",
                        kind="inbound",
                        agent_id=None,
                        subject=record["subject"],
                        body=record["body"],
                    ),
                ]
                for seq, row in enumerate(made, 1):
                    rows[type(row)].append({**{f: getattr(row, f) for f in type(row)._meta.fields}})
                    log.append(
                        {
                            "space": space,
                            "version": version,
                            "seq": seq,
                            "kind": row.KIND,
                            "entity_id": row.id,
                            "data": json.dumps(row.change()),
                        }
                    )
            for model, values in rows.items():
                model.insert_many(values).execute()
            ChangeLog.insert_many(log).execute()
        SpaceVersion.update(version=version).where(SpaceVersion.space == space).execute()
    return time.perf_counter() - started


def raw_sqlite_insert(path: Path, rows: list[tuple[str, str, str]]) -> float:
    """The same rows as plain sqlite3 executemany into the desktop schema; seconds."""
    customers, contacts, events = [], [], []
    started = time.perf_counter()
    for kind, entity_id, data in rows:
        d = json.loads(data)
        if kind == "customer":
            customers.append(
                (
                    entity_id,
                    d["name"],
                    d["locale"],
                    d["timezone"],
                    d["culture_notes"],
                    d["tags"],
                    d["vip"],
                    d["influencer"],
                    d["reach"],
                    d["do_not_contact"],
                    d["merged_into"],
                    0,
                    0,
                )
            )
        elif kind == "contact":
            contacts.append(
                (
                    entity_id,
                    d["channel"],
                    d["direction"],
                    d["received_at"],
                    d["customer_id"],
                    d["subject"],
                    d["preview"],
                    d["external_id"],
                    d["thread_id"],
                    d["skill"],
                    d["priority"],
                    d["status"],
                    d["assigned_to"],
                    d["received_at"],
                    d["outcome"],
                    d["sentiment"],
                    0,
                )
            )
        elif kind == "event":
            events.append(
                (
                    entity_id,
                    d["customer_id"],
                    d["contact_id"],
                    d["at"],
                    d["channel"],
                    d["kind"],
                    d["agent_id"],
                    d["subject"],
                    d["body"],
                )
            )
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT OR REPLACE INTO customer (id, name, locale, timezone, culture_notes, tags, "
        "vip, influencer, reach, do_not_contact, merged_into, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        customers,
    )
    conn.executemany(
        "INSERT OR REPLACE INTO contact (id, channel, direction, received_at, customer_id, "
        "subject, preview, external_id, thread_id, skill, priority, status, assigned_to_id, "
        "due_at, outcome, sentiment, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        contacts,
    )
    conn.executemany(
        "INSERT OR IGNORE INTO event (id, customer_id, contact_id, at, channel, kind, "
        "agent_id, subject, body, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '{}')",
        events,
    )
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - started


def serve(pg_uri: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    """The real ``lastmile-server`` in its own processes; returns it and its URL."""
    import httpx

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "LASTMILE_DATABASE_URL": pg_uri}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "lastmile-server"),
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    for _ in range(600):
        try:
            if httpx.get(url + "/v1/health").status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    return server, url


# -- load: many protocol clients ---------------------------------------------------------------


class LoadClient:
    """A desktop's sync cycle without the desktop: real endpoints, real intents."""

    def __init__(
        self, http: Any, url: str, token: str, agent_id: str, schema: int, tag: str
    ) -> None:
        self.http, self.url, self.agent_id, self.tag = http, url, agent_id, tag
        self.headers = {
            **HEADERS,
            "X-Lastmile-Schema": str(schema),
            "Authorization": f"Bearer {token}",
        }
        self.client_id = f"load-{uuid.uuid4().hex[:16]}"
        self.cursor = "{}"
        self.results_after = 0
        self.mutation_id = 0
        self.n = 0
        self.contacts: list[str] = []

    def _intents(self) -> list[dict[str, Any]]:
        """Two to three changes: a new contact, then notes, claims and releases on it."""
        from models.base import new_id

        self.n += 1
        args = receive_args(self.n, self.tag)
        batch = [("contact.receive", args)]
        self.contacts.append(args["contact_id"])
        if len(self.contacts) > 1:
            target = self.contacts[-2]
            step = self.n % 3
            if step == 0:
                batch.append(("contact.claim", {"contact_id": target}))
            elif step == 1:
                batch.append(
                    (
                        "contact.note",
                        {
                            "contact_id": target,
                            "event_id": new_id(),
                            "body": "Called back, all good.",
                        },
                    )
                )
            else:
                batch += [
                    ("contact.claim", {"contact_id": target}),
                    ("contact.release", {"contact_id": target}),
                ]
        out = []
        for name, a in batch:
            self.mutation_id += 1
            out.append(
                {
                    "mutation_id": self.mutation_id,
                    "id": new_id(),
                    "name": name,
                    "version": 1,
                    "args": a,
                    "agent_id": self.agent_id,
                    "hlc": f"{int(time.time() * 1000):013d}-{self.mutation_id % 100_000:05d}"
                    f"-{self.client_id}",
                }
            )
        return out

    def cycle(self, timings: list[tuple[str, float]], errors: list[str], push: bool = True) -> None:
        if push:
            started = time.perf_counter()
            r = self.http.post(
                self.url + "/v1/push",
                headers=self.headers,
                json={"client_id": self.client_id, "mutations": self._intents()},
            )
            timings.append(("push", time.perf_counter() - started))
            if r.status_code != 200:
                errors.append(f"push {r.status_code}: {r.text[:200]}")
                return
            for result in r.json()["results"]:
                if result["state"] != "accepted":
                    errors.append(f"rejected: {result}")
        while True:
            started = time.perf_counter()
            r = self.http.get(
                self.url + "/v1/pull",
                headers=self.headers,
                params={
                    "cursor": self.cursor,
                    "client_id": self.client_id,
                    "limit": 2000,
                    "results_after": self.results_after,
                },
            )
            timings.append(("pull", time.perf_counter() - started))
            if r.status_code != 200:
                errors.append(f"pull {r.status_code}: {r.text[:200]}")
                return
            answer = r.json()
            self.cursor = answer["cursor"]
            for result in answer["results"]:
                self.results_after = max(self.results_after, result["mutation_id"])
            if not answer["more"]:
                return


def _load_process(
    url: str,
    accounts: list[tuple[str, str, str]],
    schema: int,
    start_at: float,
    duration: float,
    push: bool,
    queue: Any,
) -> None:
    import httpx

    timings: list[tuple[str, float]] = []
    errors: list[str] = []
    lock = threading.Lock()

    def run(login: str, password: str, agent_id: str) -> None:
        mine: list[tuple[str, float]] = []
        wrong: list[str] = []
        with httpx.Client(timeout=60) as http:
            r = http.post(
                url + "/v1/login",
                json={"login": login, "password": password},
                headers={**HEADERS, "X-Lastmile-Schema": str(schema)},
            )
            r.raise_for_status()
            client = LoadClient(http, url, r.json()["token"], agent_id, schema, login)
            client.cycle([], wrong)  # first contact: pulls the team's history (untimed)
            while time.time() < start_at:
                time.sleep(0.01)
            while time.time() < start_at + duration:
                try:
                    client.cycle(mine, wrong, push)
                except Exception as exc:  # counted, never hidden
                    wrong.append(f"{exc.__class__.__name__}: {exc}")
        with lock:
            timings.extend(mine)
            errors.extend(wrong)

    threads = [threading.Thread(target=run, args=a) for a in accounts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put((timings, errors))


def tree_cpu_s(roots: list[int]) -> float:
    """CPU seconds (user + system) of these processes and all their descendants."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo, seen = 0.0, list(roots), set()
    while todo:
        pid = todo.pop()
        if pid in seen or pid not in times:
            continue
        seen.add(pid)
        total += times[pid]
        todo.extend(child for child, parent in parents.items() if parent == pid)
    return total


def load(
    db: Any,
    pg_uri: str,
    clients: int,
    duration: float,
    workers: int,
    processes: int,
    postmaster: int,
    push: bool = True,
) -> dict[str, Any]:
    from models.database import schema_version
    from server import store

    password = "load-password"
    accounts = []
    prefix = "load" if push else "poll"
    with db.connection_context():
        for n in range(clients):
            login, agent_id = f"{prefix}{n:03d}", str(uuid.uuid4())
            store.add_user(
                db,
                login,
                password,
                role="agent",
                team=f"{prefix}-{n // TEAM_SIZE}",
                display_name=f"Load {n}",
                agent_id=agent_id,
            )
            accounts.append((login, password, agent_id))
    server, url = serve(pg_uri, workers)
    try:
        ctx = multiprocessing.get_context("spawn")
        queue = ctx.Queue()
        start_at = time.time() + 5 + clients * 0.1  # every client signed in by then
        procs = [
            ctx.Process(
                target=_load_process,
                args=(
                    url,
                    accounts[i::processes],
                    schema_version(),
                    start_at,
                    duration,
                    push,
                    queue,
                ),
            )
            for i in range(processes)
        ]
        for p in procs:
            p.start()
        groups = {
            "server": [server.pid],
            "postgres": [postmaster],
            "clients": [p.pid for p in procs if p.pid],
        }
        time.sleep(max(0.0, start_at - time.time()))
        cpu = {name: tree_cpu_s(pids) for name, pids in groups.items()}
        time.sleep(duration)
        cpu = {name: round(tree_cpu_s(pids) - cpu[name], 1) for name, pids in groups.items()}
        cpu["machine_load_average_1min"] = round(os.getloadavg()[0], 2)  # shared machine
        timings: list[tuple[str, float]] = []
        errors: list[str] = []
        for _ in procs:
            t, e = queue.get()
            timings.extend(t)
            errors.extend(e)
        for p in procs:
            p.join()
    finally:
        server.terminate()
        server.wait(timeout=30)

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

    def summary(values: list[float]) -> dict[str, Any] | None:
        if not values:
            return None
        return {
            "requests": len(values),
            "per_s": round(len(values) / duration),
            "p50_ms": pct(values, 0.50),
            "p95_ms": pct(values, 0.95),
            "p99_ms": pct(values, 0.99),
            "max_ms": pct(values, 1.0),
        }

    return {
        "pushes": push,
        "clients": clients,
        "teams": -(-clients // TEAM_SIZE),
        "server_workers": workers,
        "client_processes": processes,
        "duration_s": duration,
        "cpus": os.cpu_count(),
        "cpu_s_during_run": cpu,
        "all": summary([s for _, s in timings]),
        **({"push": summary([s for k, s in timings if k == "push"])} if push else {}),
        "pull": summary([s for k, s in timings if k == "pull"]),
        "errors": len(errors),
        "error_samples": errors[:5],
    }


def raw_load(pg_uri: str, clients: int, duration: float) -> dict[str, Any]:
    """The load test's SQL without the server: per cycle one transaction writing what a
    small push writes (space row locked and bumped, 3 change-log rows, 1 result) and one
    keyset read of the change log after the client's cursor; ``clients`` threads, own
    connections, teams of 5."""
    import psycopg

    timings: list[float] = []
    lock = threading.Lock()
    start_at = time.time() + 2

    def run(n: int) -> None:
        space, mine = f"raw-{n // TEAM_SIZE}", []
        client_id, cursor, mutation = f"raw-{uuid.uuid4().hex[:16]}", (0, 0), 0
        with psycopg.connect(pg_uri, autocommit=True) as conn:
            conn.execute(
                "INSERT INTO space_version (space, version) VALUES (%s, 0) ON CONFLICT DO NOTHING",
                (space,),
            )
            while time.time() < start_at:
                time.sleep(0.01)
            while time.time() < start_at + duration:
                started = time.perf_counter()
                mutation += 1
                with conn.transaction():
                    head = conn.execute(
                        "SELECT version FROM space_version WHERE space = %s FOR UPDATE", (space,)
                    ).fetchone()
                    version = (head[0] if head else 0) + 1
                    conn.execute(
                        "UPDATE space_version SET version = %s WHERE space = %s", (version, space)
                    )
                    conn.cursor().executemany(
                        "INSERT INTO change_log (space, version, seq, kind, entity_id, data) "
                        "VALUES (%s, %s, %s, %s, %s, %s)",
                        [
                            (
                                space,
                                version,
                                seq,
                                "event",
                                uuid.uuid4().hex,
                                json.dumps(receive_args(mutation, "r")),
                            )
                            for seq in (1, 2, 3)
                        ],
                    )
                    conn.execute(
                        "INSERT INTO result (client_id, mutation_id, intent_id, name, state, "
                        "reason, space, version, at) VALUES (%s, %s, %s, 'contact.receive', "
                        "'accepted', '', %s, %s, 0)",
                        (client_id, mutation, uuid.uuid4().hex, space, version),
                    )
                mine.append(time.perf_counter() - started)
                started = time.perf_counter()
                rows = conn.execute(
                    "SELECT version, seq, kind, entity_id, data FROM change_log WHERE space = %s"
                    " AND (version, seq) > (%s, %s) ORDER BY version, seq LIMIT 2001",
                    (space, *cursor),
                ).fetchall()
                if rows:
                    cursor = (rows[-1][0], rows[-1][1])
                mine.append(time.perf_counter() - started)
        with lock:
            timings.extend(mine)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ordered = sorted(timings)
    return {
        "requests_per_s": round(len(timings) / duration),
        "p50_ms": round(ordered[len(ordered) // 2] * 1000, 2),
        "p99_ms": round(ordered[int(len(ordered) * 0.99)] * 1000, 2),
    }


# -- the run -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rows",
        type=int,
        default=100_000,
        help="change-log rows to pull at least (3 per seeded contact)",
    )
    parser.add_argument(
        "--push-contacts",
        type=int,
        default=1000,
        help="contacts desktop A imports and pushes over HTTP (timed)",
    )
    parser.add_argument(
        "--seed-real",
        type=int,
        default=1000,
        help="seeded contacts applied one intent at a time by push_one; "
        "the rest are the same rows inserted in bulk",
    )
    parser.add_argument("--clients", type=int, default=50, help="load clients (0: skip)")
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--profile", metavar="FILE", help="cProfile B's initial sync")
    parser.add_argument("--out", default="benchmarks/results/sync.json")
    args = parser.parse_args(argv)

    import keyring
    import pgserver
    from keyring.backend import KeyringBackend

    from desktop import cli
    from desktop.app import Application
    from desktop.ops import Actor
    from desktop.ops import contacts as contact_ops
    from desktop.workspace import Workspace
    from models.schema import Agent, Contact
    from server import store

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]
        data: dict[tuple[str, str], str] = {}

        def set_password(self, s: str, u: str, p: str) -> None:
            self.data[(s, u)] = p

        def get_password(self, s: str, u: str) -> str | None:
            return self.data.get((s, u))

        def delete_password(self, s: str, u: str) -> None:
            self.data.pop((s, u), None)

    keyring.set_keyring(Memory())
    tmp = Path(tempfile.mkdtemp(prefix="lastmile-syncbench-"))
    pg = pgserver.get_server(str(tmp / "pg"), cleanup_mode="delete")
    db = store.open_store(pg.get_uri())
    with db.connection_context():
        for login_name in ("ana", "ben"):
            store.add_user(
                db,
                login_name,
                BENCH_PASSWORD,
                role="agent",
                team="front",
                display_name=login_name.capitalize(),
                agent_id=str(uuid.uuid4()),
            )
        who = store.account_for_token(store.login(db, "ana", BENCH_PASSWORD) or "")
    assert who is not None

    def run(*argv: str, stdin: str = "") -> str:
        out = io.StringIO()
        sys.stdin = io.StringIO(stdin)
        code = cli.run(cli.parse_args(list(argv)), out=out, err=out)
        assert code == 0, out.getvalue()
        return out.getvalue()

    results: dict[str, Any] = {"cpus": os.cpu_count(), "load_average": os.getloadavg()[0]}
    contacts = max(0, -(-args.rows // ROWS_PER_CONTACT) - args.push_contacts)
    real = min(contacts, args.seed_real)
    seed_s = seed(db, who, real, "s")
    bulk_s = bulk_seed(db, "front", contacts - real, "t")
    with db.connection_context():
        shapes = {
            (kind, bulk, tuple(sorted(json.loads(data))))
            for kind, bulk, data in db.execute_sql(
                "SELECT DISTINCT ON (kind, version > %s) kind, version > %s, data "
                "FROM change_log WHERE space = 'front' AND kind <> 'agent'",
                (real + 2, real + 2),
            ).fetchall()
        }
        # the bulk rows carry the same fields as the pushed ones
        assert len({(kind, keys) for kind, _, keys in shapes}) == 3, shapes
    print(
        f"seeded {real} contacts through push_one in {seed_s:.1f} s, "
        f"{contacts - real} in bulk in {bulk_s:.1f} s",
        file=sys.stderr,
    )
    server, url = serve(pg.get_uri(), args.workers)

    a, b, c = tmp / "a", tmp / "b", tmp / "c"
    started = time.perf_counter()
    run(
        "login",
        "--server",
        url,
        "--user",
        "ana",
        "--workspace",
        str(a),
        stdin=BENCH_PASSWORD + "\n",
    )  # A's initial sync: the seeded rows
    a_pull_s = time.perf_counter() - started
    records = [
        (
            n,
            {
                "type": "contact",
                "channel": "email",
                "external_id": f"b{n}",
                "received_at": "2026-11-22T10:00:00Z",
                "from": {"name": f"Person {n}", "email": f"p{n}@example.com"},
                "subject": f"Subject {n}",
                "body": "Hello",
            },
        )
        for n in range(args.push_contacts)
    ]
    app = Application.open(Workspace(a))
    app.intake.ingest(records)
    app.close()
    started = time.perf_counter()
    run("sync", "--workspace", str(a))
    push_s = time.perf_counter() - started
    with db.connection_context():
        rows = db.execute_sql("SELECT count(*) FROM change_log WHERE space = 'front'").fetchone()[0]

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    run(
        "login",
        "--server",
        url,
        "--user",
        "ben",
        "--workspace",
        str(b),
        stdin=BENCH_PASSWORD + "\n",
    )  # signs in and runs the initial sync
    pull_s = time.perf_counter() - started
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    app = Application.open(Workspace(b))
    pulled_contacts = Contact.select().count()
    app.close()
    print(f"B pulled {rows} rows in {pull_s:.1f} s", file=sys.stderr)

    with db.connection_context():
        started = time.perf_counter()
        raw_rows = db.execute_sql(
            "SELECT kind, entity_id, data FROM change_log WHERE space = "
            "'front' ORDER BY version, seq"
        ).fetchall()
        raw_pg_s = time.perf_counter() - started
    Application.open(Workspace(c)).close()  # a fresh desktop database, nothing in it
    raw_sqlite_s = raw_sqlite_insert(Workspace(c).database_path, raw_rows)

    latencies = []
    for n in range(10):
        app_a = Application.open(Workspace(a))
        contact = (
            Contact.select()
            .where(Contact.assigned_to.is_null())
            .order_by(Contact.received_at)
            .offset(n)
            .first()
        )
        contact_ops.claim(app_a.mutator, Actor.of(Agent.get(Agent.login == "ana")), contact.id)
        app_a.close()
        started = time.perf_counter()
        run("sync", "--workspace", str(a))
        run("sync", "--workspace", str(b))
        latencies.append((time.perf_counter() - started) * 1000)
        app_b = Application.open(Workspace(b))
        assert Contact.get_by_id(contact.id).assigned_to_id is not None
        app_b.close()
    server.terminate()
    server.wait(timeout=30)

    ours = rows / pull_s
    results.update(
        {
            "change_log_rows": rows,
            "pulled_contacts": pulled_contacts,
            "seeded_contacts_push_one": real,
            "seed_push_one_s": round(seed_s, 1),
            "seed_push_one_intents_per_s": round(real / seed_s) if real else None,
            "seeded_contacts_bulk": contacts - real,
            "seed_bulk_s": round(bulk_s, 1),
            "pushed_contacts_over_http": args.push_contacts,
            "push_s": round(push_s, 2),
            "push_intents_per_s": round(args.push_contacts / push_s),
            "initial_sync_a_s": round(a_pull_s, 2),
            "initial_sync_a_rows_per_s": round((rows - 3 * args.push_contacts) / a_pull_s),
            "initial_pull_s": round(pull_s, 2),
            "initial_sync_rows_per_s": round(ours),
            "raw_postgres_read_rows_per_s": round(rows / raw_pg_s),
            "ratio_raw_postgres_read_to_ours": round((rows / raw_pg_s) / ours, 1),
            "raw_sqlite_insert_rows_per_s": round(rows / raw_sqlite_s),
            "ratio_raw_sqlite_insert_to_ours": round((rows / raw_sqlite_s) / ours, 1),
            "raw_read_plus_insert_rows_per_s": round(rows / (raw_pg_s + raw_sqlite_s)),
            "ratio_raw_read_plus_insert_to_ours": round(
                (rows / (raw_pg_s + raw_sqlite_s)) / ours, 1
            ),
            "target_rows_per_s": 5000,
            "meets_target": ours >= 5000,
            "a_to_b_visible_ms_median": round(statistics.median(latencies), 1),
            "a_to_b_visible_ms_max": round(max(latencies), 1),
            "target_ms": 1000,
        }
    )
    print(json.dumps(results, indent=2), file=sys.stderr)
    if args.clients:
        postmaster = int((tmp / "pg" / "postmaster.pid").read_text().split()[0])
        results["load"] = load(
            db,
            pg.get_uri(),
            args.clients,
            args.duration,
            args.workers,
            args.client_processes,
            postmaster,
        )
        # the same clients only polling (nothing new to push): what the pull path serves
        results["load_pull_only"] = load(
            db,
            pg.get_uri(),
            args.clients,
            min(args.duration, 15.0),
            args.workers,
            args.client_processes,
            postmaster,
            push=False,
        )
        raw = raw_load(pg.get_uri(), args.clients, min(args.duration, 15.0))
        results["load"]["raw_sql_same_statements"] = raw
        results["load"]["ratio_raw_to_ours_requests_per_s"] = round(
            raw["requests_per_s"] / max(1, results["load"]["all"]["per_s"]), 1
        )
    db.close_all()  # type: ignore[attr-defined]
    pg.cleanup()
    shutil.rmtree(tmp, ignore_errors=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
