"""The queue: filters, the selected contact, the count, and applying changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QTimer

from desktop import reads
from desktop.card import CardView, card_view
from desktop.changes import Changes
from desktop.errors import UserFacingError
from desktop.reads import (
    ContactView,
    QueueFilter,
    QueueKey,
    contact_view,
    queue_count,
    queue_membership,
    queue_page,
    queue_rows,
)
from ui.controllers.base import Controller
from ui.formatting import number, when
from ui.queue_reads import reconcile_diff

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
        self._counts_timer = QTimer(self)  # the queue is counted once per burst of changes
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(0)
        self._counts_timer.timeout.connect(self._read_counts)
        self._token = 0  # bumped per selection: a contact read for an older one is dropped
        self._selected: str | None = None
        self._quiet = False  # the selection moves to the shown contact's new row
        # the selection was emptied on purpose (a call pop of a caller with no open contact):
        # a refresh does not select the first row again until the agent picks one
        self.hold_empty = False
        # the rows a repaint lacks are read on the database thread (scrolling deep)
        win.queue_model.set_executor(win.executor)

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
        contact_id = self.win.queue_model.contact_id(current.row()) if current.isValid() else None
        if self._quiet and contact_id == self._selected:
            return  # the row of the contact shown moved: nothing to read again
        self.show_selected(contact_id)

    def show_contact(self, contact_id: str) -> None:
        """Open a contact: select it in the queue if it is there, show it either way."""
        self.win.left_stack.setCurrentWidget(self.win.queue_view)
        row = self.win.queue_model.row_of(contact_id)
        if row >= 0:
            self.select_row(row)
        else:
            self.show_selected(contact_id)

    def show_selected(
        self,
        contact_id: str | None,
        *,
        follow_card: bool = True,
        then: Callable[[], None] | None = None,
    ) -> None:
        """Show the contact in the panel and (``follow_card``) its customer on the card.

        Read on the database thread (the contact, its templates and attachments, and the
        card when it changes customer), shown in one update when it arrives; a result
        for a contact no longer selected is dropped."""
        w = self.win
        self._token += 1
        token = self._token
        self._selected = contact_id
        if contact_id is None:
            w.contact_panel.show_contact(None, None, {})
            return
        self.hold_empty = False
        w.contact_panel.set_loading()
        db, actor, card, clock = w.app.db, w.actor, w.card, w.app.clock
        card_shows, (kinds, channels) = card.customer_id, card.history_shown

        def read() -> tuple[ContactView | None, CardView | None]:
            view = contact_view(db, actor, contact_id)
            if view is None or not follow_card or view.customer_id == card_shows:
                return view, None
            try:
                shown = card_view(db, view.customer_id, clock.now(), kinds=kinds, channels=channels)
                return view, shown
            except UserFacingError:  # the customer is gone: the contact still shows
                return view, None

        def show(result: tuple[ContactView | None, CardView | None]) -> None:
            if token != self._token:
                return  # another contact was selected meanwhile
            view, read_card = result
            self.show_view(view)
            if view is not None and read_card is not None:
                card.apply_view(read_card)
            elif view is not None and follow_card and view.customer_id != card.customer_id:
                card.show_customer(view.customer_id)  # the card moved on while it was read
            if then is not None:
                then()

        w.executor.run(read, show, lambda e: w.message_bar.show_message(str(e), error=True))

    def show_view(self, view: ContactView | None) -> None:
        """Put a contact read off the UI thread into the panel (None: it is gone)."""
        w = self.win
        if view is None:
            w.contact_panel.show_contact(None, None, {})
            return
        w.contact_panel.show_contact(
            view.row,
            view.body,
            view.values,
            now=w.app.clock.now(),
            templates=view.templates,
            attachments=(view.attachments, view.html),
        )
        panel = getattr(w, "training_panel", None)  # built after the first selection
        if panel is not None:
            panel.show_contact(view.row["id"])

    def selected_contact_id(self) -> str | None:
        """The contact selected (shown, or being read to be shown)."""
        return self._selected

    def refresh_counts(self) -> None:
        """Count the queue again, once for every burst of changes (resetting four filters
        asks four times in one go; a count at 1M contacts takes the database thread tens
        of milliseconds, ahead of the contact and card the agent waits for)."""
        if not self._counts_timer.isActive():
            self._counts_timer.start()

    def _read_counts(self) -> None:
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
        """Show what a change touched: its rows (no model reset), the panel, the card.

        Everything is read in one go on the database thread (see :class:`Refresh`) and
        applied here without a query."""
        w = self.win
        w.timers.note_data_version()
        refresh = Refresh(self, changes)
        w.executor.run(refresh.read, refresh.apply)

    def _visible_rows(self) -> tuple[int, int]:
        view = self.win.queue_view
        top = view.rowAt(0)
        bottom = view.rowAt(view.viewport().height() - 1)
        if top < 0:
            return 0, 0
        return top, bottom if bottom >= 0 else top + 60

    def after_refresh(self, refresh: Refresh) -> None:
        """Selection and panel once the rows are in line (UI thread, no query)."""
        w = self.win
        selected = self._selected
        if selected is None:
            if w.queue_model.rowCount() and not self.hold_empty:
                self.select_row(0)
            return
        row = w.queue_model.row_of(selected)
        current = w.queue_view.currentIndex()
        fresh = refresh.view if refresh.token == self._token else None
        if row >= 0 and (not current.isValid() or current.row() != row):
            self._quiet = True  # the same contact at its new row: shown from what was read
            try:
                self.select_row(row)
            finally:
                self._quiet = False
        if fresh is not None and fresh.row["id"] == selected:
            # the panel shows the contact as it is now; the card stays on whom it shows
            # (a call pop may have moved it to the caller meanwhile)
            self.show_view(fresh)
        elif refresh.token == self._token and refresh.wanted_view and fresh is None:
            self.show_view(None)  # it is gone
        if refresh.card is not None and w.card.customer_id == refresh.card_shows:
            w.card.apply_view(refresh.card)


class Refresh:
    """What one change needs re-read, read on the database thread, applied on the UI
    thread: the rows it names (their queue membership and display rows) or, when it does
    not say which, the loaded keys again with the rows on screen; the selected contact if
    it changed; the card if it concerns its customer."""

    def __init__(self, owner: QueueController, changes: Changes) -> None:
        w = owner.win
        self.owner = owner
        self.db, self.actor = w.app.db, w.actor
        self.model = w.queue_model
        self.flt = self.model.filter
        self.ids = [c for c in changes.contacts if c and c != "*"]
        self.reconcile = (changes.external and not changes.contacts) or (
            changes.queue and not changes.contacts and not changes.external
        )
        self.wanted = self.model.loaded()
        # the loaded keys as they are now: the reconcile is worked out against them off
        # the UI thread (its result is used only if they are still the same then)
        self.version = self.model.version
        self.current = self.model.keys() if self.reconcile else []
        self.diff: tuple[int, list[QueueKey], list[QueueKey]] | None = None
        top, bottom = owner._visible_rows()
        self.on_screen = self.model.visible_ids(top, bottom) if self.reconcile else []
        self.window = (top, bottom)
        self.token = owner._token
        self.selected = owner.selected_contact_id()
        self.wanted_view = bool(self.selected) and (
            self.selected in changes.contacts or changes.external
        )
        self.card_shows = w.card.customer_id
        self.card_filter = w.card.history_shown
        self.clock = w.app.clock
        self.changes = changes
        self.keys: list[QueueKey] | None = None
        self.now_in: dict[str, QueueKey] = {}
        self.rows: dict[str, dict[str, Any]] = {}
        self.view: ContactView | None = None
        self.card: CardView | None = None

    def read(self) -> Refresh:
        db = self.db
        if self.reconcile:
            read = queue_page(db, self.flt, limit=self.wanted)
            # the keys the model holds already, as its own objects: the 50,000 just read
            # are freed here on the database thread, not when the UI thread drops this
            same = {key: key for key in self.current}
            self.keys = [same.get(key, key) for key in read]
            del read, same
            self.diff = (self.version, *reconcile_diff(self.current, self.keys, self.wanted))
            self.current = []
            top, bottom = self.window
            ids = {k[1] for k in self.keys[max(0, top - 20) : bottom + 21]}
            self.rows = queue_rows(db, sorted(ids | set(self.on_screen)))
        elif self.ids:
            self.now_in = queue_membership(db, self.flt, self.ids)
            self.rows = queue_rows(db, list(self.now_in))
        if self.wanted_view and self.selected:
            self.view = contact_view(db, self.actor, self.selected)
        if self.card_shows and self._card_concerned():
            try:
                kinds, channels = self.card_filter
                self.card = card_view(
                    db, self.card_shows, self.clock.now(), kinds=kinds, channels=channels
                )
            except UserFacingError:
                self.card = None
        return self

    def _card_concerned(self) -> bool:
        changes, shown = self.changes, self.card_shows or ""
        if changes.external or changes.tasks or shown in changes.customers:
            return True
        return bool(self.ids) and reads.any_contact_of(self.ids, shown)

    def apply(self, _result: Refresh) -> None:
        model = self.model
        if self.flt == model.filter:  # else the new filter's rows are being read already
            if self.keys is not None:
                model.reconcile(self.flt, self.keys, self.rows, self.diff)
            elif self.ids:
                model.apply_membership(self.ids, self.now_in, self.rows)
        self.owner.after_refresh(self)
