"""A damaged workspace database is noticed when the window opens: SQLite's quick_check runs
in its own thread and connection (the window works meanwhile) and a problem is said in the
window with the way back, instead of blank rows and tracebacks."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.backup import check


class IntegrityCheck(QObject):
    finished = Signal(str)  # 'ok', or what is wrong

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.result: str | None = None

    def start(self) -> None:
        threading.Thread(target=self._run, name="integrity-check", daemon=True).start()

    def _run(self) -> None:
        self.result = check(self.path, quick=True)
        # queued into the window's thread; the window may have closed meanwhile
        with contextlib.suppress(RuntimeError):
            self.finished.emit(self.result)
