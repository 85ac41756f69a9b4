"""Starting Lastmile where things are not as they should be: no display, Qt's system
libraries missing, a mistyped or read-only workspace, a full disk, a workspace from a
newer version, a bug. Each is one line on stderr and a non-zero exit, never a traceback
or an abort; and what a workspace holds is readable by its owner only.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import cli
from models import database
from models.database import DISK_FULL, schema_version
from tests.conftest import DATA, table_counts
from ui.main import check_window_platform

ROOT = Path(__file__).resolve().parent.parent
POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


@pytest.fixture(autouse=True)
def _close_cli_logging() -> Iterator[None]:
    """The CLI points the 'lastmile' logger at the workspace; close those files again."""
    yield
    logger = logging.getLogger("lastmile")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    logger.propagate = True


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(cli.parse_args(list(argv)), out, err)
    return code, out.getvalue(), err.getvalue()


def program(
    *argv: str, env: dict[str, str | None] | None = None, prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """The real program as a subprocess; env values of None are removed."""
    environ = dict(os.environ)
    for key, value in (env or {}).items():
        if value is None:
            environ.pop(key, None)
        else:
            environ[key] = value
    return subprocess.run(
        [*prefix, sys.executable, "-m", "ui.main", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
        env=environ,
    )


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace with one agent and a morning of contacts."""
    root = tmp_path / "ws"
    assert run("init", "--workspace", str(root))[0] == 0
    assert run("agent", "add", "ana", "--name", "Ana", "--workspace", str(root))[0] == 0
    assert run("import", str(DATA / "morning.jsonl"), "--workspace", str(root))[0] == 1
    return root


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


# -- the window: Qt's platform, checked before Qt can abort -------------------------------


def test_a_missing_xcb_library_is_one_line_and_exit_2() -> None:
    err = io.StringIO()
    code = check_window_platform(
        err, env={"DISPLAY": ":0"}, platform="linux", find_missing=lambda: ["libxcb-cursor.so.0"]
    )
    assert code == 2
    assert one_line(err.getvalue()) == (
        "lastmile: Qt cannot open a window: libxcb-cursor.so.0 is missing; install it with "
        "'sudo apt install libxcb-cursor0' (Debian/Ubuntu) or 'sudo dnf install "
        "xcb-util-cursor' (Fedora), or run with QT_QPA_PLATFORM=offscreen"
    )

    err = io.StringIO()
    code = check_window_platform(
        err,
        env={"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"},
        platform="linux",
        find_missing=lambda: ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"],
    )
    assert code == 2
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1 are missing" in one_line(err.getvalue())
    assert "'sudo apt install libxcb-icccm4 libxcb-keysyms1'" in err.getvalue()
    assert "'sudo dnf install xcb-util-wm xcb-util-keysyms'" in err.getvalue()


def test_nothing_is_said_when_the_window_can_open() -> None:
    def never() -> list[str]:
        raise AssertionError("the xcb libraries were looked up for a platform without xcb")

    err = io.StringIO()
    assert (
        check_window_platform(err, env={"DISPLAY": ":0"}, platform="linux", find_missing=list) == 0
    )
    assert (
        check_window_platform(
            err, env={"QT_QPA_PLATFORM": "offscreen"}, platform="linux", find_missing=never
        )
        == 0
    )
    assert check_window_platform(err, env={}, platform="darwin", find_missing=never) == 0
    assert (
        check_window_platform(
            err,
            env={"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"},
            platform="linux",
            find_missing=never,
        )
        == 0
    )
    assert err.getvalue() == ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland are Linux's")
