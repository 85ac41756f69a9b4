"""The desk's small parts: how figures are said (minutes, percent), the tiles, the tables."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ui.i18n import QT_TRANSLATE_NOOP
from ui.supervisor.tables import RowsTable
from ui.widgets import named

AGE_SHORT = {
    "< 15 min": "<15m",
    "15–60 min": "15–60m",
    "1–4 h": "1–4h",
    "4–8 h": "4–8h",
    "8–24 h": "8–24h",
    "1–3 days": "1–3d",
    "> 3 days": ">3d",
}
TILES = (
    ("backlog", QT_TRANSLATE_NOOP("SupervisorWindow", "Backlog")),
    ("unassigned", QT_TRANSLATE_NOOP("SupervisorWindow", "Unassigned")),
    ("breached", QT_TRANSLATE_NOOP("SupervisorWindow", "Past SLA now")),
    ("sla_today", QT_TRANSLATE_NOOP("SupervisorWindow", "SLA met today")),
    ("frt_today", QT_TRANSLATE_NOOP("SupervisorWindow", "First response today")),
    ("res_today", QT_TRANSLATE_NOOP("SupervisorWindow", "Resolution today")),
    ("unacknowledged", QT_TRANSLATE_NOOP("SupervisorWindow", "Not acknowledged")),
    ("complaints", QT_TRANSLATE_NOOP("SupervisorWindow", "Open complaints")),
    ("tasks_overdue", QT_TRANSLATE_NOOP("SupervisorWindow", "Overdue tasks")),
)


def minutes(value: float | None) -> str:
    """A duration in minutes, the way people say it."""
    if value is None:
        return "–"
    if value < 1:
        return "<1 min"
    if value < 90:
        return f"{value:.0f} min"
    if value < 48 * 60:
        return f"{value / 60:.1f} h"
    return f"{value / 1440:.1f} d"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def _table(headers: list[str], stretch_last: bool = True) -> RowsTable:
    return RowsTable(headers, stretch_last)


def _fill(
    table: RowsTable,
    rows: list[list[Any]],
    keys: list[Any] | None = None,
    alarms: list[bool] | None = None,
) -> None:
    table.set_rows(rows, keys, alarms)


class Tile(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SupervisorTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        self.value = named(QLabel("…"), "TileValue")
        self.title = named(QLabel(title), "TileTitle")
        self.detail = named(QLabel(""), "TileDetail")
        for label in (self.value, self.title, self.detail):
            label.setWordWrap(label is not self.value)
            layout.addWidget(label)
        self.set_scale(1.0)

    def set_scale(self, scale: float) -> None:
        for label, size, bold in (
            (self.value, 20, True),
            (self.title, 9, False),
            (self.detail, 8, False),
        ):
            font = QFont(label.font())
            font.setPointSizeF(size * scale)
            font.setBold(bold)
            label.setFont(font)

    def show_value(self, value: str, detail: str = "", alarm: bool = False) -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.value.setStyleSheet("color: #D1242F;" if alarm else "")
