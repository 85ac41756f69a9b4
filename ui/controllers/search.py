"""The search box: customers and messages, in the list that takes the queue's place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QListWidgetItem

from desktop.reads import search_customers, search_messages
from ui.controllers.base import Controller, ResultRole
from ui.formatting import local
from ui.icons import channel_icon

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class SearchController(Controller):
    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.search_timer = QTimer(self)  # searches 150 ms after the last key
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(150)
        self.search_timer.timeout.connect(self.run_search)

    def run_search(self) -> None:
        w = self.win
        text = w.search_box.text().strip()
        if not text:
            w.left_stack.setCurrentWidget(w.queue_view)
            return
        w.results_list.clear()
        for c in search_customers(w.app.db, text, limit=10):
            marks = (" ★" if c["vip"] else "") + (" ◆" if c["influencer"] else "")
            item = QListWidgetItem(f"Customer: {c['name']}{marks}")
            item.setData(ResultRole, ("customer", c["id"], None))
            w.results_list.addItem(item)
        for m in search_messages(w.app.db, text, limit=50):
            snippet = " ".join((m["snippet"] or "").split())
            item = QListWidgetItem(
                channel_icon(m["channel"] or "commerce"),
                f"{local(m['at'])}  {m['subject'] or ''} — {snippet}",
            )
            item.setData(ResultRole, ("message", m["customer_id"], m["contact_id"]))
            w.results_list.addItem(item)
        if not w.results_list.count():
            w.results_list.addItem(QListWidgetItem("No matches."))
        w.left_stack.setCurrentWidget(w.results_list)

    def on_result_activated(self, item: QListWidgetItem) -> None:
        w = self.win
        data = item.data(ResultRole)
        if not data:
            return
        _kind, customer_id, contact_id = data
        if contact_id:
            row = w.queue_model.row_of(contact_id)
            if row >= 0:
                w.queue.select_row(row)
            else:
                w.queue.show_selected(contact_id)
        if customer_id:
            w.card.show_customer(customer_id)
