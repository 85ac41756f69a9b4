"""A customer's timeline across all channels, newest first, paged lazily.

The first page comes with the card (read off the UI thread with it); the next pages are
read when the view scrolls to the end, on the database thread when the model has an
executor (the window's), and put in with one insert each. A page read for a customer or
filter no longer shown is dropped."""

from __future__ import annotations

import logging
import time
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


_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_SLOT = {
    _DISPLAY: 0,
    int(Qt.ItemDataRole.DecorationRole.value): 1,
}
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_ANSWERED = frozenset((*_SLOT, _TOOLTIP, _FOREGROUND, int(EventRole), int(AttachmentsRole)))
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # once: enum "|" is Python


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
        an executor). The same customer and filter again (a change to the card shown)
        is put in place: new lines inserted at the top, changed ones repainted, the
        selection and scroll position kept, no reset."""
        if (
            first_page is not None
            and list(customer_ids) == self._customer_ids
            and (kinds, channels) == (self._kinds, self._channels)
            and self._update_in_place(first_page, has_more)
        ):
            return
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

    def _update_in_place(self, page: list[dict[str, Any]], has_more: bool) -> bool:
        """The first page read again over the lines shown: True if it could be put in
        place (the lines shown are the page's continuation), False for a reset."""
        old = self._items
        if not old or not page or self._fetching:
            return False
        first = old[0]["id"]
        ids = [line["id"] for line in page]
        try:
            new = ids.index(first)
        except ValueError:
            return False
        tail = len(page) - new  # the page's lines from the first one shown on
        overlap = min(tail, len(old))
        if any(old[i]["id"] != ids[new + i] for i in range(overlap)):
            return False
        if len(old) > tail and not has_more:
            return False  # the page is the whole history: lines shown past it are gone
        changed = []
        for i in range(overlap):
            line, was = page[new + i], old[i]
            if any(was.get(k) != v for k, v in line.items()):
                old[i] = line
                changed.append(i)
        if changed:
            self.dataChanged.emit(
                self.index(changed[0], 0), self.index(changed[-1], len(COLUMNS) - 1)
            )
        if len(old) <= overlap:  # nothing loaded beyond the page read again
            if tail > len(old):  # the page goes on past the lines shown: append the rest
                self.beginInsertRows(QModelIndex(), len(old), tail - 1)
                old.extend(page[new + len(old) :])
                self.endInsertRows()
            self._has_more = has_more
        if new:
            self.beginInsertRows(QModelIndex(), 0, new - 1)
            self._items[:0] = page[:new]
            self.endInsertRows()
        return True

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
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # a repaint asks every cell for 7 roles: those the history does not answer
        # return before anything else is looked at
        if role not in _ANSWERED:
            return None
        try:
            return self._data(index, role)
        except Exception:
            log.exception("history data failed at row %s", index.row())
            return None

    def _data(self, index: Index, role: int) -> Any:
        row = index.row()  # -1 for an invalid index
        if not 0 <= row < len(self._items):
            return None
        item = self._items[row]
        if role == EventRole:
            return item
        if role == AttachmentsRole:
            return self._attachments(item)
        if role == _TOOLTIP:
            return self._tooltip(item)
        if role == _FOREGROUND:  # one column, and it follows the theme: not cached
            if index.column() != 2:
                return None
            if (item.get("delivery") or "").startswith("not sent"):
                return _kind_brush("not sent")
            return _kind_brush(item["kind"])
        # a line's cells are worked out once a minute ("today 10:02" moves with the
        # day), not once per cell and role on every repaint
        minute = int(time.monotonic()) // 60
        cached = item.get("_cells")
        if cached is None or cached[0] != minute:
            cached = (minute, self._cells(item))
            item["_cells"] = cached
        return cached[1][_SLOT[role]][index.column()]

    def _cells(self, item: dict[str, Any]) -> tuple[tuple[Any, ...], ...]:
        """The display and decoration of the line's four columns."""
        label = self.tr(KIND_LABELS.get(item["kind"], item["kind"]))
        if item["agent_name"]:
            label = f"{label} · {item['agent_name']}"
        if item.get("delivery"):
            label = f"{label} · {item['delivery']}"
        display = (
            when(item["at"]),
            channel_label(item["channel"] or "commerce"),
            label,
            self._summary(item),
        )
        decoration = tuple(self._decoration(item, col) for col in range(len(COLUMNS)))
        return display, decoration

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
