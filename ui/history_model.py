"""A customer's timeline across all channels, newest first, paged lazily.

The first page comes with the card (read off the UI thread with it); the next pages are
read when the view scrolls to the end, on the database thread when the model has an
executor (the window's), and put in with one insert each. A page read for a customer or
filter no longer shown is dropped."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette

from desktop import attachments
from desktop.card import with_attachments
from desktop.reads import Database, history_page
from ui.formatting import when
from ui.i18n import QT_TRANSLATE_NOOP
from ui.icons import channel_icon, channel_label, paperclip_icon
from ui.theme import kind_colour

log = logging.getLogger("lastmile.ui.history")
Index = QModelIndex | QPersistentModelIndex
EventRole = Qt.ItemDataRole.UserRole + 2
AttachmentsRole = Qt.ItemDataRole.UserRole + 4  # the line's attachments (list of dicts)


def tr(text: str) -> str:
    return QCoreApplication.translate("HistoryModel", text)


KIND_LABELS = {
    "inbound": QT_TRANSLATE_NOOP("HistoryModel", "Received"),
    "reply": QT_TRANSLATE_NOOP("HistoryModel", "Reply"),
    "note": QT_TRANSLATE_NOOP("HistoryModel", "Note"),
    "call": QT_TRANSLATE_NOOP("HistoryModel", "Call"),
    "status": QT_TRANSLATE_NOOP("HistoryModel", "Status"),
    "claim": QT_TRANSLATE_NOOP("HistoryModel", "Taken"),
    "ack": QT_TRANSLATE_NOOP("HistoryModel", "Acknowledged"),
    "task": QT_TRANSLATE_NOOP("HistoryModel", "Follow-up"),
    "merge": QT_TRANSLATE_NOOP("HistoryModel", "Merge"),
    "reminder": QT_TRANSLATE_NOOP("HistoryModel", "Reminder"),
    "purchase": QT_TRANSLATE_NOOP("HistoryModel", "Purchase"),
    "invoice": QT_TRANSLATE_NOOP("HistoryModel", "Invoice"),
    "alert": QT_TRANSLATE_NOOP("HistoryModel", "Alert"),  # desktop/alerts.py: an alarm
}
COLUMNS = (
    QT_TRANSLATE_NOOP("HistoryModel", "When"),
    QT_TRANSLATE_NOOP("HistoryModel", "Channel"),
    QT_TRANSLATE_NOOP("HistoryModel", "What"),
    QT_TRANSLATE_NOOP("HistoryModel", "Summary"),
)


def _kind_brush(kind: str) -> QBrush | None:
    dark = QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
    colour = kind_colour(kind, dark)  # WCAG AA on the theme's rows (ui/theme.py)
    return QBrush(QColor(colour)) if colour else None


class HistoryModel(QAbstractTableModel):
    PAGE = 100

    def __init__(self, db: Database, parent: Any = None, executor: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self._executor = executor
        self._generation = 0  # bumped on every reset: a page read before it is dropped
        self._fetching = False
        self._customer_ids: list[str] = []
        self._kinds: tuple[str, ...] = ()
        self._channels: tuple[str, ...] = ()
        self._items: list[dict[str, Any]] = []
        self._has_more = False

    def set_customer(
        self,
        customer_ids: list[str],
        *,
        kinds: tuple[str, ...] = (),
        channels: tuple[str, ...] = (),
        first_page: list[dict[str, Any]] | None = None,
        has_more: bool = False,
    ) -> None:
        """Show this customer's history; ``first_page`` (read off the UI thread) is shown
        at once, without it the first page is read (on the database thread if there is
        an executor)."""
        self.beginResetModel()
        self._generation += 1
        self._fetching = False
        self._customer_ids = list(customer_ids)
        self._kinds = kinds
        self._channels = channels
        self._items = list(first_page) if first_page is not None else []
        self._has_more = bool(customer_ids) and (has_more if first_page is not None else True)
        self.endResetModel()
        if customer_ids and first_page is None:
            self.fetchMore()

    @property
    def filter(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return self._kinds, self._channels

    def set_filter(self, *, kinds: tuple[str, ...] = (), channels: tuple[str, ...] = ()) -> None:
        self.set_customer(self._customer_ids, kinds=kinds, channels=channels)

    def reload(self) -> None:
        self.set_customer(self._customer_ids, kinds=self._kinds, channels=self._channels)

    def item(self, row: int) -> dict[str, Any] | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return self.tr(COLUMNS[section])
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._has_more and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or not self._has_more or self._fetching:
            return
        before = None
        if self._items:
            last = self._items[-1]
            before = (last["at_ms"], last["seq"])
        db, ids, kinds, channels = self._db, self._customer_ids, self._kinds, self._channels
        generation = self._generation

        def read() -> list[dict[str, Any]]:
            return with_attachments(
                history_page(
                    db, ids, before=before, limit=self.PAGE, kinds=kinds, channels=channels
                )
            )

        if self._executor is None:
            self._append(generation, read())
            return
        self._fetching = True
        self._executor.run(read, lambda page: self._append(generation, page))

    def _append(self, generation: int, page: list[dict[str, Any]]) -> None:
        if generation != self._generation:
            return  # read for a customer or filter no longer shown
        self._fetching = False
        self._has_more = len(page) == self.PAGE
        if not page:
            return
        first = len(self._items)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._items.extend(page)
        self.endInsertRows()

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        try:
            return self._data(index, role)
        except Exception:
            log.exception("history data failed at row %s", index.row())
            return None

    def _data(self, index: Index, role: int) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        col = index.column()
        if role == EventRole:
            return item
        if role == AttachmentsRole:
            return self._attachments(item)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(item, col)
        if role == Qt.ItemDataRole.ForegroundRole and col == 2:
            if (item.get("delivery") or "").startswith("not sent"):
                return _kind_brush("not sent")
            return _kind_brush(item["kind"])
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == 0:
            return when(item["at"])
        if col == 1:
            return channel_label(item["channel"] or "commerce")
        if col == 2:
            label = self.tr(KIND_LABELS.get(item["kind"], item["kind"]))
            if item["agent_name"]:
                label = f"{label} · {item['agent_name']}"
            return f"{label} · {item['delivery']}" if item.get("delivery") else label
        return self._summary(item)

    def _decoration(self, item: dict[str, Any], col: int) -> Any:
        if col == 1:
            return channel_icon(item["channel"] or "commerce", 14)
        if col == 3 and self._attachments(item):
            return paperclip_icon(14)
        return None

    def _summary(self, item: dict[str, Any]) -> str:
        summary = item["subject"] or ""
        body = " ".join((item["body"] or "").split())
        if body:
            summary = f"{summary} — {body}" if summary else body
        files = self._attachments(item)
        if files:
            names = ", ".join(str(m.get("name") or "?") for m in files[:3])
            more = "…" if len(files) > 3 else ""
            summary = tr("[{count}: {names}{more}] {summary}").format(
                count=len(files), names=names, more=more, summary=summary
            )
        return summary[:240]

    def _tooltip(self, item: dict[str, Any]) -> str | None:
        body = (item["body"] or "")[:2000]
        files = self._attachments(item)
        if files:
            listed = "\n".join(attachments.describe(m) for m in files)
            body = f"{body}\n\n" if body else ""
            body += tr("Attachments (save one from the line's menu; never opened here):")
            body += "\n" + listed
        return body or None

    def _attachments(self, item: dict[str, Any]) -> list[dict[str, Any]]:
        """The line's attachments, looked up once for every loaded line still without
        them (one query per page, when the page is first shown)."""
        if "attachments" not in item:
            todo = [i for i in self._items if "attachments" not in i]
            found = attachments.of_history(todo)
            for line in todo:
                line["attachments"] = found.get(str(line["id"]), [])
        files: list[dict[str, Any]] = item["attachments"]
        return files
