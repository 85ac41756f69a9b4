"""A damaged database is said in the window (issue 11.7): quick_check in the background."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import contact_record, open_app
from ui.integrity import IntegrityCheck
from ui.main_window import MainWindow


def test_a_damaged_file_is_found_in_the_background(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
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
        data[n * 4096:(n + 1) * 4096] = b"\xde\xad\xbe\xef" * 1024
    path.write_bytes(bytes(data))
    bad = IntegrityCheck(path)
    with qtbot.waitSignal(bad.finished, timeout=5000) as seen:
        bad.start()
    assert seen.args[0] != "ok"


def test_the_window_says_it_with_the_way_back(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    check = window.timers.integrity
    assert check is not None
    qtbot.waitUntil(lambda: check.result == "ok", timeout=5000)
    assert not window.message_bar.isVisible() or "damaged" not in window.message_bar.text()
    window.timers.on_integrity_finished("Page 5: btreeInitPage() returns error code 11")
    assert window.message_bar.isVisible()
    assert "damaged" in window.message_bar.text()
    assert "lastmile restore --latest" in window.message_bar.text()
