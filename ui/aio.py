"""The window's asyncio loop: qasync over Qt's event loop on the UI thread.

Coroutines of the window (the server's event stream, desktop/sync/stream.py) run here,
on the UI thread, between Qt's own events: no thread of their own, nothing to hand over
by signals, and stopping one is cancelling it.

:class:`UiLoop` is qasync's loop with one change: each of its callbacks runs with the
loop as asyncio's *running* loop, whoever turns Qt's event loop. qasync marks its loop
running only inside ``run_forever``; a modal dialog's ``exec()``, pytest-qt's waits or
a window built before ``run_forever`` starts turn Qt's loop without it, and httpx/anyio
inside a coroutine then fail with "no running event loop". With the running loop set per
callback, nothing outside the callbacks sees a running loop (another library's
``asyncio.run`` in the same thread keeps working), and no loop stays "running" after the
window closed.

One loop per QApplication (:func:`ui_loop`): asyncio allows one running loop per thread,
and Qt has one event loop per thread. Its default executor is a plain thread pool (qasync
would start ten QThreads that must be stopped before the process exits).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import qasync
from PySide6.QtCore import QCoreApplication


class UiLoop(qasync.QEventLoop):
    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.set_default_executor(ThreadPoolExecutor(max_workers=2, thread_name_prefix="ui-aio"))

    def _scoped(self, callback: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any) -> Any:
            previous = asyncio._get_running_loop()
            asyncio._set_running_loop(self)
            try:
                return callback(*args)
            finally:
                asyncio._set_running_loop(previous)

        return run

    def call_later(
        self, delay: float, callback: Callable[..., Any], *args: Any, context: Any = None
    ) -> Any:
        return super().call_later(delay, self._scoped(callback), *args, context=context)

    def _add_reader(self, fd: Any, callback: Callable[..., Any], *args: Any) -> Any:
        return super()._add_reader(fd, self._scoped(callback), *args)

    def _add_writer(self, fd: Any, callback: Callable[..., Any], *args: Any) -> Any:
        return super()._add_writer(fd, self._scoped(callback), *args)


_LOOPS: dict[int, UiLoop] = {}  # id(QApplication) -> its loop


def ui_loop() -> UiLoop:
    """The loop of this process's QApplication, made on first use."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("the window's asyncio loop needs a QApplication")
    loop = _LOOPS.get(id(app))
    if loop is None or loop.is_closed():
        loop = _LOOPS[id(app)] = UiLoop(app)
    return loop


def close_ui_loop() -> None:
    """Close this QApplication's loop if one was made (a window built and then not shown,
    e.g. a refused wallboard): closed while Qt still lives, not at interpreter exit where
    qasync's close meets deleted Qt objects and prints a traceback."""
    app = QCoreApplication.instance()
    loop = _LOOPS.pop(id(app), None) if app is not None else None
    if loop is not None and not loop.is_closed():
        for task in asyncio.all_tasks(loop):
            task.cancel()
        loop.close()
