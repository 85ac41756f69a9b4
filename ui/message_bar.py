"""The message bar: inline, self-hiding messages (with an optional Undo link)."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from ui.i18n import user_text


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("MessageBar", text, None, n)


class MessageBar(QLabel):
    """Inline, self-hiding messages for problems the user can act on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MessageBar")
        self.setWordWrap(True)
        self.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self._undo: Callable[[], None] | None = None
        self.linkActivated.connect(lambda _link: self.undo())

    def show_message(self, text: str, *, error: bool = False, seconds: int = 8) -> None:
        """``text``: the window's words, or a line from desktop/ (a Message, as str() of a
        UserFacingError is), said here in the window's language."""
        self._undo = None
        self.setTextFormat(Qt.TextFormat.PlainText)  # messages may quote anything
        self.setProperty("error", error)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setText(user_text(text))
        self.show()
        self._timer.start(seconds * 1000)

    def show_undo(self, text: str, undo: Callable[[], None], *, seconds: int = 10) -> None:
        """A message with an Undo link (also Ctrl+Shift+Z) while it is shown."""
        self.show_message("", seconds=seconds)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setText(
            tr("{message} &nbsp;<a href='undo'>Undo</a> (Ctrl+Shift+Z)").format(
                message=html.escape(text)
            )
        )
        self._undo = undo

    def undo(self) -> bool:
        """Run the pending undo, once; False when there is none (or it expired)."""
        action, self._undo = self._undo, None
        if action is None or not self.isVisible():
            return False
        self.hide()
        action()
        return True
