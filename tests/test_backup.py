"""Backups, restore, damage and training isolation (issue 11), through the real CLI."""

from __future__ import annotations

import io
import json
import sqlite3
import stat
from pathlib import Path

import pytest

from desktop import cli
from desktop.backup import BackupService, listed
from desktop.workspace import Workspace
from models.schema import Contact, Intent
from tests.conftest import contact_record, open_app


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.run(cli.parse_args(list(argv)), out=out, err=out)
    return code, out.getvalue()


def filled(tmp_path: Path, n: int = 5) -> Path:
    ws = tmp_path / "ws"
    app = open_app(ws)
    try:
        app.intake.ingest(enumerate([contact_record(i) for i in range(n)], start=1))
    finally:
        app.close()
    return ws


def test_backup_and_restore_bring_the_workspace_back_and_it_syncs_as_a_new_client(
    tmp_path: Path,
) -> None:
    ws = filled(tmp_path)
    with sqlite3.connect(ws / "lastmile.sqlite3") as conn:
        client = conn.execute("SELECT value FROM workspace_meta WHERE key='client_id'").fetchone()[
            0
        ]
    code, text = run("backup", "--workspace", str(ws))
    assert code == 0 and "Backed up to" in text, text
    (copy,) = listed(Workspace(ws))
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    app = open_app(ws)  # more work after the backup, then the disk dies
    try:
        app.intake.ingest([(1, contact_record(99))])
    finally:
        app.close()
    code, text = run("restore", "--latest", "--workspace", str(ws))
    assert code == 0, text
    assert "before-restore" in text
    app = open_app(ws)
    try:
        assert Contact.select().count() == 5
        assert Intent.select().where(Intent.state == "pending").count() == 5  # still pushed
        from models.database import get_meta

        assert get_meta("client_id") != client  # a new sync client
    finally:
        app.close()
    assert list(ws.glob("lastmile.sqlite3.before-restore-*"))  # nothing thrown away


def test_a_damaged_database_is_said_in_one_line_with_the_way_back(tmp_path: Path) -> None:
    ws = filled(tmp_path, 300)
    assert run("backup", "--workspace", str(ws))[0] == 0
    path = ws / "lastmile.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    for n in range(3, 8):  # five pages overwritten
        data[n * page : (n + 1) * page] = b"\xde\xad\xbe\xef" * (page // 4)
    path.write_bytes(bytes(data))
    code, text = run("check", "--workspace", str(ws))
    assert code == 1 and text.count("\n") == 1 and "Traceback" not in text
    assert "is damaged" in text and "lastmile restore --latest" in text
    code, text = run("queue", "--workspace", str(ws), "--json")
    assert code == 1 and "Traceback" not in text, text
    assert text.count("\n") == 1 and "is damaged" in text and "restore --latest" in text
    assert run("restore", "--latest", "--workspace", str(ws))[0] == 0
    assert run("check", "--workspace", str(ws)) == (0, f"{path}: no damage found.\n")
    code, text = run("queue", "--workspace", str(ws), "--json", "--limit", "1000")
    assert code == 0 and len(json.loads(text)) == 300


def test_restore_refuses_a_file_that_is_not_a_sound_backup(tmp_path: Path) -> None:
    ws = filled(tmp_path)
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    before = (ws / "lastmile.sqlite3").read_bytes()
    code, text = run("restore", str(bad), "--workspace", str(ws))
    assert code == 1 and "not a sound backup" in text
    assert (ws / "lastmile.sqlite3").read_bytes() == before


def test_rotating_backups_keep_the_newest(tmp_path: Path) -> None:
    ws = filled(tmp_path)
    service = BackupService(Workspace(ws), every_hours=1, keep=2)
    assert service.run_once() is not None
    assert service.run_once() is None  # not due yet
    folder = ws / "backups"
    for n, name in enumerate(
        ("lastmile-20260101-000000.sqlite3", "lastmile-20260102-000000.sqlite3")
    ):
        (folder / name).write_bytes(b"")
        import os

        os.utime(folder / name, (1_700_000_000 + n, 1_700_000_000 + n))
    from desktop.backup import due, rotate

    assert due(Workspace(ws), 1) is False  # the newest is today's
    rotate(Workspace(ws), 2)
    assert len(listed(Workspace(ws))) == 2


def test_a_training_database_stays_training_without_its_kind_row(tmp_path: Path) -> None:
    root = tmp_path / "training"
    code, text = run("training", "new", "--workspace", str(root), "--scenario", "billing-basics")
    assert code == 0, text
    db = root / "training.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM workspace_meta WHERE key = 'kind'")
    live = tmp_path / "live"
    live.mkdir()
    (live / "lastmile.sqlite3").write_bytes(db.read_bytes())  # renamed as a live one
    code, text = run("queue", "--workspace", str(live))
    assert code == 1 and "training workspace and cannot be opened as live" in text


def test_an_interrupted_seed_is_flagged_and_seed_says_how_to_go_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import signal
    import subprocess
    import sys
    import time

    ws = tmp_path / "seeded"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ui.main",
            "seed",
            "--customers",
            "500",
            "--contacts",
            "400000",
            "--workspace",
            str(ws),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    db = ws / "lastmile.sqlite3"
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    if conn.execute("SELECT count(*) FROM contact").fetchone()[0] > 0:
                        break
            except sqlite3.Error:
                pass
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)  # the machine dies mid-seed
    process.wait()
    capsys.readouterr()
    code, _text = run("queue", "--workspace", str(ws), "--limit", "1")
    warning = capsys.readouterr().err
    assert code == 0 and "a seed of" in warning and "was interrupted" in warning
    code, text = run("seed", "--customers", "5", "--contacts", "5", "--workspace", str(ws))
    assert code == 1 and "interrupted and left it half filled; seed a new folder" in text
    fresh = tmp_path / "fresh"
    assert run("seed", "--customers", "5", "--contacts", "5", "--workspace", str(fresh))[0] == 0
    run("queue", "--workspace", str(fresh))
    assert "interrupted" not in capsys.readouterr().err
