"""The unified queue as a lazy table model.

Only keys (received_at, id) are held, a page at a time (canFetchMore /
fetchMore, keyset pagination over the partial queue indexes); display rows are
built on demand for the visible window and kept in a bounded cache. Nothing
here ever loads the whole backlog, and data() never raises.

What changed is read by the window on its database thread and handed in whole
(:meth:`QueueModel.apply_membership`, :meth:`QueueModel.reconcile` with the rows): the
changed rows are updated in place (no reset) from rows read there, so a repaint after a
take, a reply or a pull reads nothing on the UI thread. Rows a repaint needs and the
cache lacks (scrolling deep, a jump) are read on the database thread too: their cells say
"…" until they arrive (ui/queue_reads.py).

Why ~515 lines: it is one QAbstractTableModel; its key list, row cache and the in-place
moves share the same invariants (keys sorted, cache only of rows held), and the reads it
hands off already live in ui/queue_reads.py.
"""

from __future__ import annotations

import bisect
import logging
import time
from collections import OrderedDict
from collections.abc import Iterable
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
from desktop.reads import (
    Database,
    QueueFilter,
    QueueKey,
    queue_membership,
    queue_page,
)
from ui.formatting import duration, time_left, when
from ui.i18n import QT_TRANSLATE_NOOP
from ui.icons import channel_icon, channel_label
from ui.queue_reads import read_rows, reconcile_diff

log = logging.getLogger("lastmile.ui.queue")

ContactIdRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    ("channel", QT_TRANSLATE_NOOP("QueueModel", "Channel")),
    ("customer", QT_TRANSLATE_NOOP("QueueModel", "Customer")),
    ("subject", QT_TRANSLATE_NOOP("QueueModel", "Subject")),
    ("skill", QT_TRANSLATE_NOOP("QueueModel", "Skill")),
    ("status", QT_TRANSLATE_NOOP("QueueModel", "Status")),
    ("assignee", QT_TRANSLATE_NOOP("QueueModel", "Assigned to")),
    ("waiting", QT_TRANSLATE_NOOP("QueueModel", "Waiting")),
    ("due", QT_TRANSLATE_NOOP("QueueModel", "Due")),
)
STATUS_LABELS = {
    "open": QT_TRANSLATE_NOOP("QueueModel", "open"),
    "waiting": QT_TRANSLATE_NOOP("QueueModel", "waiting"),
    "resolved": QT_TRANSLATE_NOOP("QueueModel", "resolved"),
}
_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.FontRole,
)
_ROLE_SLOT = {int(r.value): n for n, r in enumerate(_ROLES)}
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP_SLOT = _ROLES.index(Qt.ItemDataRole.ToolTipRole)
_ID_ROLE = int(ContactIdRole)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # once: enum "|" is Python
OVERDUE = QColor("#CF222E")
SOON = QColor("#BF8700")
_OVERDUE, _SOON, _INFLUENCER = QBrush(OVERDUE), QBrush(SOON), QBrush(QColor("#D1246F"))
assert [c for c, _ in COLUMNS] == [  # the order QueueModel._cells writes them in
    *("channel", "customer", "subject", "skill", "status", "assignee", "waiting", "due")
]


