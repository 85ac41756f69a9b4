"""A damaged workspace database is noticed when the window opens: SQLite's quick_check runs
in its own thread and connection (the window works meanwhile) and a problem is said in the
window with the way back, instead of blank rows and tracebacks. The full integrity_check
follows in the background once a day (FullIntegrityCheck). The checks' threads touch no Qt
object: a timer on the UI thread looks for their result and emits ``finished`` there."""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.backup import check


class _Result(QObject):
    """A check's result handed from its thread to the UI thread: ``finished`` is emitted
    there by a timer that looks every ``POLL_MS`` while the check runs."""

    finished = Signal(str)  # 'ok', or what is wrong
    POLL_MS = 50

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.result: str | None = None
        self._done = threading.Event()
        self._found: str | None = None
        self._watch = QTimer(self)
        self._watch.setInterval(self.POLL_MS)
        self._watch.timeout.connect(self._look)

    def _begin(self, target: Callable[[], None], name: str) -> None:  # UI thread
        self._done.clear()
        self._watch.start()
        threading.Thread(target=target, name=name, daemon=True).start()

    def _found_result(self, result: str) -> None:  # the check's thread: no Qt call
        self._found = result
        self._done.set()

    def _look(self) -> None:  # UI thread
        if not self._done.is_set():
            return
        self._watch.stop()
        self.result = self._found
        self._after()
        self.finished.emit(self.result or "")

    def _after(self) -> None:
        """What the UI thread does with a result before ``finished`` (subclasses)."""


class IntegrityCheck(_Result):
    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path

    def start(self) -> None:
        self._begin(self._run, "integrity-check")

    def _run(self) -> None:
        self._found_result(check(self.path, quick=True))


class FullIntegrityCheck(_Result):
    """The full ``integrity_check`` (every index entry too: minutes on a big file) in the
    background, once a day per workspace, when the window is idle.

    Its own thread and its own read-only connection, like the quick check at opening; the
    result is said the same way (``finished``). When it last ran is kept beside the logs
    (``integrity-check.json``, the owner's only), not in the database it checks."""

    def __init__(
        self,
        path: Path,
        stamp: Path,
        parent: QObject | None = None,
        *,
        every_s: float = 24 * 3600,
        poll_ms: int = 60_000,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.stamp = stamp
        self.every_s = every_s
        self.running = False
        self._busy: Callable[[], bool] = lambda: False
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.poll)

    def last_run(self) -> float | None:
        try:
            return float(json.loads(self.stamp.read_text(encoding="utf-8"))["at"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def due(self, now: float | None = None) -> bool:
        last = self.last_run()
        return last is None or (now or time.time()) - last >= self.every_s

    def start(self, busy: Callable[[], bool]) -> None:
        """Look every ``poll_ms`` whether a check is due and the window idle (``busy()``
        false: no operation waiting on the database)."""
        self._busy = busy
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def poll(self) -> None:
        if self.running or not self.due() or self._busy():
            return
        self.running = True
        self._begin(self._run, "integrity-check-full")

    def _run(self) -> None:
        result = check(self.path, quick=False)
        with contextlib.suppress(OSError):
            self.stamp.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.stamp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"at": time.time(), "result": result}, f)
        self._found_result(result)

    def _after(self) -> None:
        self.running = False
