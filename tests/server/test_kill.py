"""kill -9, for real: the sync server killed while a desktop pushes, and a desktop killed
while it pulls and while it applies its checkpoint; then recovery.

The server runs as its own process (`lastmile-server`), the desktops as `lastmile sync`
processes; SIGKILL gives neither a chance to clean up. Afterwards: every intent has an
answer, nothing was applied twice, each desktop shows a complete checkpoint (never half
of one) and converges to the server.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from models.database import get_meta
from models.schema import Agent, Contact, Event, Intent, Outbound
from server import models as srv
from tests.server.conftest import MemoryKeyring, free_port
from tests.server.helpers import HEADERS, login, new_team, sync, workspace

ROOT = Path(__file__).resolve().parents[2]
SYNCED_KINDS = ("inbound", "reply", "note")

# `lastmile` itself, with the test keychain (the token the test signed in with) and, when
# asked, small pull pages and a slow checkpoint apply that says when it starts
LASTMILE = r"""
import json, os, sys, time

import keyring
from keyring.backend import KeyringBackend


class TestKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.secrets = {(s, u): p for s, u, p in json.loads(os.environ["LASTMILE_TEST_RING"])}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)


keyring.set_keyring(TestKeyring())
from desktop.sync import apply, client

if os.environ.get("LASTMILE_TEST_PULL_LIMIT"):
    client.PULL_LIMIT = int(os.environ["LASTMILE_TEST_PULL_LIMIT"])
marker = os.environ.get("LASTMILE_TEST_APPLY_MARKER")
if marker:
    checkpoint, upsert = client.SyncClient.apply_checkpoint, apply.Applier.apply

    def announced(self, *args, **kwargs):
        with open(marker, "w") as f:
            f.write("applying")
        return checkpoint(self, *args, **kwargs)

    def slow(self, *args):
        time.sleep(0.005)
        return upsert(self, *args)

    client.SyncClient.apply_checkpoint = announced
    apply.Applier.apply = slow
from ui.main import main

sys.exit(main(sys.argv[1:]))
"""


def wait_for(
    condition: Callable[[], bool], what: str, timeout: float = 30.0, step: float = 0.005
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(step)


def sigkill(proc: subprocess.Popen[Any]) -> None:
    """kill -9 the process group this test started (the process and anything it spawned)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


