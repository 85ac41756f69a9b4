"""The desk's tables: one small list model each (a reset per snapshot costs the UI thread
nothing; only visible rows are ever built), so figures arriving never stall the window."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QMessageBox,
    QTableView,
    QWidget,
)

from ui.formatting import number, when

KeyRole = Qt.ItemDataRole.UserRole
SortRole = Qt.ItemDataRole.UserRole + 1  # the exact value (a time, a count) under the text


class Timed(NamedTuple):
    """A moment in a cell: shown in words ("tomorrow 14:59"), exact for sorting and CSV."""

    at: datetime
    note: str = ""

    def __str__(self) -> str:  # what the CSV export writes
        return self.at.isoformat(timespec="minutes") + self.note


ALARM = QColor("#D1242F")
Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    def __init__(self, headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers = headers
        self.rows: list[list[Any]] = []
        self.keys: list[Any] = []
        self.alarms: list[bool] = []

    def set_rows(
        self, rows: list[list[Any]], keys: list[Any] | None = None, alarms: list[bool] | None = None
    ) -> None:
        self.beginResetModel()
        self.rows = rows
        self.keys = keys if keys is not None else [None] * len(rows)
        self.alarms = alarms if alarms is not None else [False] * len(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        value = (
            self.rows[index.row()][index.column()]
            if index.column() < len(self.rows[index.row()])
            else ""
        )
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, Timed):
                return when(value.at) + value.note
            return number(value) if isinstance(value, int) else str(value)
        if role == SortRole:
            return value.at.timestamp() if isinstance(value, Timed) else value
        if role == KeyRole:
            return self.keys[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.column() == 0
            and self.alarms[index.row()]
        ):
            return ALARM
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def text(self, row: int, column: int) -> str:
        return str(self.data(self.index(row, column)))

    def key(self, row: int) -> Any:
        return self.keys[row] if 0 <= row < len(self.keys) else None


class RowsTable(QTableView):
    def __init__(
        self, headers: list[str], stretch_last: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.rows_model = RowsModel(headers, self)
        self.setModel(self.rows_model)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(22)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(stretch_last)
        # widths from the headers (measuring every cell costs the UI thread ~50 ms a table)
        metrics = self.fontMetrics()
        for column, title in enumerate(headers):
            header.resizeSection(column, max(64, metrics.horizontalAdvance(title) + 28))
        # every table of the desk exports to CSV (right-click, or the action's key)
        export = QAction(self.tr("Export CSV…"), self)
        export.triggered.connect(self.ask_export)
        self.addAction(export)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def export_csv(self, path: str) -> int:
        """The table as shown (every row, its headers) into a CSV file; the rows written."""
        from desktop.reports import write_csv

        with open(path, "w", newline="", encoding="utf-8") as f:
            return write_csv(f, self.rows_model.headers, self.rows_model.rows)

    def ask_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export CSV"), "", "CSV (*.csv)")
        if not path:
            return
        try:
            self.export_csv(path)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Export CSV"),
                self.tr("Could not write {path}: {reason}").format(path=path, reason=exc.strerror),
            )

    def set_rows(
        self, rows: list[list[Any]], keys: list[Any] | None = None, alarms: list[bool] | None = None
    ) -> None:
        self.rows_model.set_rows(rows, keys, alarms)

    def set_widths(self, *widths: int) -> None:
        for column, width in enumerate(widths):
            self.horizontalHeader().resizeSection(column, width)

    def rowCount(self) -> int:
        return self.rows_model.rowCount()
