"""Small widget helpers shared by the panels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QTableView, QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """Give a widget an object name (stylesheets and tests find it by that)."""
    widget.setObjectName(name)
    return widget


def set_text(label: Any, text: str) -> None:
    """``label.setText(text)`` unless it shows that text already: an unchanged rich-text
    label is not parsed, measured and laid out again (the card and contact headers are set
    after every take, reply and status change)."""
    if label.text() != text:
        label.setText(text)


class _WheelGuard(QObject):
    """A wheel turn over a drop-down or spin box that does not have the focus scrolls the
    page instead of changing the value (two notches over Status resolved a contact)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, QWidget)
            and not watched.hasFocus()
        ):
            event.ignore()
            return True
        return False


def guard_wheel(root: QWidget) -> None:
    """Protect every drop-down and spin box under ``root`` from stray wheel turns."""
    guard = root.findChild(_WheelGuard, "WheelGuard")
    if guard is None:
        guard = _WheelGuard(root)
        guard.setObjectName("WheelGuard")
    for widget in [*root.findChildren(QComboBox), *root.findChildren(QAbstractSpinBox)]:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel never takes focus
        widget.installEventFilter(guard)


def fit_screen(window: QWidget, width: int, height: int) -> None:
    """The preferred size, never bigger than the screen's free area (1366x768 with a
    taskbar is common on call-center PCs); on a small screen it opens maximized."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None or QApplication.platformName() == "offscreen":
        window.resize(width, height)  # no real screen (tests, screenshots): as asked
        return
    free = screen.availableGeometry()
    window.resize(min(width, free.width()), min(height, free.height()))
    if free.width() < width or free.height() < height:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def fit_columns(view: QTableView, widths: Sequence[int]) -> None:
    """Column widths, each never narrower than its title and the sort arrow (German
    titles are longer than English ones)."""
    model, metrics = view.model(), view.horizontalHeader().fontMetrics()
    for col, width in enumerate(widths):
        title = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
        view.setColumnWidth(col, max(width, metrics.horizontalAdvance(title) + 26))
