"""``lastmile --selftest``: the real window over a demo workspace in a temporary folder,
one contact worked through it offscreen, exit 0 when all of it works.

It exists for bundles: a hidden import, a resource, a Qt plugin or FTS5 missing from a
PyInstaller folder fails here (CI runs the built executable with it) instead of on an
agent's desk. One line per check on stdout; a failure is one line on stderr, exit 1.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

# a word of the demo data's English messages, typed into the search box (not a UI text)
DEMO_WORD = "order"


def _wait(app: object, until: Callable[[], bool], seconds: float = 10) -> bool:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if until():
            return True
        time.sleep(0.01)
    return until()


def run_selftest() -> int:
    started = time.perf_counter()
    from PySide6.QtWidgets import QApplication

    from desktop import reads
    from desktop.app import Application
    from desktop.paths import resource
    from desktop.seed import seed
    from desktop.workspace import Workspace
    from ui.app import stylesheet
    from ui.executor import DbExecutor
    from ui.i18n import install_translator
    from ui.main_window import MainWindow
    from ui.shortcuts_dialog import ShortcutsDialog

    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qt_app, QApplication)
    language = install_translator(qt_app)
    checks: list[str] = []
    previous_style = qt_app.styleSheet()

    def check(ok: bool, what: str) -> None:
        if not ok:
            raise AssertionError(what)
        checks.append(what)
        print(f"ok  {what}", flush=True)

    with tempfile.TemporaryDirectory(prefix="lastmile-selftest-") as tmp:
        app = Application.open(Workspace(Path(tmp) / "ws", "live"))
        executor: DbExecutor | None = None
        window: MainWindow | None = None
        try:
            seed(
                app.db,
                customers=40,
                contacts=200,
                seed_value=7,
                now=datetime.now(UTC),
                events_per_contact=2.0,
                open_share=0.3,
            )
            check(resource("styles", "lastmile.qss").exists(), "resources are there")
            fts = reads.fts_rows(app.db)
            check(fts > 0, f"full-text index (FTS5) holds {fts} messages")
            qt_app.setStyleSheet(stylesheet(False))
            app.sign_in("ben")
            executor = DbExecutor(app.db)
            opening = time.perf_counter()
            window = MainWindow(app, executor)
            window.show()
            QApplication.processEvents()
            now = time.perf_counter()
            check(
                window.queue_model.rowCount() > 0,
                f"window usable in {(now - opening) * 1000:.0f} ms "
                f"({(now - started) * 1000:.0f} ms after start, demo data included), "
                f"{window.queue_model.rowCount()} contacts in the queue",
            )
            check(len(window.menuBar().actions()) >= 5, "menu bar")
            win = window
            row = next(
                (
                    r
                    for r in range(win.queue_model.rowCount())
                    if (c := reads.contact(win.queue_model.contact_id(r) or ""))
                    and c.assigned_to_id is None
                ),
                0,
            )
            win.queue.select_row(row)
            contact_id = win.queue_model.contact_id(row)
            # the contact is read off the UI thread (#14): take acts on it once it shows
            _wait(qt_app, lambda: win.contact_panel.contact_id == contact_id)
            win.menus.actions["take"].trigger()
            check(
                _wait(
                    qt_app,
                    lambda: (
                        getattr(reads.contact(contact_id or ""), "assigned_to_id", None)
                        == win.actor.id
                    ),
                ),
                "contact taken (Ctrl+T)",
            )
            win.menus.actions["focus_contact"].trigger()
            win.contact_panel.composer.setPlainText("Self-test reply")
            win.menus.actions["send"].trigger()
            check(
                _wait(qt_app, lambda: reads.has_event(contact_id or "", "reply")),
                "reply sent (Ctrl+Enter)",
            )
            win.search_box.setText(DEMO_WORD)
            win.search.run_search()
            check(win.results_list.count() > 0, "search")
            win.menus.actions["shortcuts"].trigger()
            QApplication.processEvents()
            check(win.findChild(ShortcutsDialog) is not None, "shortcut list (F1)")
            check(not win.grab().isNull(), f"window drawn (language {language})")
        except Exception as exc:  # one line, like every other failure of the program
            print(f"lastmile: selftest failed: {exc}", file=sys.stderr)
            return 1
        finally:
            if window is not None:
                if executor is not None:
                    _wait(qt_app, lambda: not executor.busy, 5)
                window.close()
            if executor is not None:
                executor.shutdown()
            app.close()
            qt_app.setStyleSheet(previous_style)  # a test run goes on after it
    total = (time.perf_counter() - started) * 1000
    print(f"selftest passed: {len(checks)} checks in {total:.0f} ms", flush=True)
    return 0