def test_no_display_is_one_line_exit_2_and_logged(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert run("init", "--workspace", str(root))[0] == 0
    proc = program(
        "--workspace",
        str(root),
        env={"DISPLAY": None, "WAYLAND_DISPLAY": None, "QT_QPA_PLATFORM": None},
    )
    assert proc.returncode == 2, proc.stderr
    line = one_line(proc.stderr)
    assert line.startswith("lastmile: no display to open the window on")
    assert "QT_QPA_PLATFORM=offscreen" in line
    assert line in (root / "logs" / "lastmile.log").read_text(encoding="utf-8")


def test_the_window_refuses_a_mistyped_workspace(tmp_path: Path) -> None:
    typo = tmp_path / "typo"
    proc = program(
        "--workspace", str(typo), "--no-crash-dialog", env={"QT_QPA_PLATFORM": "offscreen"}
    )
    assert proc.returncode == 1
    assert one_line(proc.stderr) == (
        f"lastmile: no workspace at {typo}: the folder does not exist "
        f"(create one with 'lastmile init --workspace {typo}')"
    )
    assert not typo.exists()


# -- a workspace that is not there, or not a folder --------------------------------------


def test_a_mistyped_workspace_is_refused_not_created(tmp_path: Path) -> None:
    typo = tmp_path / "typo"
    for argv in (
        ["queue"],
        ["agent", "list"],
        ["import", str(DATA / "morning.jsonl")],
        ["sync", "--status"],
        ["training", "feedback"],
    ):
        code, out, err = run(*argv, "--workspace", str(typo))
        assert code == 1 and out == ""
        assert one_line(err).startswith(f"lastmile: no workspace at {typo}: the folder does not")
    assert not typo.exists()

    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run("queue", "--workspace", str(empty))
    assert code == 1 and "the folder holds no Lastmile database" in one_line(err)
    assert list(empty.iterdir()) == []


def test_a_file_given_as_workspace_is_one_line(tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a workspace", encoding="utf-8")
    for argv in (["queue"], ["init"], ["seed", "--customers", "1", "--contacts", "1"]):
        code, _, err = run(*argv, "--workspace", str(a_file))
        assert code == 1
        assert one_line(err) == f"lastmile: {a_file} is a file, not a workspace folder"
    assert a_file.read_text(encoding="utf-8") == "not a workspace"


# -- a read-only workspace ---------------------------------------------------------------


def read_only(folder: Path) -> tuple[str, ...]:
    """Make folder read-only for the program: a read-only bind mount for root (root
    writes through permission bits), the permission bits for anybody else."""
    if os.geteuid() != 0:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222)
        return ()
    if shutil.which("unshare") is None:
        pytest.skip("root needs unshare(1) for a read-only mount")
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
    return ("unshare", "--map-root-user", "--mount", "sh", "-c", script, str(folder))


def test_a_read_only_workspace_reads_and_refuses_writes_in_one_line(ws: Path) -> None:
    before = table_counts(ws / "lastmile.sqlite3")
    prefix = read_only(ws)
    try:
        queue = program("queue", "--json", "--workspace", str(ws), prefix=prefix)
        assert queue.returncode == 0, queue.stderr
        assert "Traceback" not in queue.stderr and len(queue.stdout) > 100
        added = program(
            "agent", "add", "ben", "--name", "Ben", "--workspace", str(ws), prefix=prefix
        )
        assert added.returncode == 1
        assert one_line(added.stderr) == (
            f"lastmile: the workspace folder is read-only: {ws}; nothing was changed"
        )
    finally:
        for path in [ws, *ws.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)
    assert table_counts(ws / "lastmile.sqlite3") == before


# -- a full disk -------------------------------------------------------------------------


def test_a_full_disk_is_one_line_and_loses_nothing(
    ws: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = table_counts(ws / "lastmile.sqlite3")
    conn = sqlite3.connect(ws / "lastmile.sqlite3")
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    # SQLite's own SQLITE_FULL, as on a full disk: the file may not grow by a page
    monkeypatch.setitem(database.PRAGMAS, "max_page_count", pages)
    many = tmp_path / "many.jsonl"
    many.write_text(
        (DATA / "morning.jsonl")
        .read_text(encoding="utf-8")
        .replace('"external_id": "', '"external_id": "again-')
        * 20,
        encoding="utf-8",
    )
    code, _, err = run("import", str(many), "--workspace", str(ws))
    assert code == 1
    # the rollback that SQLite already did must not become the message
    assert one_line(err) == f"lastmile: {DISK_FULL}"
    assert DISK_FULL == "the disk is full: nothing was lost; free space and try again"
    monkeypatch.delitem(database.PRAGMAS, "max_page_count")
    assert table_counts(ws / "lastmile.sqlite3") == before


# -- a bug -------------------------------------------------------------------------------


def test_a_bug_is_one_line_and_the_traceback_goes_to_the_log(
    ws: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    def broken(*_args: object) -> int:
        raise ValueError("no rows for\nthis page")

    from desktop import cli_core

    monkeypatch.setitem(cli_core.HANDLERS, "queue", broken)
    args = cli.parse_args(["queue", "--workspace", str(ws)])
    code = cli.run(args, io.StringIO(), sys.stderr)  # the stderr the log handler writes to
    assert code == 1
    log = ws / "logs" / "lastmile.log"
    assert one_line(capfd.readouterr().err) == (
        f"lastmile: internal error (ValueError: no rows for this page); details in {log}"
    )
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "in broken" in text


# -- a workspace from a newer Lastmile ---------------------------------------------------


def test_a_newer_workspace_is_refused_untouched(ws: Path) -> None:
    path = ws / "lastmile.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("UPDATE workspace_meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    for argv in (["queue"], ["agent", "add", "ben", "--name", "Ben"]):
        code, _, err = run(*argv, "--workspace", str(ws))
        assert code == 1
        assert one_line(err) == (
            "lastmile: this workspace was made by a newer Lastmile (schema 99); "
            f"this version understands up to {schema_version()}: update Lastmile"
        )
    assert path.read_bytes() == before
    assert sorted(p.name for p in ws.iterdir()) == ["attachments", "lastmile.sqlite3", "logs"]


# -- permissions -------------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@POSIX
def test_what_a_workspace_holds_is_its_owners_only(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert run("init", "--workspace", str(root))[0] == 0
    db = root / "lastmile.sqlite3"
    assert mode(root) == mode(root / "logs") == mode(root / "attachments") == 0o700
    assert mode(db) == mode(root / "logs" / "lastmile.log") == 0o600

    # while a connection is open: the -wal and -shm that SQLite made
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=wal")
    conn.execute("INSERT INTO workspace_meta (key, value) VALUES ('probe', '1')")
    conn.commit()
    assert mode(root / "lastmile.sqlite3-wal") == mode(root / "lastmile.sqlite3-shm") == 0o600
    conn.close()

    # a workspace made by an older version is tightened when it is opened
    db.chmod(0o644)
    (root / "logs").chmod(0o755)
    (root / "logs" / "lastmile.log").chmod(0o644)
    assert run("agent", "list", "--workspace", str(root))[0] == 0
    assert mode(db) == mode(root / "logs" / "lastmile.log") == 0o600
    assert mode(root / "logs") == 0o700
