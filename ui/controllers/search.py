"""The search box: customers and messages, in the list that takes the queue's place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QListWidgetItem

from ui.controllers.base import Controller, ResultRole
from ui.search_results import SearchResults

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class SearchController(Controller):
    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.search_timer = QTimer(self)  # searches 150 ms after the last key
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(150)
        self.search_timer.timeout.connect(self.search_as_you_type)
        self.results = SearchResults(
            win.app.db,
            win.search_box,
            win.results_list,
            lambda: win.menus.focus_area("queue"),
            self,
            off_thread=win.executor.run,
        )
        # the queue stays until the answer is there (no empty list while it is read)
        self.results.shown.connect(lambda: win.left_stack.setCurrentWidget(win.results_list))

    def search_as_you_type(self) -> None:
        """The box's text, searched off the UI thread (the list fills when it arrives)."""
        if not self.win.isVisible():
            return  # closed while the timer ran: its database thread may be gone too
        self._search(now=False)

    def run_search(self) -> None:
        """The box's text, searched at once on the UI thread."""
        self._search(now=True)

    def _search(self, *, now: bool) -> None:
        w = self.win
        self.search_timer.stop()  # a search now makes the pending one redundant
        text = w.search_box.text().strip()
        if not text:
            self.results.cancel()
            w.left_stack.setCurrentWidget(w.queue_view)
            return
        # who, how many, more, and the keys: ui/search_results
        if now:
            self.results.run(text)
        else:
            self.results.start(text)

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
