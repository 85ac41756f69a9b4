"""A backup (or any check of the file's header) taken in the window while another
process works on the same workspace must not lose what the window commits afterwards.

Found by benchmarks/crash_bench.py's import phase: every action the window confirmed after
its start-up backup was gone after a kill. Reading the database file's first bytes with
open()/close() in the window's process dropped the POSIX locks SQLite held on it (fcntl
locks belong to the process; any close releases them), so ``lastmile import``'s last
connection took the exclusive lock, checkpointed and deleted the -wal, and the window's
later commits went into the deleted file. The header is now read once, before SQLite opens
the file (models.database.file_head).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WINDOW = textwrap.dedent("""
    import os, subprocess, sys
    from pathlib import Path
    from desktop import backup
    from desktop.app import Application
    from desktop.workspace import Workspace
    from models.base import database_proxy

    ws = Workspace(Path(sys.argv[1]))
    app = Application.open(ws)
    database_proxy.execute_sql("CREATE TABLE IF NOT EXISTS marks (n INTEGER)")
    database_proxy.execute_sql("INSERT INTO marks VALUES (1)")
    backup.backup(ws)  # as the window does at start and every few hours
    # another process (lastmile import) writes and closes its last connection
    subprocess.run([sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect("
                    "sys.argv[1], isolation_level=None); c.execute('INSERT INTO marks "
                    "VALUES (2)'); c.close()", str(ws.database_path)], check=True)
    print("wal", ws.database_path.with_name(ws.database_path.name + "-wal").exists(),
          flush=True)
    database_proxy.execute_sql("INSERT INTO marks VALUES (3)")  # confirmed to the user
    os.kill(os.getpid(), 9)
""")


def test_a_backup_in_the_window_keeps_its_later_commits_across_a_kill(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    subprocess.run(
        [sys.executable, "-m", "ui.main", "init", "--workspace", str(ws)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", WINDOW, str(ws)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
    assert "wal True" in proc.stdout  # the other process did not take the file from us
    conn = sqlite3.connect(ws / "lastmile.sqlite3")
    try:
        assert [n for (n,) in conn.execute("SELECT n FROM marks ORDER BY n")] == [1, 2, 3]
    finally:
        conn.close()
