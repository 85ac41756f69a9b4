"""One crash handler for bugs: stderr, a crash log in the workspace, and a dialog."""

from __future__ import annotations

import logging
import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

from desktop.errors import UserFacingError

log = logging.getLogger("lastmile.crash")
qt_log = logging.getLogger("lastmile.qt")


class CrashHandler:
    def __init__(self, log_dir: Path, *, show_dialog: bool) -> None:
        self.log_dir = log_dir
        self.show_dialog = show_dialog
        self._showing = False
        self._said: set[str] = set()

    def install(self) -> None:
        sys.excepthook = self.excepthook

    def excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if isinstance(exc, UserFacingError):
            # not a bug: the environment (a damaged file, a full disk, a read-only folder)
            # met by a read on the window's thread; the message bar says it. One line on
            # stderr (once, not at every repaint), the traceback in the workspace log
            log.warning("%s", exc, exc_info=(exc_type, exc, tb))
            line = f"lastmile: {exc}"
            if line not in self._said:
                self._said.add(line)
                print(line, file=sys.stderr)
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        print(text, file=sys.stderr)
        log.error("unexpected error\n%s", text)
        path = self.log_dir / f"crash-{datetime.now():%Y%m%d-%H%M%S}.log"
        try:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError:
            pass
        if self.show_dialog and not self._showing:
            self._showing = True
            try:
                from PySide6.QtWidgets import QApplication, QMessageBox

                if QApplication.instance() is not None:
                    box = QMessageBox(
                        QMessageBox.Icon.Critical,
                        "Lastmile hit a bug",
                        "Something went wrong inside Lastmile. Your data is safe: "
                        "every action is saved in one piece or not at all.\n\n"
                        f"The details were written to {path}.",
                    )
                    box.setDetailedText(text)
                    box.exec()
            finally:
                self._showing = False

    def handle_error(self, error: BaseException) -> None:
        self.excepthook(type(error), error, error.__traceback__)


def install_qt_message_handler() -> None:
    """Route Qt's own messages into our logging."""
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(mode: QtMsgType, _context: object, message: str) -> None:
        qt_log.log(levels.get(mode, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)