class ServerProcess:
    """`lastmile-server --database URL --port N` as a child process."""

    def __init__(self, database: str, folder: Path) -> None:
        self.database = database
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = folder / "server.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "server.cli",
                    "--database",
                    self.database,
                    "--port",
                    str(self.port),
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        wait_for(self.ready, "the server to answer", step=0.05)

    def ready(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            pytest.fail(
                f"the server exited ({self.proc.returncode}):\n"
                + self.log_path.read_text(errors="replace")
            )
        try:
            return httpx.get(self.url + "/v1/health", headers=HEADERS, timeout=2).is_success
        except httpx.HTTPError:
            return False

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            sigkill(self.proc)
        self.proc = None


@pytest.fixture
def server_process(sync_server: dict[str, Any], tmp_path: Path) -> Iterator[ServerProcess]:
    server = ServerProcess(sync_server["postgres"], tmp_path)
    try:
        yield server
    finally:
        server.kill()


Lastmile = Callable[..., "subprocess.Popen[str]"]


@pytest.fixture
def lastmile(memory_keyring: MemoryKeyring) -> Iterator[Lastmile]:
    """Starts `lastmile sync --workspace WS --json` as a child process (its own process
    group), signed in with the token of this test's keychain; kills what is left at the end."""
    started: list[subprocess.Popen[str]] = []

    def start(ws: Path, folder: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        secrets = [
            [service, user, token] for (service, user), token in memory_keyring.secrets.items()
        ]
        with (folder / "lastmile.out").open("a") as out, (folder / "lastmile.err").open("a") as err:
            proc = subprocess.Popen(
                [sys.executable, "-c", LASTMILE, "sync", "--workspace", str(ws), "--json"],
                cwd=ROOT,
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                text=True,
                start_new_session=True,
                env={**os.environ, "LASTMILE_TEST_RING": json.dumps(secrets), **(env or {})},
            )
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            sigkill(proc)


def finish(proc: subprocess.Popen[str], timeout: float = 60) -> int:
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        sigkill(proc)
        pytest.fail("lastmile sync did not finish")


def output(folder: Path) -> str:
    return "".join(
        (folder / name).read_text()
        for name in ("lastmile.out", "lastmile.err")
        if (folder / name).exists()
    )


def read_only(ws: Path) -> sqlite3.Connection:
    """A second connection to the workspace file, as another program would open it."""
    return sqlite3.connect(f"file:{ws / 'lastmile.sqlite3'}?mode=ro", uri=True, timeout=30)


def scalar(ws: Path, sql: str, *params: Any) -> Any:
    conn = read_only(ws)
    try:
        row = conn.execute(sql, params).fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def actor(login_name: str) -> Actor:
    return Actor.of(Agent.get(Agent.login == login_name))


def record(n: int, tag: str) -> tuple[int, dict[str, Any]]:
    return n, {
        "type": "contact",
        "channel": "email",
        "external_id": f"kill-{tag}-{n}",
        "received_at": "2026-11-22T10:00:00Z",
        "from": {"name": f"Customer {n}", "email": f"c{n}-{tag}@example.com"},
        "subject": f"Order {n}",
        "body": "Where is it?",
        "skill": "general",
    }


def busy_day(ws: Path, user: str, tag: str, count: int) -> int:
    """`count` contacts arrive; each is taken, answered and noted. Returns the outbox size."""
    with workspace(ws) as app:
        app.intake.ingest([record(n, tag) for n in range(count)])
        me = actor(user)
        ids = [c.id for c in Contact.select().where(Contact.external_id.startswith(f"kill-{tag}-"))]
        for contact_id in ids:
            contact_ops.claim(app.mutator, me, contact_id)
            contact_ops.reply(app.mutator, me, contact_id, "Hello, it ships today.")
            contact_ops.add_note(app.mutator, me, contact_id, "Checked with the depot")
        return int(Intent.select().where(Intent.state == "pending").count())


def server_rows(db: Any, team: str) -> dict[str, Any]:
    with db.connection_context():
        contacts = {
            c.id: (c.status, c.assigned_to)
            for c in srv.Contact.select().where(srv.Contact.space == team)
        }
        events = {
            e.id: e.kind
            for e in srv.Event.select().where(
                (srv.Event.space == team) & srv.Event.kind.in_(SYNCED_KINDS)
            )
        }
        outbound = [o.id for o in srv.Outbound.select().where(srv.Outbound.space == team)]
        head = srv.SpaceVersion.get(srv.SpaceVersion.space == team).version
        newest = (
            srv.ChangeLog.select(srv.ChangeLog.version)
            .where(srv.ChangeLog.space == team)
            .order_by(srv.ChangeLog.version.desc())
            .scalar()
        )
    return {
        "contacts": contacts,
        "events": events,
        "outbound": outbound,
        "head": head,
        "newest": newest,
    }


def desktop_rows(ws: Path) -> dict[str, Any]:
    with workspace(ws):
        contacts = {c.id: (c.status, c.assigned_to_id) for c in Contact.select()}
        events = {e.id: e.kind for e in Event.select().where(Event.kind.in_(SYNCED_KINDS))}
        # replies only: an automatic acknowledgement leaves from the desktop that received
        outbound = [
            o.event_id
            for o in Outbound.select()
            .join(Event, on=(Outbound.event_id == Event.id))
            .where(Event.kind == "reply")
        ]
        cursor = json.loads(get_meta("sync_cursor") or "{}")
    return {"contacts": contacts, "events": events, "outbound": outbound, "cursor": cursor}


def test_server_killed_mid_push_then_restarted(
    tmp_path: Path,
    sync_server: dict[str, Any],
    server_process: ServerProcess,
    lastmile: Lastmile,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = sync_server["db"]
    team, (ana,) = new_team(sync_server, "ana")
    a = tmp_path / "a"
    server_process.start()
    login(a, {"url": server_process.url}, ana, monkeypatch)
    total = busy_day(a, ana, f"push-{team}", 100)
    with workspace(a):
        client_id = get_meta("client_id")
        ids = [
            i.mutation_id for i in Intent.select(Intent.mutation_id).order_by(Intent.mutation_id)
        ]
        first, last = ids[0], ids[-1]

    def answered() -> int:
        with db.connection_context():
            return int(srv.Result.select().where(srv.Result.client_id == client_id).count())

    push = lastmile(a, tmp_path)
    # kill -9 once the server has applied part of the outbox, while the push goes on
    wait_for(lambda: answered() >= 40 or push.poll() is not None, "the push to start")
    assert push.poll() is None, output(tmp_path)
    server_process.kill()
    applied = answered()
    assert 40 <= applied < total
    assert finish(push) == 4, output(tmp_path)  # unreachable: changes kept, retry later
    assert "your changes are kept" in output(tmp_path)

    with workspace(a):  # the outbox is intact; nothing is refused
        assert Intent.select().count() == total
        assert Intent.select().where(Intent.state == "rejected").count() == 0
        assert Intent.select().where(Intent.state == "pending").count() > 0

    server_process.start()  # the same address: the desktop needs no change
    report = sync(a)
    assert report["pending"] == 0 and report["rejected"] == [], report
    with workspace(a):
        assert Intent.select().where(Intent.state != "accepted").count() == 0
        assert Intent.select().count() == total

    server = server_rows(db, team)
    desktop = desktop_rows(a)
    # nothing doubled: 100 contacts, one inbound + one reply + one note each, one outbound
    assert total == 400 and len(server["contacts"]) == 100
    kinds = sorted(server["events"].values())
    assert (kinds.count("inbound"), kinds.count("reply"), kinds.count("note")) == (100, 100, 100)
    assert len(server["outbound"]) == len(set(server["outbound"])) == 100
    assert set(server["outbound"]) == {k for k, v in server["events"].items() if v == "reply"}
    # the desktop equals the server
    assert desktop["contacts"] == server["contacts"]
    assert desktop["events"] == server["events"]
    assert sorted(desktop["outbound"]) == sorted(server["outbound"])
    [(status, holder)] = set(server["contacts"].values())  # all answered, all held by ana
    assert status == "waiting" and holder is not None
    # PostgreSQL: one answer per intent, in order, and the client record agrees
    with db.connection_context():
        results = list(
            srv.Result.select()
            .where(srv.Result.client_id == client_id)
            .order_by(srv.Result.mutation_id)
        )
        client = srv.Client.get_by_id(client_id)
        logged = {
            c.version
            for c in srv.ChangeLog.select(srv.ChangeLog.version).where(srv.ChangeLog.space == team)
        }
    assert [r.mutation_id for r in results] == list(range(first, last + 1))
    assert {r.state for r in results} == {"accepted"}
    assert len({r.intent_id for r in results}) == total
    # each intent committed once, whole, with its answer: one version of the log each (the
    # versions before them are the team's accounts)
    versions = {r.version for r in results}
    assert len(versions) == total and versions <= logged
    assert max(logged - versions) < min(versions)
    assert client.last_mutation_id == last
    assert server["head"] == server["newest"] == desktop["cursor"][team][0]


def test_desktop_killed_mid_pull_and_mid_apply_then_catches_up(
    tmp_path: Path, sync_server: dict[str, Any], lastmile: Lastmile, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = sync_server["db"]
    team, (ana, ben) = new_team(sync_server, "ana", "ben")
    a, b = tmp_path / "a", tmp_path / "b"
    login(a, sync_server, ana, monkeypatch)
    busy_day(a, ana, f"early-{team}", 5)
    sync(a)
    login(b, sync_server, ben, monkeypatch)  # ben's desktop: the early checkpoint
    earlier = desktop_rows(b)
    assert len(earlier["contacts"]) == 5
    busy_day(a, ana, f"late-{team}", 100)  # then a busy day on ana's desktop reaches the server
    assert sync(a)["pending"] == 0
    with db.connection_context():
        behind = (
            srv.ChangeLog.select()
            .where(
                (srv.ChangeLog.space == team) & (srv.ChangeLog.version > earlier["cursor"][team][0])
            )
            .count()
        )
    assert behind > 500

    def staged() -> int:
        return int(scalar(b, "SELECT count(*) FROM sync_staging"))

    def still_the_earlier_checkpoint() -> None:
        conn = sqlite3.connect(b / "lastmile.sqlite3")  # as the next start opens it
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            conn.close()
        assert desktop_rows(b) == earlier  # opens; exactly what it showed before, no half page

    # 1. killed mid-pull: small pages, kill -9 once some of them are staged
    folder = tmp_path / "pull"
    folder.mkdir()
    pull = lastmile(b, folder, env={"LASTMILE_TEST_PULL_LIMIT": "10"})
    wait_for(lambda: staged() >= 50 or pull.poll() is not None, "pages to be staged")
    assert pull.poll() is None, output(folder)
    sigkill(pull)
    assert 50 <= staged() < behind
    still_the_earlier_checkpoint()

    # 2. killed mid-apply: the rest is staged, then the checkpoint transaction is cut short
    folder = tmp_path / "apply"
    folder.mkdir()
    marker = folder / "applying"
    pull = lastmile(
        b, folder, env={"LASTMILE_TEST_PULL_LIMIT": "50", "LASTMILE_TEST_APPLY_MARKER": str(marker)}
    )
    wait_for(lambda: marker.exists() or pull.poll() is not None, "the checkpoint apply")
    time.sleep(0.3)  # well inside it: each change takes >= 5 ms here
    assert pull.poll() is None, output(folder)
    sigkill(pull)
    assert staged() == behind  # everything downloaded, nothing applied
    still_the_earlier_checkpoint()

    # 3. the next sync applies what was staged and catches up with the server
    report = sync(b)
    assert report["pending"] == 0 and report["rejected"] == [], report
    server = server_rows(db, team)
    desktop = desktop_rows(b)
    assert staged() == 0
    assert len(desktop["contacts"]) == 105
    assert desktop["contacts"] == server["contacts"]
    assert desktop["events"] == server["events"]
    assert desktop["cursor"][team][0] == server["head"]
