"""Teammates' attachments, fetched from the sync server off the window's thread.

The contact panel's attachment row (ui/message_extras.py) saves through this controller's
executor — its own worker thread, like the sync's, so a slow server never blocks the
window nor the window's database work. After each pull that brought something, the small
attachments (at most ``desktop.attachments.PREFETCH_MAX``) not kept here yet are fetched
in the background on the same thread, so saving them is instant; a file the server does
not have is not asked for again in this session.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject

from desktop import attachments
from ui.controllers.base import Controller
from ui.executor import DbExecutor

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.sync_status import SyncController

log = logging.getLogger("lastmile.ui.attachments")


class AttachmentFetch(Controller):
    def __init__(self, win: MainWindow, sync: SyncController) -> None:
        super().__init__(win)
        self.executor = DbExecutor(win.app.db, self)
        self.executor.on_unexpected = lambda e: log.error("attachment fetch failed: %s", e)
        win.contact_panel.extras.executor = self.executor
        self._skip: set[str] = set()  # not on the server: not asked for again
        self._stopped = False
        sync.synced.connect(lambda _changes: self.prefetch())
        win.installEventFilter(self)

    def prefetch(self) -> None:
        if self._stopped or self.executor.busy:
            return
        folder = attachments.folder_of(self.win.app.db)

        def work() -> int:
            return attachments.prefetch(folder, skip=self._skip)

        def done(count: int) -> None:
            if count:
                log.info("%d attachment(s) fetched in the background", count)
                self.win.contact_panel.extras.refresh()  # "fetched when saved" is gone

        self.executor.run(work, done, lambda e: log.info("prefetch stopped: %s", e))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.win and event.type() == QEvent.Type.Close:
            self.stop()
        return False

    def stop(self) -> None:
        if not self._stopped:
            self._stopped = True
            extras = self.win.contact_panel.extras
            if extras.executor is self.executor:
                extras.executor = None  # a later save gets a thread of its own
            self.executor.shutdown()
