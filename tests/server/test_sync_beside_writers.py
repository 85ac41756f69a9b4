"""The desktop's sync goes on while another process writes the same workspace (found by
benchmarks/load_bench.py: `lastmile intake serve` taking posts while the desktop synced
made the sync fail with "database is locked").

A transaction that reads before it writes (BEGIN DEFERRED) cannot wait for the write lock
once another connection has committed after its read: SQLite answers SQLITE_BUSY at once,
whatever the busy timeout. The sync's write transactions take the lock first (IMMEDIATE),
as the desktop's actions do, and so wait their turn.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from desktop.sync import client as sync_client
from models.schema import Intent
from tests.server.helpers import contact_record, login, new_team, sync, workspace


def test_sync_waits_for_a_writer_beside_it_instead_of_failing(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _team, (ana,) = new_team(sync_server, "ana")
    ws = tmp_path / "a"
    login(ws, sync_server, ana, monkeypatch)
    with workspace(ws) as app:
        app.intake.ingest([contact_record(n) for n in range(60)])
    monkeypatch.setattr(sync_client, "PUSH_BATCH", 2)  # many small write transactions
    stop = threading.Event()
    writes = [0]

    def writer() -> None:  # another process's short transactions, back to back
        conn = sqlite3.connect(ws / "lastmile.sqlite3", timeout=30, isolation_level=None)
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT OR REPLACE INTO workspace_meta (key, value) VALUES ('beside', ?)",
                (str(writes[0]),),
            )
            conn.execute("COMMIT")
            writes[0] += 1
            time.sleep(0.0005)
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        report = sync(ws)
    finally:
        stop.set()
        thread.join()
    assert writes[0] > 50  # the writer really ran beside it
    assert report["pending"] == 0 and report["rejected"] == []
    with workspace(ws):
        assert not Intent.select().where(Intent.state == "pending").exists()


def test_a_push_ends_while_an_intake_keeps_adding(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The load bench's desktop 0 took 1,000 intake posts a minute while it synced; its push
    sent what the intake added meanwhile too and so ran for the whole 10 minutes, and its
    pull (the teammates' work) never came. A push sends what was pending when it began."""
    from desktop.app import Application
    from desktop.workspace import Workspace

    _team, (ana,) = new_team(sync_server, "ana")
    ws = tmp_path / "a"
    login(ws, sync_server, ana, monkeypatch)
    monkeypatch.setattr(sync_client, "PUSH_BATCH", 2)
    with workspace(ws) as app:
        app.intake.ingest([contact_record(n) for n in range(6)])
    app = Application.open(Workspace(ws))
    try:
        client = sync_client.SyncClient(app)
        post = client.transport.post
        added = [0]

        def post_while_the_intake_adds(path: str, body: Any, token: str) -> Any:
            if path == "/v1/push" and added[0] < 200:  # the intake: 3 posts per round trip
                app.intake.ingest([contact_record(1000 + added[0] + k) for k in range(3)])
                added[0] += 3
            return post(path, body, token)

        monkeypatch.setattr(client.transport, "post", post_while_the_intake_adds)
        report = sync_client.SyncReport()
        client.push(report)
        assert report.pushed == 6  # what was pending at the start, and it ended
        assert added[0] == 9  # three round trips, not 200 / 3
        client.pull(report)  # the pull comes next, as in every cycle
        client.close()
    finally:
        app.close()
    assert sync(ws)["pending"] == 0  # what came meanwhile goes with the next cycle
