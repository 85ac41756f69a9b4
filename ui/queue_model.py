"""The unified queue as a lazy table model.

Only keys (received_at, id) are held, a page at a time (canFetchMore /
fetchMore, keyset pagination over the partial queue indexes); display rows are
built on demand for the visible window and kept in a bounded cache. Nothing
here ever loads the whole backlog, and data() never raises.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.changes import Changes
from desktop.clock import Clock
from desktop.reads import Database, QueueFilter, QueueKey, queue_page, queue_rows
from ui.formatting import duration, local, time_left
from ui.icons import channel_icon, channel_label

log = logging.getLogger("lastmile.ui.queue")

ContactIdRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    ("channel", "Channel"),
    ("customer", "Customer"),
    ("subject", "Subject"),
    ("skill", "Skill"),
    ("status", "Status"),
    ("assignee", "Assigned to"),
    ("waiting", "Waiting"),
    ("due", "Due"),
)
OVERDUE = QColor("#CF222E")
SOON = QColor("#BF8700")


class QueueModel(QAbstractTableModel):
    reloaded = Signal()

    PAGE = 200
    CACHE_LIMIT = 3000
    WINDOW = 120

    def __init__(self, db: Database, clock: Clock, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self._clock = clock
        self._filter = QueueFilter()
        self._keys: list[QueueKey] = []
        self._rows_by_id: dict[str, int] = {}
        self._has_more = False
        self._cache: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._bold = QFont()
        self._bold.setBold(True)
        self.reload()

    # -- Qt model interface ----------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section][1]
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._has_more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or not self._has_more:
            return
        after = self._keys[-1] if self._keys else None
        page = queue_page(self._db, self._filter, after=after, limit=self.PAGE)
        self._has_more = len(page) == self.PAGE
        if not page:
            return
        first = len(self._keys)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        for offset, key in enumerate(page):
            self._rows_by_id[key[1]] = first + offset
        self._keys.extend(page)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        try:
            return self._data(index, role)
        except Exception:  # never raise inside data(): log and show nothing
            log.exception("queue data failed at row %s", index.row())
            return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- our interface ---------------------------------------------------------

    @property
    def filter(self) -> QueueFilter:
        return self._filter

    def set_filter(self, flt: QueueFilter) -> None:
        if flt != self._filter:
            self._filter = flt
            self.reload(keep_loaded=False)

    def contact_id(self, row: int) -> str | None:
        return self._keys[row][1] if 0 <= row < len(self._keys) else None

    def row_of(self, contact_id: str) -> int:
        return self._rows_by_id.get(contact_id, -1)

    def row_data(self, row: int) -> dict[str, Any] | None:
        cid = self.contact_id(row)
        return self._row(row) if cid else None

    def reload(self, keep_loaded: bool = True) -> None:
        """Re-read the keys (as many as were loaded) after the queue changed."""
        wanted = max(self.PAGE, len(self._keys)) if keep_loaded else self.PAGE
        self.beginResetModel()
        self._keys = queue_page(self._db, self._filter, limit=wanted)
        self._rows_by_id = {key[1]: n for n, key in enumerate(self._keys)}
        self._has_more = len(self._keys) == wanted
        self._cache.clear()
        self.endResetModel()
        self.reloaded.emit()

    def apply_changes(self, changes: Changes) -> None:
        if changes.queue:
            self.reload()
            return
        for cid in changes.contacts:
            self._cache.pop(cid, None)
            row = self.row_of(cid)
            if row >= 0:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def refresh_clocks(self) -> None:
        """Waiting and due columns move with time; repaint just those."""
        if self._keys:
            first = COLUMNS.index(("waiting", "Waiting"))
            self.dataChanged.emit(
                self.index(0, first),
                self.index(len(self._keys) - 1, len(COLUMNS) - 1),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole],
            )

    # -- internals -------------------------------------------------------------

    def _row(self, row: int) -> dict[str, Any] | None:
        cid = self._keys[row][1]
        cached = self._cache.get(cid)
        if cached is not None:
            self._cache.move_to_end(cid)
            return cached
        start = max(0, row - self.WINDOW // 4)
        window = [k[1] for k in self._keys[start : start + self.WINDOW] if k[1] not in self._cache]
        for key, value in queue_rows(self._db, window).items():
            self._cache[key] = value
        while len(self._cache) > self.CACHE_LIMIT:
            self._cache.popitem(last=False)
        return self._cache.get(cid)

    def _data(self, index: Index, role: int) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._keys):
            return None
        if role == ContactIdRole:
            return self._keys[index.row()][1]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.FontRole,
        ):
            return None
        item = self._row(index.row())
        if item is None:  # deleted since the keys were read
            return "…" if role == Qt.ItemDataRole.DisplayRole else None
        column = COLUMNS[index.column()][0]
        now = self._clock.now()
        if role == Qt.ItemDataRole.DecorationRole:
            return channel_icon(item["channel"]) if column == "channel" else None
        if role == Qt.ItemDataRole.FontRole:
            unassigned = item["assigned_to"] is None
            return self._bold if unassigned and column in ("customer", "subject") else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == "due" and item["due_at"] is not None and item["status"] == "open":
                left = (item["due_at"] - now).total_seconds()
                if left < 0:
                    return QBrush(OVERDUE)
                if left < 15 * 60:
                    return QBrush(SOON)
            if column == "customer" and item["influencer"]:
                return QBrush(QColor("#D1246F"))
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "subject":
                return item["preview"] or item["subject"]
            if column in ("waiting", "due"):
                return f"Received {local(item['received_at'])}, due {local(item['due_at'])}"
            return None
        if column == "channel":
            return channel_label(item["channel"])
        if column == "customer":
            name = item["customer_name"] or "Unknown"
            marks = (" ★" if item["vip"] else "") + (" ◆" if item["influencer"] else "")
            return name + marks
        if column == "subject":
            prefix = "‼ " if item["priority"] else ""
            return prefix + (item["subject"] or item["preview"] or "(no subject)")
        if column == "skill":
            return item["skill"]
        if column == "status":
            return item["status"]
        if column == "assignee":
            return item["assignee_name"] or "—"
        if column == "waiting":
            return duration(now - item["received_at"])
        if column == "due":
            if item["status"] != "open":  # the SLA clock stops while waiting on the customer
                return "paused" if item["status"] == "waiting" else "—"
            return time_left(item["due_at"], now)
        return None
