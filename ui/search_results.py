"""Search results an agent can use: who each hit is, how many there are, and keys.

Customers carry an email or phone so that namesakes can be told apart; message hits say
whose message they are; a header counts the hits and a last line offers more. In the
search box ↓ moves into the results, Enter opens the first (or current) one and Esc goes
back to the queue; in the results ↑ on the first line goes back to the box and Esc too.

While the agent types, :meth:`SearchResults.start` runs the queries off the UI thread
(the window's database executor): at most one search runs, the newest text waits for it
(the ones typed in between are never run), and a result that arrives for text the box
no longer holds is dropped. Only building the list runs on the UI thread. Enter and
"more" search at once (:meth:`run`): the agent asked for that answer.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, NamedTuple

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem
from shiboken6 import isValid

from desktop.errors import UserFacingError
from desktop.reads import (
    Database,
    customer_names,
    reach,
    search_customers,
    search_messages,
    storage_error,
)
from ui.formatting import when
from ui.i18n import user_text
from ui.icons import channel_icon

ResultRole = Qt.ItemDataRole.UserRole + 3  # the same role as ui/controllers/base.py
CUSTOMERS, MESSAGES = 10, 50  # the first page; "more" asks five times as many


def tr(text: str) -> str:
    return QCoreApplication.translate("SearchResults", text)


# the executor's run(fn, on_success, on_failure): fn on the database thread, the
# callbacks on the UI thread (ui/executor.py)
OffThread = Callable[
    [Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None
]


class Found(NamedTuple):
    """What one search read: everything the list shows, so that building it reads nothing."""

    customers: list[dict[str, Any]]
    messages: list[dict[str, Any]]
    reach: dict[str, str]
    whose: dict[str, str]


def _caught(fn: Callable[..., Found], *args: Any) -> Found | BaseException:
    """fn's answer, or what it raised (so that the UI thread hears of every outcome)."""
    try:
        return fn(*args)
    except UserFacingError as exc:
        return exc
    except Exception as exc:
        path = getattr(args[0], "path", None)  # the database: a full disk, damaged pages
        return (storage_error(exc, path) if path is not None else None) or exc


def find(db: Database, text: str, scale: int) -> Found:
    """The queries of one search (any thread: they read through ``db`` and the proxy)."""
    customers = search_customers(db, text, limit=CUSTOMERS * scale + 1)
    messages = search_messages(db, text, limit=MESSAGES * scale + 1)
    shown = customers[: CUSTOMERS * scale]
    return Found(
        customers,
        messages,
        reach([c["id"] for c in shown]),
        customer_names(
            sorted({m["customer_id"] for m in messages[: MESSAGES * scale] if m["customer_id"]})
        ),
    )


