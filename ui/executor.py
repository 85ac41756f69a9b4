"""One door for database work off the UI thread.

A single worker thread owns its own SQLite connection for writes and slow
reads; results come back to the UI thread through a queued signal, where the
success or failure callback runs (the op pattern of Anki's aqt/operations).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from desktop.errors import UserFacingError
from desktop.reads import Database, storage_error

log = logging.getLogger("lastmile.ui")

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


class DbExecutor(QObject):
    finished = Signal(object, object, object)  # (result, error, callbacks)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lastmile-db")
        self._pending = 0
        self._stopped = False
        self.on_unexpected: Failure | None = None
        self.finished.connect(self._on_finished)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(
        self,
        fn: Callable[[], Any],
        on_success: Success | None = None,
        on_failure: Failure | None = None,
    ) -> None:
        """Run fn on the database thread; callbacks run on the UI thread afterwards. After
        shutdown (a timer firing while the window closes) the work is dropped: the
        workspace is closed and nothing may run on it."""
        if self._stopped:
            return
        self._pending += 1

        def done(future: Future[Any]) -> None:
            error = future.exception()
            result = None if error is not None else future.result()
            self.finished.emit(result, error, (on_success, on_failure))

        self._pool.submit(fn).add_done_callback(done)

    @Slot(object, object, object)
    def _on_finished(
        self,
        result: Any,
        error: BaseException | None,
        callbacks: tuple[Success | None, Failure | None],
    ) -> None:
        self._pending -= 1
        on_success, on_failure = callbacks
        path = getattr(self._db, "path", None)
        if error is not None and not isinstance(error, UserFacingError) and path is not None:
            # damaged pages met while rows are read (after execute_sql, which maps its own):
            # the same one clear message, not a bug report
            mapped = storage_error(error, path)
            if mapped is not None:
                error = mapped
        if error is None:
            if on_success is not None:
                on_success(result)
            return
        if on_failure is not None and isinstance(error, UserFacingError):
            on_failure(error)
            return
        if isinstance(error, UserFacingError):
            log.warning("%s", error)
            return
        if self.on_unexpected is not None:
            self.on_unexpected(error)
        else:  # pragma: no cover - the crash handler is always wired in the app
            raise error

    def shutdown(self) -> None:
        """Close the worker's connection and stop the thread."""
        if self._stopped:
            return
        self._stopped = True
        self._pool.submit(self._close_worker_connection)
        self._pool.shutdown(wait=True)

    def _close_worker_connection(self) -> None:
        if not self._db.is_closed():
            self._db.close()
