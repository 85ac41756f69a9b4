"""The customer card's tabs: the history (filter, list, the selected line in full), the
purchases, the invoices and the follow-ups (ui/customer_card.py holds them)."""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.card import Card
from ui.formatting import day, money, time_left, when
from ui.history_model import HistoryModel
from ui.i18n import QT_TRANSLATE_NOOP


def tr(text: str) -> str:
    return QCoreApplication.translate("CustomerCard", text)


HISTORY_FILTERS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (QT_TRANSLATE_NOOP("CustomerCard", "Everything"), (), ()),
    (QT_TRANSLATE_NOOP("CustomerCard", "Messages"), ("inbound", "reply", "ack"), ()),
    (QT_TRANSLATE_NOOP("CustomerCard", "Calls"), ("call",), ()),
    (QT_TRANSLATE_NOOP("CustomerCard", "Notes"), ("note",), ()),
    (QT_TRANSLATE_NOOP("CustomerCard", "Follow-ups"), ("task", "reminder"), ()),
    (QT_TRANSLATE_NOOP("CustomerCard", "Purchases & invoices"), ("purchase", "invoice"), ()),
    (QT_TRANSLATE_NOOP("CustomerCard", "Failed sessions"), (), ("session",)),
)


class CardTabs(QTabWidget):
    """History, Purchases, Invoices, Follow-ups; the card connects their buttons."""

    invoice_clicked = Signal(str)  # send | remind | escalate

    def __init__(self, model: HistoryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        history = QWidget()
        hl = QVBoxLayout(history)
        hl.setContentsMargins(0, 4, 0, 0)
        # the filter sits beside the tabs: at 1366x768 every row counts for the history
        corner = QWidget()
        row = QHBoxLayout(corner)
        row.setContentsMargins(0, 0, 0, 2)
        show_label = QLabel(tr("Show"))
        row.addWidget(show_label)
        self.history_filter = QComboBox()
        self.history_filter.setAccessibleName(tr("Show in the history"))
        show_label.setBuddy(self.history_filter)
        for label, _, _ in HISTORY_FILTERS:
            self.history_filter.addItem(tr(label))
        row.addWidget(self.history_filter)
        self.setCornerWidget(corner, Qt.Corner.TopRightCorner)
        self.history_view = QTableView()
        self.history_view.setModel(model)
        self.history_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.history_view.verticalHeader().hide()
        self.history_view.setAlternatingRowColors(True)
        self.history_view.setWordWrap(False)
        hh = self.history_view.horizontalHeader()
        # fixed widths, not ResizeToContents: that asks every loaded row for its size on
        # each change (hundreds of rows for a big customer), on the UI thread
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((118, 96, 150)):
            hh.resizeSection(col, width)
        hh.setStretchLastSection(True)
        self.history_view.verticalHeader().setDefaultSectionSize(22)
        self.history_detail = QTextBrowser()
        self.history_detail.setOpenLinks(False)
        self.history_detail.setMinimumHeight(36)
        self.history_detail.setPlaceholderText(tr("Select an item to read it in full."))
        # one splitter: the agent drags the line between the list and the full text
        self.history_split = QSplitter(Qt.Orientation.Vertical)
        self.history_split.setObjectName("HistorySplitter")
        self.history_split.addWidget(self.history_view)
        self.history_split.addWidget(self.history_detail)
        self.history_split.setStretchFactor(0, 3)
        self.history_split.setStretchFactor(1, 1)
        self.history_split.setSizes([300, 80])
        hl.addWidget(self.history_split, 1)
        self.addTab(history, tr("History"))

        self.purchases_table = self._table(("Date", "Product", "Amount"))
        self.addTab(self.purchases_table, tr("Purchases"))
        invoices = QWidget()
        il = QVBoxLayout(invoices)
        il.setContentsMargins(0, 4, 0, 0)
        self.invoices_table = self._table(("Number", "Issued", "Due", "Amount", "State"))
        il.addWidget(self.invoices_table)
        row_buttons = QHBoxLayout()
        row_buttons.addStretch(1)
        self.invoice_buttons: dict[str, QPushButton] = {}
        for action, label in (
            ("send", "Send invoice"),
            ("remind", "Send reminder"),
            ("escalate", "Escalate to collections"),
        ):
            button = QPushButton(label)
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, a=action: self.invoice_clicked.emit(a))
            self.invoice_buttons[action] = button
            row_buttons.addWidget(button)
        il.addLayout(row_buttons)
        self.addTab(invoices, tr("Invoices"))
        tasks = QWidget()
        tl = QVBoxLayout(tasks)
        tl.setContentsMargins(0, 4, 0, 0)
        self.tasks_table = self._table(("Due", "Follow-up", "Kind"))
        tl.addWidget(self.tasks_table)
        self.task_done_button = QPushButton(tr("Mark follow-up done"))
        self.task_done_button.setEnabled(False)
        self.task_delete_button = QPushButton(tr("Delete follow-up"))
        self.task_delete_button.setToolTip(tr("Remove a follow-up that is no longer needed"))
        self.task_delete_button.setEnabled(False)
        task_buttons = QHBoxLayout()
        task_buttons.addStretch(1)
        task_buttons.addWidget(self.task_delete_button)
        task_buttons.addWidget(self.task_done_button)
        tl.addLayout(task_buttons)
        self.addTab(tasks, tr("Follow-ups"))

    @staticmethod
    def _table(headers: tuple[str, ...]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(list(headers))
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setStretchLastSection(True)
        table.setAlternatingRowColors(True)
        return table

    def fill_tables(self, card: Card, now: datetime) -> None:
        """The purchases, invoices and follow-ups of a card."""
        self.purchases_table.setRowCount(len(card.purchases))
        for r, p in enumerate(card.purchases):
            for col, text in enumerate(
                (day(p.purchased_at), p.product, money(p.amount_cents, p.currency))
            ):
                self.purchases_table.setItem(r, col, QTableWidgetItem(text))
        self.invoices_table.setRowCount(len(card.invoices))
        for r, i in enumerate(card.invoices):
            state = i.state
            if state in ("sent", "not sent") and i.due_at and i.due_at < now:
                state += ", overdue"
            for col, text in enumerate(
                (
                    i.number,
                    day(i.issued_at),
                    day(i.due_at),
                    money(i.amount_cents, i.currency),
                    state,
                )
            ):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, i.id)
                self.invoices_table.setItem(r, col, cell)
        self.tasks_table.setRowCount(len(card.tasks))
        for r, t in enumerate(card.tasks):
            due = QTableWidgetItem(due_text(t.due_at, now))
            due.setData(Qt.ItemDataRole.UserRole, t.id)
            self.tasks_table.setItem(r, 0, due)
            self.tasks_table.setItem(r, 1, QTableWidgetItem(t.title))
            self.tasks_table.setItem(r, 2, QTableWidgetItem(t.kind.replace("_", " ")))
        for table in (self.purchases_table, self.invoices_table, self.tasks_table):
            table.resizeColumnsToContents()
            table.horizontalHeader().setStretchLastSection(True)
        self.setTabText(
            3, tr("Follow-ups ({n})").format(n=len(card.tasks)) if card.tasks else tr("Follow-ups")
        )

    def show_item(self, item: dict[str, Any] | None) -> None:
        """A history line in full below the list (None: empty)."""
        if item is None:
            self.history_detail.clear()
            return
        who = f" by {html.escape(item['agent_name'])}" if item["agent_name"] else ""
        if item.get("delivery"):
            who += f" · {html.escape(item['delivery'])}"
        self.history_detail.setHtml(
            f"<b>{html.escape(item['subject'] or item['kind'])}</b>"
            f"<br><small>{when(item['at'])}{who}</small>"
            f"<p style='white-space:pre-wrap'>{html.escape(item['body'] or '')}</p>"
        )


def due_text(due_at: datetime, now: datetime) -> str:
    """A follow-up's due time as the tab shows it: when, and how long from now."""
    return f"{when(due_at, now)} ({time_left(due_at, now)})"


def tables_of(card: Card | None) -> tuple[Any, ...]:
    """What the purchases, invoices and follow-ups tabs show of a card (the rows' fields:
    peewee's == compares primary keys only)."""
    if card is None:
        return ()
    return tuple(
        [getattr(row, "__data__", row) for row in rows]
        for rows in (card.purchases, card.invoices, card.tasks)
    )


def clock_texts(card: Card, now: datetime) -> tuple[Any, ...]:
    """What of the tabs changes with the clock alone: the follow-ups' time left and
    which invoices are overdue (see CardTabs.fill_tables)."""
    return (
        tuple(due_text(t.due_at, now) for t in card.tasks),
        tuple(bool(i.due_at and i.due_at < now) for i in card.invoices),
    )
