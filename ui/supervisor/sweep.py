"""The sentiment sweep (issue 13): contacts from before scoring existed are scored in
chunks of 500 on the database thread (desktop/sentiment.backfill_chunk), one chunk every
quarter second so that the agents' own writes go first. Its mark is in the database: the
sweep goes on where it stopped when the desk opens again, on any day."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from desktop import sentiment
from desktop.changes import Changes
from desktop.reads import Database
from ui.executor import DbExecutor

log = logging.getLogger("lastmile.supervisor")
PAUSE_MS = 250


class SentimentSweep(QObject):
    progressed = Signal(int)  # contacts scored so far in this run
    finished = Signal(int)

    def __init__(
        self,
        executor: DbExecutor,
        db: Database,
        on_changes: Callable[[Changes], None],
        chunk: int = 500,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.executor = executor
        self.db = db
        self.on_changes = on_changes
        self.chunk = chunk
        self.scored = 0
        self.running = False
        self.done = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self._next)
        alive = self._alive = [True]  # a chunk may finish after the desk is gone
        self.destroyed.connect(lambda: alive.__setitem__(0, False))

    def start(self, after_ms: int = 0) -> None:
        """Begin (or go on) after ``after_ms``: the desk's first figures go first."""
        if not self.running and not self.done:
            self.running = True
            self._timer.start(after_ms)

    def stop(self) -> None:
        self.running = False
        self._timer.stop()

    def _next(self) -> None:
        if not self.running:
            return
        db, chunk = self.db, self.chunk

        try:
            self.executor.run(
                lambda: sentiment.backfill_step(db, chunk), self._on_chunk, self._on_failed
            )
        except RuntimeError:  # the database thread has ended (the window is closing)
            self.stop()

    def _on_chunk(self, swept: sentiment.Swept | None) -> None:
        if not self._alive[0]:
            return
        if swept is None:
            log.info("sentiment sweep: the database is busy, trying again shortly")
            if self.running:
                self._timer.start(PAUSE_MS * 20)
            return
        if swept.ids:
            self.scored += swept.scored
            self.on_changes(Changes(contacts=set(swept.ids)))
            self.progressed.emit(self.scored)
        if swept.done:
            self.running, self.done = False, True
            log.info("sentiment sweep done: %d contacts scored", self.scored)
            self.finished.emit(self.scored)
        elif self.running:
            self._timer.start(PAUSE_MS)

    def _on_failed(self, error: BaseException) -> None:
        # a busy database: tried again later, from the same mark
        log.warning("sentiment sweep paused: %s", error)
        if self._alive[0] and self.running:
            self._timer.start(PAUSE_MS * 20)
