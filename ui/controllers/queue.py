"""The queue: filters, the selected contact, the count, and applying changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QTimer

from desktop import reads
from desktop.changes import Changes
from desktop.reads import QueueFilter, queue_count, queue_page, queue_rows
from desktop.templates import template_values
from ui.controllers.base import Controller
from ui.formatting import number, when

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class QueueController(Controller):
    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        # the first row is shown once the combos are set: a reset of all four filters
        # builds one card, not four
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(0)
        self._filter_timer.timeout.connect(self._select_first)

    def current_filter(self) -> QueueFilter:
        w = self.win
        return QueueFilter(
            channel=w.channel_filter.currentData(),
            skill=w.skill_filter.currentData(),
            status=w.status_filter.currentData(),
            assignee=w.assignee_filter.currentData(),
            # the team picker (ui/controllers/teams.py), built after this controller
            team=w.teams.current() if hasattr(w, "teams") else None,
        )

    def refresh_skill_filter(self) -> None:
        """The skill filter offers the skills agents have now (after an admin change)."""
        combo = self.win.skill_filter
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("All skills"), None)
        for skill in reads.skills_in_use():
            combo.addItem(skill, skill)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)
        if combo.currentData() != current:  # the chosen skill is gone: show all
            self.on_filter_changed(0)

    def on_filter_changed(self, _index: int) -> None:
        self.win.queue_model.set_filter(self.current_filter())
        self._filter_timer.start()

    def _select_first(self) -> None:
        if self.win.queue_model.rowCount():
            self.select_row(0)
        else:
            self.show_selected(None)

    def select_row(self, row: int) -> None:
        view = self.win.queue_view
        index = self.win.queue_model.index(row, 0)
        view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        view.scrollTo(index)

    def on_queue_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.show_selected(
            self.win.queue_model.contact_id(current.row()) if current.isValid() else None
        )

    def show_contact(self, contact_id: str) -> None:
        """Open a contact: select it in the queue if it is there, show it either way."""
        self.win.left_stack.setCurrentWidget(self.win.queue_view)
        row = self.win.queue_model.row_of(contact_id)
        if row >= 0:
            self.select_row(row)
        else:
            self.show_selected(contact_id)

    def show_selected(self, contact_id: str | None, *, follow_card: bool = True) -> None:
        """Show the contact in the panel and (``follow_card``) its customer on the card."""
        w = self.win
        if contact_id is None:
            w.contact_panel.show_contact(None, None, {})
            return
        rows = queue_rows(w.app.db, [contact_id])
        row = rows.get(contact_id)
        if row is None:
            w.contact_panel.show_contact(None, None, {})
            return
        first = reads.first_inbound_body(contact_id)
        values = template_values(w.actor, reads.customer(row["customer_id"]))
        w.contact_panel.show_contact(row, first, values, now=w.app.clock.now())
        if follow_card and row["customer_id"] != w.card.customer_id:
            w.card.show_customer(row["customer_id"])
        panel = getattr(w, "training_panel", None)  # built after the first selection
        if panel is not None:
            panel.show_contact(contact_id)

    def selected_contact_id(self) -> str | None:
        return self.win.contact_panel.contact_id

    def refresh_counts(self) -> None:
        w = self.win
        flt = w.queue_model.filter
        db = w.app.db

        def count() -> int:
            return queue_count(db, flt)

        def show(n: int) -> None:
            loaded = w.queue_model.rowCount()
            more = (
                self.tr(" (showing {loaded})").format(loaded=number(loaded)) if loaded < n else ""
            )
            w.count_label.setText(self.tr("%Ln contact(s)", "", n) + more)

        w.executor.run(count, show)
        w.as_of_label.setText(self.tr("as of {when}").format(when=when(w.app.clock.now())))

    def on_changes_applied(self, changes: Changes) -> None:
        """Show what a change touched: its rows (no model reset), the panel, the card."""
        w = self.win
        selected = self.selected_contact_id()
        if changes.external and not changes.contacts:
            self._reconcile_queue()  # which rows is not known: re-read off the UI thread
        else:
            w.queue_model.apply_changes(changes)
        w.timers.note_data_version()
        if selected is None:
            if w.queue_model.rowCount():
                self.select_row(0)
        else:
            row = w.queue_model.row_of(selected)
            current = w.queue_view.currentIndex()
            if row >= 0 and (not current.isValid() or current.row() != row):
                self.select_row(row)
            elif selected in changes.contacts or changes.external:
                # the panel shows the contact as it is now; the card stays on whom it
                # shows (a call pop may have moved it to the caller meanwhile)
                self.show_selected(selected, follow_card=False)
        if w.card.customer_id and self._card_concerned(changes):
            w.card.refresh()

    def _card_concerned(self, changes: Changes) -> bool:
        card = self.win.card
        if changes.external or changes.tasks or card.customer_id in changes.customers:
            return True
        ids = [c for c in changes.contacts if c and c != "*"]
        return bool(ids) and reads.any_contact_of(ids, card.customer_id or "")

    def _reconcile_queue(self) -> None:
        w = self.win
        model, db = w.queue_model, w.app.db
        flt, wanted = model.filter, model.loaded()
        w.executor.run(
            lambda: queue_page(db, flt, limit=wanted), lambda keys: model.reconcile(flt, keys)
        )
