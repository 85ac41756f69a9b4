"""kill -9 of the running window, N times: nothing the agent was told is done gets lost.

    python -m benchmarks.crash_bench [--kills 100] [--seed 1] [--out FILE]

Three phases, the kills shared between them:

- **actions**: the real window (``benchmarks.crash_driver``: the real startup and widgets)
  works through the queue — take, note, reply, status *waiting*, follow-up — and is killed
  with SIGKILL at a random moment (during its startup, mid-operation, between operations).
- **import**: the same, while ``lastmile import FILE.jsonl`` runs on the same workspace in
  its own process; both are killed at the same instant (the machine dies).
- **sync**: the workspace is signed in to a real ``lastmile-server`` on a real PostgreSQL
  (pgserver); the window syncs in the background while the agent works (a push a second
  after each change), and is killed mid-sync or around it.

After every kill, before anything opens the workspace again: ``PRAGMA integrity_check``
is ``ok``; every action in the driver's fsync'ed acknowledgement log is in the database
exactly once (its event, its outbox intent, its task or outbound row); nothing is there
twice (no event, task or imported contact doubled, acknowledged or not); a finished import
has all its records. Then the window is started again (the restart). In the sync phase
``lastmile sync`` runs after each kill and must push everything (0 pending, nothing
refused) and the server must hold each acknowledged action once; at the end a second
desktop signs in and sees the same contacts, events and tasks as the first and as the
server. JSON: kills, per-phase counts, lost, doubled, integrity failures, time.

``run_campaign`` is what ``tests/test_crash.py`` runs with 6 kills.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg-"))
ROOT = Path(__file__).resolve().parents[1]
PHASES = ("actions", "import", "sync")
PASSWORD = "Tiger lily 4 wolves"
IMPORT_RECORDS = 5000
SECRETS = "LASTMILE_SECRETS_FILE"
STARTUP_SHARE = 0.1  # of the kills land while the window starts, the rest while it works


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def records(tag: str, count: int) -> list[dict[str, Any]]:
    return [
        {
            "type": "contact",
            "channel": "email",
            "external_id": f"{tag}-{n}",
            "received_at": "2026-11-22T10:00:00Z",
            "from": {"name": f"Customer {tag} {n}", "email": f"{tag}-{n}@example.com"},
            "subject": f"Order {n}",
            "body": "Where is my parcel?",
            "skill": "general",
        }
        for n in range(count)
    ]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def sigkill(proc: subprocess.Popen[Any]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)


@contextlib.contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(path, timeout=30)  # as the next start opens it
    try:
        yield conn
    finally:
        conn.close()


def count(conn: Any, sql: str, *params: Any) -> int:
    cur = (
        conn.execute(sql, params)
        if isinstance(conn, sqlite3.Connection)
        else conn.execute_sql(sql.replace("%", "%%").replace("?", "%s"), params)
    )
    return int(cur.fetchone()[0])


# what each acknowledged action leaves in the desktop's database: (sql, params) -> 1 row
def local_checks(ack: dict[str, Any]) -> list[tuple[str, tuple[Any, ...]]]:
    kind, contact = ack["kind"], ack["contact"]
    if kind == "take":
        return [
            ("SELECT count(*) FROM event WHERE contact_id = ? AND kind = 'claim'", (contact,)),
            (
                "SELECT count(*) FROM outbox WHERE name = 'contact.claim' AND "
                "json_extract(args, '$.contact_id') = ?",
                (contact,),
            ),
        ]
    if kind in ("note", "reply"):
        checks: list[tuple[str, tuple[Any, ...]]] = [
            ("SELECT count(*) FROM event WHERE kind = ? AND body = ?", (kind, ack["body"])),
            (
                "SELECT count(*) FROM outbox WHERE name = ? AND json_extract(args, '$.body') = ?",
                (f"contact.{kind}", ack["body"]),
            ),
        ]
        if kind == "reply":
            checks.append(
                (
                    "SELECT count(*) FROM outbound o JOIN event e ON e.id = o.event_id "
                    "WHERE e.body = ?",
                    (ack["body"],),
                )
            )
        return checks
    if kind == "status":
        return [
            (
                "SELECT count(*) FROM event WHERE contact_id = ? AND kind = 'status' AND "
                "subject LIKE '%→ waiting'",
                (contact,),
            ),
            (
                "SELECT count(*) FROM outbox WHERE name = 'contact.set_status' AND "
                "json_extract(args, '$.contact_id') = ? AND "
                "json_extract(args, '$.status') = 'waiting'",
                (contact,),
            ),
            ("SELECT count(*) FROM contact WHERE id = ? AND status = 'waiting'", (contact,)),
        ]
    return [
        ("SELECT count(*) FROM task WHERE title = ?", (ack["title"],)),
        (
            "SELECT count(*) FROM outbox WHERE name = 'task.create' AND "
            "json_extract(args, '$.title') = ?",
            (ack["title"],),
        ),
    ]


def server_checks(ack: dict[str, Any]) -> list[tuple[str, tuple[Any, ...]]]:
    kind, contact = ack["kind"], ack["contact"]
    if kind == "take":
        return [
            ("SELECT count(*) FROM contact WHERE id = ? AND assigned_to IS NOT NULL", (contact,))
        ]
    if kind in ("note", "reply"):
        return [("SELECT count(*) FROM event WHERE kind = ? AND body = ?", (kind, ack["body"]))]
    if kind == "status":
        return [("SELECT count(*) FROM contact WHERE id = ? AND status = 'waiting'", (contact,))]
    return [("SELECT count(*) FROM task WHERE title = ?", (ack["title"],))]


DOUBLES = (  # anything there twice, acknowledged or not
    "SELECT count(*) FROM (SELECT contact_id FROM event WHERE kind = 'claim' "
    "GROUP BY contact_id HAVING count(*) > 1)",
    "SELECT count(*) FROM (SELECT contact_id FROM event WHERE kind = 'status' "
    "AND subject LIKE '%→ waiting' GROUP BY contact_id HAVING count(*) > 1)",
    "SELECT count(*) FROM (SELECT kind, body FROM event WHERE kind IN ('note', 'reply') "
    "GROUP BY kind, body HAVING count(*) > 1)",
    "SELECT count(*) FROM (SELECT title FROM task WHERE title LIKE 'Call back %' "
    "GROUP BY title HAVING count(*) > 1)",
    "SELECT count(*) FROM (SELECT event_id FROM outbound GROUP BY event_id HAVING count(*) > 1)",
    "SELECT count(*) FROM (SELECT external_id FROM contact WHERE external_id IS NOT NULL "
    "GROUP BY external_id HAVING count(*) > 1)",
)

SERVER_DOUBLES = (
    "SELECT count(*) FROM (SELECT kind, body FROM event WHERE space = ? AND kind IN "
    "('note', 'reply') GROUP BY kind, body HAVING count(*) > 1) AS doubled",
    "SELECT count(*) FROM (SELECT title FROM task WHERE space = ? AND title LIKE 'Call back %' "
    "GROUP BY title HAVING count(*) > 1) AS doubled",
)


def read_acks(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    acks = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:  # only the last line can be torn, and it was never fsync'ed
            continue
        if "kind" in entry:
            acks.append(entry)
    return acks


class Campaign:
    def __init__(
        self,
        folder: Path,
        seed: int,
        max_delay: float,
        log: Any = None,
        postgres: str | None = None,
    ) -> None:
        self.folder = folder
        self.postgres = postgres  # else a pgserver of its own
        self.team = "crash-" + uuid.uuid4().hex[:8]
        self.users = {name: f"{name}-{self.team}" for name in ("ana", "ben")}
        self.rng = random.Random(seed)
        self.max_delay = max_delay
        self.log = log or (lambda _m: None)
        self.env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "LASTMILE_SECRETS_FILE": str(folder / "secrets.json"),
            "PYTHONPATH": str(ROOT),
        }
        self.env.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg-"))
        self.result: dict[str, Any] = {
            "kills": 0,
            "lost": 0,
            "doubled": 0,
            "integrity_failures": 0,
            "failures": [],
            "phases": {},
        }
        self.pg: Any = None
        self.db: Any = None
        self.server: subprocess.Popen[bytes] | None = None
        self.server_log: Any = None
        self.url = ""

    # -- processes ---------------------------------------------------------------------

    def lastmile(self, *argv: str, stdin: str = "") -> str:
        """A ``lastmile`` command run in this process (the same code as the command line,
        without the seconds a new interpreter costs); it must succeed."""
        import io

        from desktop import cli

        out = io.StringIO()
        before = sys.stdin, os.environ.get(SECRETS)
        sys.stdin, os.environ[SECRETS] = io.StringIO(stdin), self.env[SECRETS]
        try:
            code = cli.run(cli.parse_args(list(argv)), out=out, err=out)
        finally:
            sys.stdin = before[0]
            if before[1] is None:
                os.environ.pop(SECRETS, None)
            else:
                os.environ[SECRETS] = before[1]
        if code != 0:
            raise RuntimeError(f"lastmile {' '.join(argv)}: exit {code}: {out.getvalue()}")
        return out.getvalue()

    def window(
        self, ws: Path, ack: Path, state: Path, quit_after: int = 0
    ) -> subprocess.Popen[bytes]:
        env = {
            **self.env,
            "LASTMILE_CRASH_ACK": str(ack),
            "LASTMILE_CRASH_STATE": str(state),
            "LASTMILE_CRASH_QUIT_AFTER": str(quit_after),
        }
        with (ws.parent / "window.err").open("ab") as err:
            return subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.crash_driver",
                    "--workspace",
                    str(ws),
                    "--no-crash-dialog",
                ],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
                start_new_session=True,
            )

    def fail(self, phase: str, what: str) -> None:
        self.result["failures"].append(f"{phase}: {what}")
        self.log(f"FAIL {phase}: {what}")

    # -- checks ------------------------------------------------------------------------

    def check_workspace(self, phase: str, ws: Path, acks: list[dict[str, Any]]) -> None:
        path = ws / "lastmile.sqlite3"
        with connect(path) as conn:
            verdict = conn.execute("PRAGMA integrity_check").fetchall()
            if verdict != [("ok",)]:
                self.result["integrity_failures"] += 1
                self.fail(phase, f"integrity_check: {verdict[:3]}")
            for ack in acks:
                for sql, params in local_checks(ack):
                    n = count(conn, sql, *params)
                    if n == 0:
                        self.result["lost"] += 1
                        self.fail(phase, f"lost {ack['kind']} {ack['token']}: {sql}")
                    elif n > 1:
                        self.result["doubled"] += 1
                        self.fail(phase, f"doubled {ack['kind']} {ack['token']}: {sql}")
            for sql in DOUBLES:
                n = count(conn, sql)
                if n:
                    self.result["doubled"] += n
                    self.fail(phase, f"{n} doubled: {sql}")

    def check_server(self, phase: str, acks: list[dict[str, Any]]) -> None:
        with self.db.connection_context():
            for ack in acks:
                for sql, params in server_checks(ack):
                    n = count(self.db, sql, *params)
                    if n != 1:
                        self.result["lost" if n == 0 else "doubled"] += 1
                        self.fail(phase, f"server has {n} of {ack['kind']} {ack['token']}")
            for sql in SERVER_DOUBLES:
                n = count(self.db, sql, self.team)
                if n:
                    self.result["doubled"] += n
                    self.fail(phase, f"server: {n} doubled: {sql}")

    # -- one kill ----------------------------------------------------------------------

    def kill_once(self, phase: str, ws: Path, stats: Counter[str], n: int) -> None:
        ack, state = ws.parent / f"ack-{n}.jsonl", ws.parent / f"state-{n}.txt"
        importer: subprocess.Popen[str] | None = None
        import_file = None
        if phase == "import":
            import_file = write_jsonl(
                ws.parent / f"import-{n}.jsonl", records(f"imp{n}", IMPORT_RECORDS)
            )
            importer = subprocess.Popen(  # it starts beside the window and runs while it works
                [
                    sys.executable,
                    "-m",
                    "ui.main",
                    "import",
                    str(import_file),
                    "--workspace",
                    str(ws),
                ],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                start_new_session=True,
            )
        proc = self.window(ws, ack, state)
        if self.rng.random() < STARTUP_SHARE:  # while it starts: opening, migrations, checks
            time.sleep(self.rng.uniform(0.1, 2.5))
        else:  # while the agent works (and syncs, and an import runs beside)
            deadline = time.monotonic() + 120
            while (
                proc.poll() is None
                and time.monotonic() < deadline
                and not (ack.exists() and '"ready"' in ack.read_text())
            ):
                time.sleep(0.02)
        time.sleep(self.rng.uniform(0.05, self.max_delay))
        if proc.poll() is not None:
            self.fail(
                phase,
                f"the window exited by itself ({proc.returncode}): "
                + (ws.parent / "window.err").read_text(errors="replace")[-2000:],
            )
        sigkill(proc)
        stats["kills"] += 1
        self.result["kills"] += 1
        acks = read_acks(ack)
        stats["acknowledged_actions"] += len(acks)
        if not ack.exists() or "ready" not in ack.read_text():
            stats["killed_during_startup"] += 1
        lines = state.read_text().split() if state.exists() else []
        if lines and lines[-1] == "sync+":
            stats["killed_mid_sync"] += 1
        if importer is not None:
            if importer.poll() is None:
                stats["killed_mid_import"] += 1
                sigkill(importer)
            else:
                out = importer.stdout.read() if importer.stdout else ""
                if importer.returncode != 0 or "Imported" not in out:
                    self.fail(phase, f"import: {importer.returncode} {out[-500:]}")
                stats["imports_finished_before_the_kill"] += 1
            if importer.stdout is not None:
                importer.stdout.close()
        self.check_workspace(phase, ws, acks)
        if importer is not None and importer.returncode == 0:
            with connect(ws / "lastmile.sqlite3") as conn:
                have = count(
                    conn, "SELECT count(*) FROM contact WHERE external_id LIKE ?", f"imp{n}-%"
                )
            if have != IMPORT_RECORDS:
                self.result["lost"] += IMPORT_RECORDS - have
                self.fail(phase, f"a finished import holds {have} of {IMPORT_RECORDS}")
        if phase == "sync":
            try:
                report = json.loads(self.lastmile("sync", "--workspace", str(ws), "--json"))
            except (RuntimeError, ValueError) as exc:
                report = {"error": str(exc)}
            if report.get("error") or report.get("pending") or report.get("rejected"):
                self.fail(phase, f"sync after the kill: {report}")
            self.check_server(phase, acks)
        self.log(f"{phase} kill {stats['kills']}: {len(acks)} acknowledged, {dict(stats)}")

    def restart(self, phase: str, ws: Path) -> None:
        """The window opens again after the last kill and works (a normal close after one
        acknowledged action)."""
        ack, state = ws.parent / "ack-restart.jsonl", ws.parent / "state-restart.txt"
        proc = self.window(ws, ack, state, quit_after=1)
        try:
            code = proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            sigkill(proc)
            code = -9
        acks = read_acks(ack)
        if code != 0 or len(acks) != 1:
            self.fail(phase, f"restart: exit {code}, {len(acks)} acknowledged")
        self.check_workspace(phase, ws, acks)

    # -- phases ------------------------------------------------------------------------

    def local_workspace(self, name: str, contacts: int) -> Path:
        ws = self.folder / name / "ws"
        ws.parent.mkdir(parents=True)
        self.lastmile("init", "--workspace", str(ws))
        self.lastmile(
            "agent",
            "add",
            "ana",
            "--name",
            "Ana Agent",
            "--skills",
            "general",
            "--workspace",
            str(ws),
        )
        self.lastmile(
            "import",
            str(write_jsonl(ws.parent / "queue.jsonl", records(f"q{name}", contacts))),
            "--workspace",
            str(ws),
        )
        return ws

    def start_server(self) -> None:
        import pgserver

        from server import store

        if self.postgres is None:
            # a folder of its own: PostgreSQL runs as another user, who cannot enter a
            # private (0700) folder such as pytest's tmp_path
            self.pg = pgserver.get_server(
                tempfile.mkdtemp(prefix="lastmile-crash-pg-"), cleanup_mode="delete"
            )
        uri = self.postgres or self.pg.get_uri()
        self.db = store.open_store(uri)
        with self.db.connection_context():
            for name, login in self.users.items():
                store.add_user(
                    self.db,
                    login,
                    PASSWORD,
                    role="agent",
                    team=self.team,
                    display_name=f"{name.capitalize()} Agent",
                    agent_id=str(uuid.uuid4()),
                )
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.server_log = log = (self.folder / "server.log").open("ab")
        self.server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "server.cli",
                "--database",
                uri,
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        import httpx

        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(self.url + "/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or self.server.poll() is not None:
                raise RuntimeError("the sync server did not start")
            time.sleep(0.1)

    def synced_workspace(self, contacts: int) -> Path:
        self.start_server()
        ws = self.folder / "sync" / "ws"
        ws.parent.mkdir(parents=True)
        self.lastmile(
            "login",
            "--server",
            self.url,
            "--user",
            self.users["ana"],
            "--workspace",
            str(ws),
            stdin=PASSWORD + "\n",
        )
        self.lastmile(
            "import",
            str(write_jsonl(ws.parent / "queue.jsonl", records("syncq", contacts))),
            "--workspace",
            str(ws),
        )
        self.lastmile("sync", "--workspace", str(ws))
        return ws

    def converge(self, ws: Path) -> None:
        """A second desktop signs in: it, the first desktop and the server hold the same."""
        b = self.folder / "sync" / "b"
        self.lastmile("sync", "--workspace", str(ws))
        self.lastmile(
            "login",
            "--server",
            self.url,
            "--user",
            self.users["ben"],
            "--workspace",
            str(b),
            stdin=PASSWORD + "\n",
        )
        queries = {
            "contacts": "SELECT id, status, {assigned} FROM contact",
            "events": "SELECT id, kind, body FROM event WHERE kind IN ('inbound', 'reply', 'note')",
            "tasks": "SELECT id, title, state FROM task",
        }
        sides: dict[str, dict[str, set[tuple[Any, ...]]]] = {}
        for name, path in (("a", ws), ("b", b)):
            with connect(path / "lastmile.sqlite3") as conn:
                sides[name] = {
                    k: set(conn.execute(q.format(assigned="assigned_to_id")))
                    for k, q in queries.items()
                }
        with self.db.connection_context():
            sides["server"] = {
                k: {
                    tuple(r)
                    for r in self.db.execute_sql(
                        q.format(assigned="assigned_to") + f" WHERE space = '{self.team}'"
                        if "WHERE" not in q
                        else q.format(assigned="assigned_to") + f" AND space = '{self.team}'"
                    ).fetchall()
                }
                for k, q in queries.items()
            }
        converged = True
        for k in queries:
            if not sides["a"][k] == sides["b"][k] == sides["server"][k]:
                converged = False
                self.fail(
                    "sync",
                    f"{k} differ: a-b {len(sides['a'][k] - sides['b'][k])}, "
                    f"b-a {len(sides['b'][k] - sides['a'][k])}, "
                    f"a-server {len(sides['a'][k] - sides['server'][k])}, "
                    f"server-a {len(sides['server'][k] - sides['a'][k])}",
                )
        self.result["converged"] = converged
        self.result["converged_rows"] = {k: len(v) for k, v in sides["server"].items()}

    def run(self, kills: int, phases: tuple[str, ...] = PHASES) -> dict[str, Any]:
        started = time.perf_counter()
        share = {
            p: kills // len(phases) + (1 if i < kills % len(phases) else 0)
            for i, p in enumerate(phases)
        }
        try:
            for phase in phases:
                if not share[phase]:
                    continue
                t0 = time.perf_counter()
                contacts = max(60, share[phase] * 25)
                ws = (
                    self.synced_workspace(contacts)
                    if phase == "sync"
                    else self.local_workspace(phase, contacts)
                )
                stats: Counter[str] = Counter()
                for n in range(share[phase]):
                    self.kill_once(phase, ws, stats, n)
                self.restart(phase, ws)
                if phase == "import":  # every file once more, to the end: each record once
                    files = sorted(str(p) for p in ws.parent.glob("import-*.jsonl"))
                    self.lastmile("import", *files, "--workspace", str(ws))
                    with connect(ws / "lastmile.sqlite3") as conn:
                        have = count(
                            conn, "SELECT count(*) FROM contact WHERE external_id LIKE 'imp%'"
                        )
                    if have != IMPORT_RECORDS * len(files):
                        self.fail(
                            phase,
                            f"after a last import: {have} contacts of "
                            f"{IMPORT_RECORDS * len(files)}",
                        )
                    self.check_workspace(phase, ws, [])
                if phase == "sync":
                    self.converge(ws)
                stats_out: dict[str, Any] = dict(stats)
                stats_out["seconds"] = round(time.perf_counter() - t0, 1)
                self.result["phases"][phase] = stats_out
        finally:
            self.stop()
        self.result["seconds"] = round(time.perf_counter() - started, 1)
        self.result["ok"] = not self.result["failures"]
        return self.result

    def stop(self) -> None:
        if self.server is not None:
            sigkill(self.server)
            self.server = None
        if self.server_log is not None:
            self.server_log.close()
            self.server_log = None
        if self.db is not None:
            self.db.close_all()
            self.db = None
        if self.pg is not None:
            self.pg.cleanup()
            self.pg = None


def run_campaign(
    folder: Path,
    kills: int,
    seed: int = 1,
    max_delay: float = 4.0,
    log: Any = None,
    postgres: str | None = None,
    phases: tuple[str, ...] = PHASES,
) -> dict[str, Any]:
    return Campaign(folder, seed, max_delay, log, postgres).run(kills, phases)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--max-delay",
        type=float,
        default=4.0,
        help="a kill comes 0.5 s to this many seconds after the window starts",
    )
    parser.add_argument(
        "--phases",
        default=",".join(PHASES),
        help="which phases, comma separated (the kills are shared)",
    )
    parser.add_argument("--workdir", help="keep the workspaces here (default: a temp folder)")
    parser.add_argument("--out", default="benchmarks/results/crash.json")
    args = parser.parse_args(argv)
    folder = Path(args.workdir or tempfile.mkdtemp(prefix="lastmile-crash-"))
    folder.mkdir(parents=True, exist_ok=True)
    result = run_campaign(
        folder,
        args.kills,
        args.seed,
        args.max_delay,
        log=lambda m: print(m, file=sys.stderr, flush=True),
        phases=tuple(args.phases.split(",")),
    )
    result.update(
        {
            "cpus": os.cpu_count(),
            "load_average": round(os.getloadavg()[0], 2),
            "seed": args.seed,
            "max_delay_s": args.max_delay,
        }
    )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