class SearchResults(QObject):
    """Fills the results list for the search box's text, and gives both their keys."""

    shown = Signal()  # the list holds the answer for the box's text

    def __init__(
        self,
        db: Database,
        box: QLineEdit,
        results: QListWidget,
        back_to_queue: Callable[[], None],
        parent: QObject | None = None,
        off_thread: OffThread | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._off_thread = off_thread
        self._running = False  # a search is on the database thread
        self._waiting: str | None = None  # the newest text typed meanwhile
        self._asked = 0  # counts what was asked: only the answer to the last one is shown
        self.box = box
        self.results = results
        self._back = back_to_queue
        self._scale = 1
        self._text = ""
        self.customer_count = 0
        self.message_count = 0
        box.installEventFilter(self)
        results.installEventFilter(self)
        results.itemActivated.connect(self.on_item_activated)

    def start(self, text: str) -> None:
        """Search as the agent types: off the UI thread, the newest text only."""
        text = text.strip()
        if self._off_thread is None:
            self.run(text)
            return
        self._asked += 1
        if self._running:
            self._waiting = text  # replaces any text typed before it
            return
        self._running = True
        self._off_thread(
            partial(_caught, find, self._db, text, 1),
            partial(self._arrived, self._asked, text),
            # a UserFacingError (the executor's own mapping)
            partial(self._arrived, self._asked, text),
        )

    def _arrived(self, asked: int, text: str, found: Found | BaseException) -> None:
        self._running = False  # first: a failure below must not stop the next searches
        if not isValid(self) or not isValid(self.results) or not self.box.window().isVisible():
            return  # the window is gone or closed
        current = asked == self._asked
        self._next()
        if not current:
            return  # stale: other text was asked for since (or Enter, or an emptied box)
        if isinstance(found, UserFacingError):
            self.results.clear()
            header = QListWidgetItem(
                tr("The search failed: {error}").format(error=user_text(found))
            )
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setData(ResultRole, None)
            self.results.addItem(header)
            self.shown.emit()
        elif isinstance(found, BaseException):
            raise found  # a bug: the window's crash handler reports it
        else:
            self.show(text, 1, found)

    def _next(self) -> None:
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self._asked -= 1  # start counts it again: it is the same question
            self.start(waiting)

    def cancel(self) -> None:
        """The box was emptied: an answer still on its way is not shown."""
        self._asked += 1
        self._waiting = None

    @property
    def searching(self) -> bool:
        """A search typed into the box has not reached the list yet."""
        return self._running or self._waiting is not None

    def run(self, text: str, *, scale: int = 1) -> None:
        """Search now, on this thread (Enter, "more")."""
        text = text.strip()
        self._asked += 1  # an answer still on its way is older than this one
        self._waiting = None
        self.show(text, scale, find(self._db, text, scale))

    def show(self, text: str, scale: int, found: Found) -> None:
        """Build the list from what a search read (reads nothing itself)."""
        self._text, self._scale = text, scale
        self.results.clear()
        customers, messages = found.customers, found.messages
        more_customers = len(customers) > CUSTOMERS * scale
        more_messages = len(messages) > MESSAGES * scale
        more = more_customers or more_messages
        customers, messages = customers[: CUSTOMERS * scale], messages[: MESSAGES * scale]
        self.customer_count, self.message_count = len(customers), len(messages)
        header = QListWidgetItem(
            self._count_line(len(customers), len(messages), more_customers, more_messages)
        )
        header.setFlags(Qt.ItemFlag.NoItemFlags)
        header.setData(ResultRole, None)
        self.results.addItem(header)
        contacts = found.reach
        for c in customers:
            marks = (" ★" if c["vip"] else "") + (" ◆" if c["influencer"] else "")
            how = contacts.get(c["id"])
            item = QListWidgetItem(
                tr("Customer: {name}{marks}").format(name=c["name"], marks=marks)
                + (f" · {how}" if how else "")
            )
            item.setData(ResultRole, ("customer", c["id"], None))
            self.results.addItem(item)
        whose = found.whose
        for m in messages:
            snippet = " ".join((m["snippet"] or "").split())
            who = whose.get(m["customer_id"] or "", "")
            item = QListWidgetItem(
                channel_icon(m["channel"] or "commerce"),
                f"{when(m['at'])}  {who} — {m['subject'] or ''}: {snippet}",
            )
            item.setData(ResultRole, ("message", m["customer_id"], m["contact_id"]))
            self.results.addItem(item)
        if more:
            item = QListWidgetItem(tr("Show more results…"))
            item.setData(ResultRole, ("more", None, None))
            self.results.addItem(item)
        self.results.setAccessibleDescription(header.text())
        self.shown.emit()

    @staticmethod
    def _count_line(
        customers: int, messages: int, more_customers: bool, more_messages: bool
    ) -> str:
        if not customers and not messages:
            return tr("No matches.")
        return tr("{c} customers · {m} messages").format(
            c=f"{customers}+" if more_customers else customers,
            m=f"{messages}+" if more_messages else messages,
        )

    def on_item_activated(self, item: QListWidgetItem) -> None:
        data = item.data(ResultRole)
        if data and data[0] == "more":
            # later: other slots of this signal still hold the item the list would delete
            QTimer.singleShot(0, partial(self._more, self.results.row(item)))

    def _more(self, row: int) -> None:
        self.run(self._text, scale=self._scale * 5)
        self.results.setCurrentRow(min(row, self.results.count() - 1))

    def first_result(self) -> int:
        for row in range(self.results.count()):
            item = self.results.item(row)
            if item is not None and item.flags() & Qt.ItemFlag.ItemIsEnabled:
                return row
        return -1

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if watched is self.box:
            if key == Qt.Key.Key_Down and self.results.isVisible():
                first = self.first_result()
                if first >= 0:
                    self.results.setFocus(Qt.FocusReason.OtherFocusReason)
                    self.results.setCurrentRow(first)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.box.text().strip():
                    self.run(self.box.text())
                    first = self.first_result()
                    item = self.results.item(first) if first >= 0 else None
                    if item is not None:
                        self.results.setCurrentRow(first)
                        self.results.itemActivated.emit(item)
                return True
            if key == Qt.Key.Key_Escape:
                self.box.clear()
                self._back()
                return True
        elif watched is self.results and (
            key == Qt.Key.Key_Escape
            or (key == Qt.Key.Key_Up and self.results.currentRow() <= self.first_result())
        ):
            self.box.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False

    def data_of(self, row: int) -> Any:
        item = self.results.item(row)
        return item.data(ResultRole) if item is not None else None
