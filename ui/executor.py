"""One door for database work off the UI thread.

A single worker thread owns its own SQLite connection for writes and slow
reads; results come back to the UI thread, where the success or failure callback
runs (the op pattern of Anki's aqt/operations).

How they come back: the worker puts them in a plain queue and writes one byte to a
socket pair; a QSocketNotifier on the UI thread wakes it to drain the queue (the worker
makes no Qt call). A slow timer, running only while work is out, drains it too should a
wake-up be lost. Polling on a 3 ms timer instead cost the UI thread ~40 us a tick, some
80 ticks (3 ms of CPU) while a reply was written. Not a signal emitted from the worker:
with PySide6 6.12 on Python 3.11 emitting a signal from a Python thread corrupts the
reference counts of shared objects (None, True), and after some ten thousand results the
process aborts ("Fatal Python error: none_dealloc"; benchmarks/window.py --session met
it within minutes).
"""

from __future__ import annotations

import contextlib
import logging
import queue
import socket
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

from desktop.errors import UserFacingError
from desktop.reads import Database, storage_error

log = logging.getLogger("lastmile.ui")

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


class DbExecutor(QObject):
    POLL_MS = 50  # the fallback: how often the UI thread looks for results while work is out

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lastmile-db")
        self._pending = 0
        self._stopped = False
        self._done: queue.SimpleQueue[tuple[Any, BaseException | None, Any]] = queue.SimpleQueue()
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._drain)
        # the worker's wake-up call: a byte on a socket (plain Python on its side)
        self._wake_in, self._wake_out = socket.socketpair()
        for end in (self._wake_in, self._wake_out):
            end.setblocking(False)
        self._notifier = QSocketNotifier(self._wake_in.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_wake)
        self.on_unexpected: Failure | None = None

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
        if not self._poll.isActive():
            self._poll.start()
        results, wake = self._done, self._wake_out

        def done(future: Future[Any]) -> None:  # on the worker: no Qt call here
            error = future.exception()
            result = None if error is not None else future.result()
            results.put((result, error, (on_success, on_failure)))
            # full: a wake-up is pending anyway; closed: the window is closing
            with contextlib.suppress(OSError):
                wake.send(b"\0")

        self._pool.submit(fn).add_done_callback(done)

    def _on_wake(self, *_args: Any) -> None:
        try:
            while self._wake_in.recv(4096):
                pass
        except OSError:  # nothing more to read (BlockingIOError) or closed
            pass
        self._drain()

    def _drain(self) -> None:
        """Run the callbacks of what finished (UI thread), in the order it finished."""
        while True:
            try:
                result, error, callbacks = self._done.get_nowait()
            except queue.Empty:
                break
            self._on_finished(result, error, callbacks)
        if self._pending <= 0:
            self._poll.stop()

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
        # what finished meanwhile is not handed to a window that is closing
        self._poll.stop()
        self._notifier.setEnabled(False)
        self._wake_in.close()
        self._wake_out.close()

    def _close_worker_connection(self) -> None:
        if not self._db.is_closed():
            self._db.close()