class QueueModel(QAbstractTableModel):
    reloaded = Signal()  # the rows (membership) changed: counts are due again

    PAGE = 200
    CACHE_LIMIT = 3000
    WINDOW = 120

    def __init__(self, db: Database, clock: Clock, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self._clock = clock
        self._filter = QueueFilter()
        self._keys: list[QueueKey] = []
        # contact id -> its key; the row is found by bisection (keys are sorted), so an
        # insert or a removal does not renumber 50,000 rows on the UI thread
        self._key_of: dict[str, QueueKey] = {}
        self._version = 0  # bumped whenever the keys change (a diff read for older is redone)
        self._has_more = False
        self._cache: OrderedDict[str, dict[str, Any]] = OrderedDict()
        # rows a repaint needs and the cache lacks are read on the database thread when
        # there is an executor (the window's): the cells say "…" until they arrive
        self._executor: Any = None
        self._pending: set[str] = set()
        # read on the database thread and not found (deleted since the keys were read):
        # shown as "…" and not asked for again until the next refresh
        self._gone: set[str] = set()
        # bumped when cached rows are dropped: rows read before are not kept, all of them
        # after a clear (_cleared), those of the contacts that changed after (_changed)
        self._epoch = self._cleared = 0
        self._changed: dict[str, int] = {}
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
            return self.tr(COLUMNS[section][1])
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
        self._key_of.update((key[1], key) for key in page)
        self._keys.extend(page)
        self._version += 1
        self.endInsertRows()

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # a repaint asks ~40 rows x 8 columns x 7 roles: the roles the queue does not
        # answer return before anything else is looked at
        slot = _ROLE_SLOT.get(role)
        if slot is None and role != _ID_ROLE:
            return None
        try:
            return self._data(index, role, slot)
        except Exception:  # never raise inside data(): log and show nothing
            log.exception("queue data failed at row %s", index.row())
            return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    # -- our interface ---------------------------------------------------------

    @property
    def epoch(self) -> int:
        """Changes whenever cached rows are dropped (rows read before are stale then)."""
        return self._epoch

    def prime(self, rows: dict[str, dict[str, Any]], epoch: int) -> None:
        """Rows read ahead off the UI thread (those a jump will show), kept unless cached
        rows were dropped since ``epoch``: the repaint after the jump needs no read."""
        self._store(self._still_fresh(rows, epoch))

    def set_executor(self, executor: Any) -> None:
        """Read the rows a repaint lacks on this executor's thread from now on."""
        self._executor = executor

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
        key = self._key_of.get(contact_id)
        return -1 if key is None else self._find(key)

    @property
    def version(self) -> int:
        """Changes whenever the loaded keys change."""
        return self._version

    def keys(self) -> list[QueueKey]:
        """A copy of the loaded keys (to work out a reconcile off the UI thread)."""
        return list(self._keys)

    def row_data(self, row: int) -> dict[str, Any] | None:
        cid = self.contact_id(row)
        return self._row(row) if cid else None

    def reload(self, keep_loaded: bool = True) -> None:
        """Re-read the keys (as many as were loaded) after the queue changed."""
        wanted = max(self.PAGE, len(self._keys)) if keep_loaded else self.PAGE
        self.beginResetModel()
        self._keys = queue_page(self._db, self._filter, limit=wanted)
        self._key_of = {key[1]: key for key in self._keys}
        self._version += 1
        self._has_more = len(self._keys) == wanted
        self._clear_cache()
        self.endResetModel()
        self.reloaded.emit()

    def apply_changes(self, changes: Changes) -> None:
        """Update, insert and remove the rows of the contacts that changed (no reset).

        A change that names no contacts but says the queue moved (a rule, a merge) is
        reconciled the same way from the keys read again; ``external`` changes (another
        process, a pull) are left to :meth:`reconcile`, which the window feeds from its
        database thread."""
        if changes.contacts:
            self.update_contacts(changes.contacts)
        elif changes.queue and not changes.external:
            self.reconcile(self.filter, queue_page(self._db, self._filter, limit=self.loaded()))

    def loaded(self) -> int:
        """How many keys to read again to cover what is loaded."""
        return max(self.PAGE, len(self._keys))

    def update_contacts(self, contact_ids: Iterable[str]) -> None:
        """The given contacts changed: repaint, move in or out of the queue, as they are now."""
        ids = [cid for cid in contact_ids if cid and cid != "*"]
        self.apply_membership(ids, queue_membership(self._db, self._filter, ids))

    def apply_membership(
        self,
        ids: list[str],
        now_in: dict[str, QueueKey],
        rows: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        """Like :meth:`update_contacts` with what was read off the UI thread: ``now_in``
        (queue_membership of ``ids``) and, if given, their display ``rows`` (queue_rows),
        which the repaint then uses instead of reading them."""
        removed, added, repaint = [], [], []
        self._epoch += 1
        for cid in ids:
            self._cache.pop(cid, None)
            self._gone.discard(cid)
            self._changed[cid] = self._epoch
            if rows and cid in rows:
                self._cache[cid] = rows[cid]
            row, key = self.row_of(cid), now_in.get(cid)
            if row >= 0 and (key is None or self._keys[row] != key):
                removed.append(self._keys[row])
            if key is not None and (row < 0 or self._keys[row] != key):
                added.append(key)
            elif row >= 0 and key is not None:
                repaint.append(row)
        for row in repaint:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        if removed or added:
            self._move(removed, added)

    def reconcile(
        self,
        flt: QueueFilter,
        keys: list[QueueKey],
        rows: dict[str, dict[str, Any]] | None = None,
        diff: tuple[int, list[QueueKey], list[QueueKey]] | None = None,
    ) -> None:
        """Bring the loaded rows in line with ``keys``, the first ``len(keys)`` keys of the
        queue read again (off the UI thread): rows that left are removed, new ones
        inserted, the rest repainted; scroll position and selection stay. ``rows`` (read
        with the keys: those on screen) are what the repaint shows. ``diff`` is
        :func:`reconcile_diff` worked out off the UI thread against the keys of
        :attr:`version` (50,000 keys compared there, not here); when the keys changed
        since, it is worked out again."""
        if flt != self._filter:
            return  # read for a filter no longer shown
        loaded = self.loaded()
        complete = len(keys) < loaded  # the whole queue fits: nothing beyond
        if diff is not None and diff[0] == self._version:
            removed, added = diff[1], diff[2]
        else:
            removed, added = reconcile_diff(self._keys, keys, loaded)
        if complete:
            self._has_more = False
        self._clear_cache()
        self._cache.update(rows or ())
        if removed or added:
            self._move(removed, added)
        if self._keys:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._keys) - 1, len(COLUMNS) - 1)
            )

    def visible_ids(self, first: int, last: int, margin: int = 20) -> list[str]:
        """The contact ids of rows ``first``..``last`` (what is on screen) and a margin."""
        start = max(0, first - margin)
        return [k[1] for k in self._keys[start : max(start, last + margin + 1)]]

    def _move(self, removed: list[QueueKey], added: list[QueueKey]) -> None:
        if len(removed) + len(added) > 500:  # a different queue: one reset is cheaper
            keys = sorted((set(self._keys) - set(removed)) | set(added))
            self.beginResetModel()
            self._keys = keys
            self._key_of = {key[1]: key for key in keys}
            self._version += 1
            self._clear_cache()
            self.endResetModel()
            self.reloaded.emit()
            return
        gone = set(removed)
        rows = (
            (n for n, k in enumerate(self._keys) if k in gone)
            if len(gone) > 8
            else (self._find(k) for k in gone)
        )
        for row in sorted((r for r in rows if r >= 0), reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            key = self._keys.pop(row)
            if self._key_of.get(key[1]) == key:
                del self._key_of[key[1]]
            self._version += 1
            self.endRemoveRows()
        for key in sorted(set(added) - gone):
            if self._has_more and self._keys and key > self._keys[-1]:
                continue  # beyond what is loaded: fetchMore brings it in order
            row = bisect.bisect_left(self._keys, key)
            if row < len(self._keys) and self._keys[row] == key:
                continue
            self.beginInsertRows(QModelIndex(), row, row)
            self._keys.insert(row, key)
            self._key_of[key[1]] = key
            self._version += 1
            self.endInsertRows()
        self.reloaded.emit()

    def _find(self, key: QueueKey) -> int:
        row = bisect.bisect_left(self._keys, key)
        return row if row < len(self._keys) and self._keys[row] == key else -1

    def refresh_clocks(self) -> None:
        """Waiting and due columns move with time; repaint just those."""
        if self._keys:
            first = [c for c, _l in COLUMNS].index("waiting")
            self.dataChanged.emit(
                self.index(0, first),
                self.index(len(self._keys) - 1, len(COLUMNS) - 1),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole],
            )

    # -- internals -------------------------------------------------------------

    def _row(self, row: int, wait: bool = True) -> dict[str, Any] | None:
        """The display row of ``row``, from the cache or read with the rows around it:
        here and now, or (``wait`` False, with an executor) on the database thread, when
        None is returned for now and the rows are repainted once they are in."""
        cid = self._keys[row][1]
        cached = self._cache.get(cid)
        if cached is not None:
            self._cache.move_to_end(cid)
            return cached
        if not wait and self._executor is not None and (cid in self._pending or cid in self._gone):
            return None  # on its way (asked for by another cell of the repaint), or gone
        start = max(0, row - self.WINDOW // 4)
        window = [k[1] for k in self._keys[start : start + self.WINDOW] if k[1] not in self._cache]
        if not wait and self._executor is not None:
            self._read_later(window)
            return None
        self._store(read_rows(self._db, window))
        return self._cache.get(cid)

    def _store(self, found: dict[str, dict[str, Any]]) -> None:
        for key, value in found.items():
            self._cache[key] = value
        while len(self._cache) > self.CACHE_LIMIT:
            self._cache.popitem(last=False)

    def _clear_cache(self) -> None:
        self._cache = OrderedDict()
        self._epoch += 1
        self._cleared = self._epoch
        self._changed.clear()
        self._gone.clear()

    def _still_fresh(self, rows: dict[str, Any], epoch: int) -> dict[str, Any]:
        """Of rows read at ``epoch``, those nothing changed since and not cached anew."""
        if self._cleared > epoch:
            return {}
        changed, cache = self._changed, self._cache
        return {k: v for k, v in rows.items() if k not in cache and changed.get(k, -1) <= epoch}

    def _read_later(self, window: list[str]) -> None:
        ids = [cid for cid in window if cid not in self._pending]
        if not ids:
            return
        self._pending.update(ids)
        db, epoch = self._db, self._epoch

        def arrived(found: dict[str, dict[str, Any]]) -> None:
            self._pending.difference_update(ids)
            if self._cleared <= epoch:  # not found, and nothing said it changed since
                changed = self._changed
                self._gone.update(c for c in ids if c not in found and changed.get(c, 0) <= epoch)
            # rows that changed meanwhile are left out: the repaint asks for them again
            self._store(self._still_fresh(found, epoch))
            rows = [r for r in (self.row_of(cid) for cid in ids) if r >= 0]
            if rows:
                last = len(COLUMNS) - 1
                self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), last))

        def failed(_error: BaseException) -> None:
            self._pending.difference_update(ids)

        self._executor.run(lambda: read_rows(db, ids), arrived, failed)

    def _data(self, index: Index, role: int, slot: int | None) -> Any:
        row = index.row()  # -1 for an invalid index
        if not 0 <= row < len(self._keys):
            return None
        if slot is None:  # the contact id
            return self._keys[row][1]
        item = self._cache.get(self._keys[row][1])
        if item is None:
            item = self._row(row, wait=False)
        if item is None:  # deleted since the keys were read
            return "…" if role == _DISPLAY else None
        if item.get("_unreadable"):  # said, never a blank row (the message bar says why)
            if role != _DISPLAY:
                return None
            return (
                self.tr("unreadable: the database is damaged")
                if COLUMNS[index.column()][0] == "subject"
                else "⚠"
            )
        column = index.column()
        if slot == _TOOLTIP_SLOT:  # asked when the mouse rests on a cell, not per paint
            return self._tooltip(item, COLUMNS[column][0])
        # a row's cells are worked out once per second, not once per cell and role
        # (a repaint asks ~40 rows x 8 columns x 7 roles)
        second = int(time.monotonic())
        cached = item.get("_cells")
        if cached is None or cached[0] != second:
            cached = (second, self._cells(item))
            item["_cells"] = cached
        return cached[1][slot][column]

    def _cells(self, item: dict[str, Any]) -> tuple[tuple[Any, ...], ...]:
        """Every column's value for the display, decoration, foreground and font (the
        tooltip, rarely asked, is worked out when asked)."""
        # straight-line, in COLUMNS order: a screenful of new rows is 40 of these calls
        now = self._clock.now()
        status, due_at, channel = item["status"], item["due_at"], item["channel"]
        name = item["customer_name"] or self.tr("Unknown")
        marks = (" ★" if item["vip"] else "") + (" ◆" if item["influencer"] else "")
        subject = item["subject"] or item["preview"] or self.tr("(no subject)")
        if status != "open":  # the SLA clock stops while waiting on the customer
            due = self.tr("paused") if status == "waiting" else "—"
        else:
            due = time_left(due_at, now)
        display = (
            channel_label(channel),
            name + marks,
            ("‼ " if item["priority"] else "") + subject,
            item["skill"],
            self.tr(STATUS_LABELS.get(status, status)),
            item["assignee_name"] or "—",
            duration(now - item["received_at"]),
            due,
        )
        due_brush = None
        if due_at is not None and status == "open":
            left = (due_at - now).total_seconds()
            due_brush = _OVERDUE if left < 0 else _SOON if left < 15 * 60 else None
        influencer = _INFLUENCER if item["influencer"] else None
        bold = self._bold if item["assigned_to"] is None else None
        return (
            display,
            (channel_icon(channel), None, None, None, None, None, None, None),
            (None, influencer, None, None, None, None, None, due_brush),
            (),  # the tooltip: asked for one cell at a time
            (None, bold, bold, None, None, None, None, None),
        )

    def _tooltip(self, item: dict[str, Any], column: str) -> str | None:
        if column == "subject":
            return item["preview"] or item["subject"]
        if column in ("waiting", "due"):
            now = self._clock.now()
            return self.tr("Received {received}, due {due}").format(
                received=when(item["received_at"], now), due=when(item["due_at"], now)
            )
        return None
