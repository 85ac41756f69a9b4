"""The base of the window's controllers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

if TYPE_CHECKING:
    from ui.main_window import MainWindow

# what a row of the left-hand result list (search, attention) points at:
# (kind, customer_id, contact_id)
ResultRole = Qt.ItemDataRole.UserRole + 3


class Controller(QObject):
    """One concern of the main window; a child of it, so its timers die with it."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
