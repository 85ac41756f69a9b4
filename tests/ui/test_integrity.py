"""A damaged database is said in the window (issue 11.7): quick_check in the background."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import contact_record, open_app
from ui.integrity import FullIntegrityCheck, IntegrityCheck
from ui.main_window import MainWindow


def test_a_damaged_file_is_found_in_the_background(qtbot, tmp_path: Path) -> None:
    app = open_app(tmp_path / "ws")
    try:
        app.intake.ingest(enumerate([contact_record(i) for i in range(300)], start=1))
    finally:
        app.close()
    path = tmp_path / "ws" / "lastmile.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    good = IntegrityCheck(path)
    with qtbot.waitSignal(good.finished, timeout=5000) as seen:
        good.start()
    assert seen.args == ["ok"]
    data = bytearray(path.read_bytes())
    for n in range(3, 8):
        data[n * 4096 : (n + 1) * 4096] = b"\xde\xad\xbe\xef" * 1024
    path.write_bytes(bytes(data))
    bad = IntegrityCheck(path)
    with qtbot.waitSignal(bad.finished, timeout=5000) as seen:
        bad.start()
    assert seen.args[0] != "ok"


def test_the_window_says_it_with_the_way_back(qtbot, window: MainWindow) -> None:
    check = window.timers.integrity
    assert check is not None
    qtbot.waitUntil(lambda: check.result == "ok", timeout=5000)
    assert not window.message_bar.isVisible() or "damaged" not in window.message_bar.text()
    window.timers.on_integrity_finished("Page 5: btreeInitPage() returns error code 11")
    assert window.message_bar.isVisible()
    assert "damaged" in window.message_bar.text()
    assert "lastmile restore --latest" in window.message_bar.text()


def _damaged_in_the_middle(tmp_path: Path, pages: int = 5) -> Path:
    """A workspace of 300 contacts whose file has `pages` pages overwritten mid-file."""
    from desktop.ops import agents as agent_ops

    app = open_app(tmp_path / "ws")
    try:
        agent_ops.add_agent(
            app.mutator, login="ana", display_name="Ana", role="agent", skills={"general": 1}
        )
        app.intake.ingest(enumerate([contact_record(i) for i in range(300)], start=1))
    finally:
        app.close()
    path = tmp_path / "ws" / "lastmile.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    middle = len(data) // 4096 // 2
    for n in range(middle, middle + pages):
        data[n * 4096 : (n + 1) * 4096] = b"\xde\xad\xbe\xef" * 1024
    path.write_bytes(bytes(data))
    return path


def test_the_full_check_runs_in_the_background_once_a_day_when_idle(qtbot, tmp_path: Path) -> None:
    app = open_app(tmp_path / "ws")
    try:
        app.intake.ingest(enumerate([contact_record(i) for i in range(50)], start=1))
    finally:
        app.close()
    path, stamp = tmp_path / "ws" / "lastmile.sqlite3", tmp_path / "ws" / "logs" / "check.json"
    busy = [True]
    full = FullIntegrityCheck(path, stamp, poll_ms=10)
    full.start(lambda: busy[0])
    qtbot.wait(200)
    assert full.result is None and not stamp.exists()  # never while the window works
    with qtbot.waitSignal(full.finished, timeout=10_000) as seen:
        busy[0] = False
    assert seen.args == ["ok"]
    assert stamp.stat().st_mode & 0o777 == 0o600
    assert not full.due()
    at = full.last_run()
    qtbot.wait(200)
    assert full.last_run() == at  # once a day, not at every look
    full.stop()
    # a day later, on a damaged file: said the same way as the quick check
    _damaged = FullIntegrityCheck(
        _damaged_in_the_middle(tmp_path / "b"), tmp_path / "b" / "check.json", poll_ms=10
    )
    with qtbot.waitSignal(_damaged.finished, timeout=20_000) as seen:
        _damaged.start(lambda: False)
    _damaged.stop()
    assert seen.args[0] != "ok"


@pytest.mark.qt_no_exception_capture  # the window's own crash handler, as in `lastmile`
def test_a_window_over_five_damaged_pages_says_so_without_blank_rows_or_tracebacks(
    qtbot, tmp_path: Path, capfd
) -> None:
    import sys

    from desktop.app import Application
    from desktop.workspace import Workspace
    from ui.crash import CrashHandler
    from ui.executor import DbExecutor

    _damaged_in_the_middle(tmp_path)
    unexpected: list[BaseException] = []
    app = Application.open(Workspace(tmp_path / "ws"))
    executor = DbExecutor(app.db)
    crash = CrashHandler(tmp_path / "ws" / "logs", show_dialog=False)
    hook = sys.excepthook
    crash.install()
    try:
        app.sign_in(None)
        window = MainWindow(app, executor, unexpected.append)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: "damaged" in window.message_bar.text(), timeout=20_000)
        assert window.message_bar.isVisible()
        assert "lastmile restore --latest" in window.message_bar.text()
        assert window.timers.full_check is not None  # and the full check is scheduled
        model = window.queue_model
        for row in range(model.rowCount()):  # what is shown is whole: no blank rows
            cells = [model.data(model.index(row, col)) for col in range(model.columnCount())]
            assert any(cells), f"row {row} is blank"
        qtbot.waitUntil(lambda: not executor.busy, timeout=10_000)
        window.close()
    finally:
        sys.excepthook = hook
        executor.shutdown()
        app.close()
    assert not unexpected, unexpected
    err = capfd.readouterr().err
    assert "Traceback" not in err
    said = [line for line in err.splitlines() if line.startswith("lastmile:")]
    assert len(said) <= 1 and all("is damaged" in line for line in said)
