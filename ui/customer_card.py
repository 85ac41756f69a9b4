"""The customer card: who this is, how to reach them, and their whole story.

With the window's executor the card is read on the database thread (desktop.card.card_view:
the card, duplicates, merges, next best actions and the first history page in one go) and
shown in one cheap update; while it is read the old card stays, greyed by a light
"Loading…" mark, and a result for a customer no longer asked for is dropped.

This module holds the widget, its header labels, the request / drop-stale / apply cycle
and the slots; what the header says is worked out in ui/card_header.py, the four tabs
(history, purchases, invoices, follow-ups) are ui/card_tabs.CardTabs.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.card import (
    Card,
    CardView,
    MergeCandidate,
    card_view,
)
from desktop.clock import Clock
from desktop.identity import display_phone
from desktop.reads import Database
from ui.card_header import (
    actions_html,
    badges_html,
    identities_html,
    merges_html,
    meta_text,
)
from ui.card_tabs import HISTORY_FILTERS, CardTabs, clock_texts, tables_of
from ui.history_model import EventRole, HistoryModel
from ui.widgets import named, set_text


def tr(text: str) -> str:
    return QCoreApplication.translate("CustomerCard", text)


log = logging.getLogger("lastmile.ui.card")


class CustomerCard(QWidget):
    contact_requested = Signal(str)
    task_done_requested = Signal(str)
    task_delete_requested = Signal(str)
    edit_requested = Signal(str)
    merge_requested = Signal(str, str, list)  # survivor, duplicate, evidence
    unmerge_requested = Signal(str)
    dismiss_suggestion_requested = Signal(str)
    invoice_action_requested = Signal(str, str)  # action (send|remind|escalate), invoice id
    remove_identity_requested = Signal(str)  # identity id, after the user confirmed

    LOADING_AFTER_MS = 150  # a card read faster than this shows no "Loading…" at all

    def __init__(
        self,
        db: Database,
        clock: Clock,
        parent: QWidget | None = None,
        executor: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("CustomerCard")
        self._db = db
        self._clock = clock
        self._executor = executor
        self._card: Card | None = None
        self._tables_shown: tuple[Any, ...] = ()  # what the tabs were filled from
        self._target: str | None = None  # the customer asked for (shown or being read)
        self._generation = 0  # bumped per request: an older result is dropped
        self._waiting: int | None = None  # the request being read, if any
        self._candidates: dict[str, MergeCandidate] = {}
        self.history_model = HistoryModel(db, self, executor)
        self._loading_timer = QTimer(self)
        self._loading_timer.setSingleShot(True)
        self._loading_timer.setInterval(self.LOADING_AFTER_MS)
        self._build()
        self._connect_signals()
        self.show_customer(None)

    # -- building --------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        self.name_label = named(QLabel(), "CardName")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badges_label = named(QLabel(), "CardBadges")
        self.meta_label = named(QLabel(), "CardMeta")
        self.identities_label = named(QLabel(), "CardIdentities")
        self.identities_label.setOpenExternalLinks(False)
        self.identities_label.setWordWrap(True)
        self.culture_label = named(QLabel(), "CardCulture")
        self.culture_label.setWordWrap(True)
        self.actions_label = named(QLabel(), "CardActions")
        self.actions_label.setWordWrap(True)
        header = QHBoxLayout()
        header.addWidget(self.name_label)
        header.addWidget(self.badges_label)
        header.addStretch(1)
        self.loading_label = named(QLabel(tr("Loading…")), "CardLoading")
        self.loading_label.setEnabled(False)  # drawn in the muted colour
        self.loading_label.hide()
        header.addWidget(self.loading_label)
        self.edit_button = QPushButton(tr("Edit…"))
        self.edit_button.setToolTip(
            tr("Edit name, language, time zone, notes, flags and identities")
        )
        header.addWidget(self.edit_button)
        layout.addLayout(header)
        layout.addWidget(self.meta_label)
        layout.addWidget(self.identities_label)
        layout.addWidget(self.culture_label)
        layout.addWidget(self.actions_label)
        self.merges_label = named(QLabel(), "CardMerges")
        self.merges_label.setWordWrap(True)
        layout.addWidget(self.merges_label)

        self.tabs = CardTabs(self.history_model)
        # the tabs' parts, by the names the window, the tests and accessibility use
        self.history_filter = self.tabs.history_filter
        self.history_view = self.tabs.history_view
        self.history_detail = self.tabs.history_detail
        self.history_split = self.tabs.history_split
        self.purchases_table = self.tabs.purchases_table
        self.invoices_table = self.tabs.invoices_table
        self.tasks_table = self.tabs.tasks_table
        self.invoice_buttons = self.tabs.invoice_buttons
        self.task_done_button = self.tabs.task_done_button
        self.task_delete_button = self.tabs.task_delete_button
        layout.addWidget(self.tabs, 1)

    def _connect_signals(self) -> None:
        self.history_filter.currentIndexChanged.connect(self.on_history_filter_changed)
        self.history_view.selectionModel().currentRowChanged.connect(
            self.on_history_current_changed
        )
        self.history_view.doubleClicked.connect(self.on_history_double_clicked)
        self.identities_label.linkActivated.connect(self.on_identity_link_activated)
        self.identities_label.linkHovered.connect(self.on_identity_link_hovered)
        self.merges_label.linkActivated.connect(self.on_merges_link_activated)
        self.edit_button.clicked.connect(self.on_edit_clicked)
        self.tasks_table.itemSelectionChanged.connect(self.on_task_selection_changed)
        self.task_done_button.clicked.connect(
            lambda: self._emit_selected_task(self.task_done_requested)
        )
        self.task_delete_button.clicked.connect(
            lambda: self._emit_selected_task(self.task_delete_requested)
        )
        self.invoices_table.itemSelectionChanged.connect(self.on_invoice_selection_changed)
        self._loading_timer.timeout.connect(self.loading_label.show)
        self.tabs.invoice_clicked.connect(self.on_invoice_button_clicked)

    # -- showing ---------------------------------------------------------------

    @property
    def customer_id(self) -> str | None:
        """The customer shown, or being read to be shown."""
        return self._target

    @property
    def loading(self) -> bool:
        return self._waiting is not None

    @property
    def history_shown(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The kinds and channels the history shows now."""
        _, kinds, channels = HISTORY_FILTERS[self.history_filter.currentIndex()]
        return kinds, channels

    def read_view(self, customer_id: str) -> CardView:
        """What :meth:`apply_view` shows, read here and now (on the UI thread)."""
        kinds, channels = self.history_shown
        return card_view(
            self._db,
            customer_id,
            self._clock.now(),
            kinds=kinds,
            channels=channels,
            history_limit=self.history_model.PAGE,
        )

    def show_customer(self, customer_id: str | None) -> None:
        """Show a customer: read on the database thread (with an executor), shown when it
        arrives; ``None`` clears the card."""
        if customer_id is None:
            self._generation += 1
            self._waiting = None
            self._target = None
            self._end_loading()
            self._card = None
            self.name_label.setText(tr("No customer selected"))
            for label in (
                self.badges_label,
                self.meta_label,
                self.identities_label,
                self.culture_label,
                self.actions_label,
                self.merges_label,
            ):
                label.clear()
            self.culture_label.hide()
            self.actions_label.hide()
            self.merges_label.hide()
            self.history_model.set_customer([])
            for table in (self.purchases_table, self.invoices_table, self.tasks_table):
                table.setRowCount(0)
            self.history_detail.clear()
            self.setEnabled(False)
            return
        if self._executor is None:
            self.apply_view(self.read_view(customer_id))
            return
        self._generation += 1
        token = self._waiting = self._generation
        self._target = customer_id
        self._loading_timer.start()
        db, clock, (kinds, channels) = self._db, self._clock, self.history_shown

        page = self.history_model.PAGE

        def read() -> CardView:
            return card_view(
                db, customer_id, clock.now(), kinds=kinds, channels=channels, history_limit=page
            )

        def failed(error: BaseException) -> None:
            if token == self._generation:
                self._waiting = None
                self._end_loading()
                log.warning("card of %s not shown: %s", customer_id, error)

        self._executor.run(read, lambda view: self.apply_view(view, token), failed)

    def apply_view(self, view: CardView, token: int | None = None) -> bool:
        """Show a card read off the UI thread, in one update. ``token`` is what
        :meth:`show_customer` handed out; without one (a card read along with the
        selected contact) it is shown unless a newer request is still being read.
        Returns whether it was shown (False: stale, dropped)."""
        if token is not None and token != self._generation:
            return False
        if token is None and self._waiting is not None:
            return False
        self._waiting = None
        self._end_loading()
        self.setEnabled(True)
        card = view.card
        previous = self._card
        same = previous is not None and previous.customer.id == card.customer.id
        self._card = card
        self._target = card.customer.id
        # all in this one call: Qt paints what changed once, afterwards (the same card
        # again after a take or a reply repaints only what differs; the history keeps its
        # lines, selection and scroll position, see HistoryModel.set_customer)
        self._fill_header(card, view)
        # the tabs' texts depend on the clock too ("in 2 h", overdue): compared with them
        now = self._clock.now()
        shown = (tables_of(card), clock_texts(card, now))
        if not same or shown != self._tables_shown:
            self.tabs.fill_tables(card, now)
        self._tables_shown = shown
        if not same:
            self.history_detail.clear()
        kinds, channels = self.history_shown
        if (kinds, channels) == (view.kinds, view.channels):
            self.history_model.set_customer(
                card.history_ids,
                kinds=kinds,
                channels=channels,
                first_page=view.history,
                has_more=view.history_has_more,
            )
        else:  # the filter changed while it was read
            self.history_model.set_customer(card.history_ids, kinds=kinds, channels=channels)
        # the view lays its rows out now, not on its next timer tick: otherwise Qt paints
        # the history once with the new rows and then the whole of it again (~2 ms each)
        self.history_view.executeDelayedItemsLayout()
        return True

    def _end_loading(self) -> None:
        self._loading_timer.stop()
        self.loading_label.hide()

    def confidence_of(self, customer_id: str) -> float | None:
        """How sure the suggestion to merge this customer into the card is (None: by hand)."""
        candidate = self._candidates.get(customer_id)
        return candidate.confidence if candidate is not None else None

    def refresh(self) -> None:
        if self._target is not None:
            self.show_customer(self._target)

    def refresh_clocks(self) -> None:
        """The clock moved (the window's 30-s tick): the tabs' "in 2 h" and overdue texts
        of the card shown follow it, without reading the card again."""
        card = self._card
        if card is None:
            return
        now = self._clock.now()
        texts = clock_texts(card, now)
        if self._tables_shown[1:] != (texts,):
            self.tabs.fill_tables(card, now)
            self._tables_shown = (tables_of(card), texts)

    def _fill_header(self, card: Card, view: CardView) -> None:
        c = card.customer
        set_text(self.name_label, c.name or "(no name)")
        set_text(self.badges_label, badges_html(card))
        set_text(self.meta_label, meta_text(card, self._clock.now()))
        set_text(self.identities_label, identities_html(card))
        if c.culture_notes:
            set_text(self.culture_label, f"ℹ {c.culture_notes}")
            self.culture_label.show()
        else:
            self.culture_label.hide()
        actions = actions_html(view)
        set_text(self.actions_label, actions)
        self.actions_label.setVisible(bool(view.actions))
        self._candidates = {m.customer_id: m for m in view.candidates}
        merges = merges_html(view, self._candidates)
        set_text(self.merges_label, merges)
        self.merges_label.setVisible(bool(merges))

    # -- slots -----------------------------------------------------------------

    def on_history_filter_changed(self, index: int) -> None:
        _, kinds, channels = HISTORY_FILTERS[index]
        self.history_model.set_filter(kinds=kinds, channels=channels)

    def on_history_current_changed(self, current: object, _previous: object) -> None:
        row = current.row() if hasattr(current, "row") else -1
        self.tabs.show_item(self.history_model.item(row))

    def on_history_double_clicked(self, index: QModelIndex) -> None:
        item = self.history_view.model().data(index, EventRole)
        if item and item.get("contact_id"):
            self.contact_requested.emit(item["contact_id"])

    def selected_invoice_id(self) -> str | None:
        items = self.invoices_table.selectedItems()
        cell = self.invoices_table.item(items[0].row(), 0) if items else None
        return cell.data(Qt.ItemDataRole.UserRole) if cell is not None else None

    def on_invoice_selection_changed(self) -> None:
        invoice_id = self.selected_invoice_id()
        invoice = (
            next((i for i in self._card.invoices if i.id == invoice_id), None)
            if (self._card and invoice_id)
            else None
        )
        if invoice is None or invoice.paid_at is not None:
            for button in self.invoice_buttons.values():
                button.setEnabled(False)
            return
        self.invoice_buttons["send"].setEnabled(invoice.sent_at is None)
        self.invoice_buttons["remind"].setEnabled(invoice.sent_at is not None)
        self.invoice_buttons["escalate"].setEnabled(True)
        self.invoice_buttons["escalate"].setToolTip(
            "No reminder recorded yet: Lastmile will refuse to escalate"
            if invoice.reminded_at is None
            else "Hand the invoice over to collections"
        )

    def on_invoice_button_clicked(self, action: str) -> None:
        invoice_id = self.selected_invoice_id()
        if invoice_id:
            self.invoice_action_requested.emit(action, invoice_id)

    def on_edit_clicked(self) -> None:
        if self.customer_id:
            self.edit_requested.emit(self.customer_id)

    def on_merges_link_activated(self, link: str) -> None:
        action, _, ident = link.partition(":")
        if action == "merge" and self._card is not None:
            candidate = self._candidates.get(ident)
            evidence = candidate.evidence if candidate else ["merged by an agent"]
            self.merge_requested.emit(self._card.customer.id, ident, list(evidence))
        elif action == "unmerge":
            self.unmerge_requested.emit(ident)
        elif action == "dismiss":
            self.dismiss_suggestion_requested.emit(ident)

    def on_identity_link_activated(self, link: str) -> None:
        if link.startswith("remove:"):
            self.confirm_remove_identity(link.partition(":")[2])
            return
        # click-to-call and click-to-mail go to the system's tel:/sip:/mailto: handler
        QDesktopServices.openUrl(QUrl(link))

    def on_identity_link_hovered(self, link: str) -> None:
        self.identities_label.setToolTip(
            "Remove this address or number from the customer (asks first)"
            if link.startswith("remove:")
            else ""
        )

    def confirm_remove_identity(self, identity_id: str) -> None:
        """A wrong address on a card: removed after a yes, for the whole team."""
        card = self._card
        ident = next((i for i in card.identities if i.id == identity_id), None) if card else None
        if card is None or ident is None:
            return
        shown = display_phone(ident.value) if ident.kind == "phone" else ident.value
        answer = QMessageBox.question(
            self,
            tr("Remove from the card?"),
            tr(
                "Remove {shown} from {name}? New contacts from it are no longer matched"
                " to this customer; the history stays."
            ).format(shown=shown, name=card.customer.name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_identity_requested.emit(identity_id)

    def on_task_selection_changed(self) -> None:
        chosen = bool(self.tasks_table.selectedItems())
        self.task_done_button.setEnabled(chosen)
        self.task_delete_button.setEnabled(chosen)

    def _emit_selected_task(self, signal: Any) -> None:
        items = self.tasks_table.selectedItems()
        cell = self.tasks_table.item(items[0].row(), 0) if items else None
        if cell is not None:
            signal.emit(cell.data(Qt.ItemDataRole.UserRole))


class Separator(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.HLine)
