"""The agent's window: the unified queue on the left; the contact and the card on the right."""

from __future__ import annotations

import html
import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.app import Application
from desktop.automation import sla_sweep
from desktop.backup import BackupService
from desktop.callpop import identify_caller
from desktop.changes import Changes
from desktop.channels.smtp import can_send
from desktop.drafts import DraftStore
from desktop.mutator import Mutator
from desktop.ops import Actor
from desktop.ops import agents as agent_ops
from desktop.ops import contacts as contact_ops
from desktop.ops import customers as customer_ops
from desktop.ops import invoices as invoice_ops
from desktop.ops import tasks as task_ops
from desktop.routing import load_profile, route_next, take_next
from desktop.templates import template_values
from models.base import iso, parse_iso
from models.queries import QueueFilter, queue_count, queue_rows
from models.schema import (
    CHANNELS,
    PRESENCES,
    Agent,
    AgentSkill,
    Alert,
    Contact,
    Customer,
    Event,
    Task,
)
from ui.accessibility import name_window
from ui.contact_panel import ContactPanel
from ui.customer_card import CustomerCard
from ui.customer_dialogs import EditCustomerDialog, UnknownCallerDialog
from ui.executor import DbExecutor
from ui.formatting import local, time_left
from ui.icons import channel_icon, channel_label
from ui.integrity import IntegrityCheck
from ui.ipc import WindowListener
from ui.mail_status import MailStatus
from ui.menus import install as install_menus
from ui.merge_dialog import MergeDialog, ask_and_merge
from ui.offer import OfferDialog
from ui.queue_model import QueueModel
from ui.search_results import ResultRole, SearchResults
from ui.sync_status import SyncController
from ui.training_panel import TrainingPanel
from ui.tray import install as install_tray
from ui.widgets import guard_wheel, named

log = logging.getLogger("lastmile.ui")



class MessageBar(QLabel):
    """Inline, self-hiding messages for problems the user can act on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MessageBar")
        self.setWordWrap(True)
        self.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self._undo: Callable[[], None] | None = None
        self.linkActivated.connect(lambda _link: self.undo())

    def show_message(self, text: str, *, error: bool = False, seconds: int = 8) -> None:
        self._undo = None
        self.setTextFormat(Qt.TextFormat.PlainText)  # messages may quote anything
        self.setProperty("error", error)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setText(text)
        self.show()
        self._timer.start(seconds * 1000)

    def show_undo(self, text: str, undo: Callable[[], None], *, seconds: int = 10) -> None:
        """A message with an Undo link (also Ctrl+Shift+Z) while it is shown."""
        self.show_message("", seconds=seconds)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setText(f"{html.escape(text)} &nbsp;<a href='undo'>Undo</a> (Ctrl+Shift+Z)")
        self._undo = undo

    def undo(self) -> bool:
        """Run the pending undo, once; False when there is none (or it expired)."""
        action, self._undo = self._undo, None
        if action is None or not self.isVisible():
            return False
        self.hide()
        action()
        return True


class MainWindow(QMainWindow):
    changes_applied = Signal(object)

    def __init__(
        self,
        app: Application,
        executor: DbExecutor,
        on_unexpected: Callable[[BaseException], None] | None = None,
    ) -> None:
        super().__init__()
        self.app = app
        self.actor = app.require_actor()
        self.executor = executor
        if on_unexpected is not None:
            self.executor.on_unexpected = on_unexpected
        self.queue_model = QueueModel(app.db, app.clock, self)
        self._data_version = self._read_data_version()
        self._build()
        guard_wheel(self)  # no value changes on a stray wheel turn
        for view in self.findChildren(QAbstractItemView):
            view.setTabKeyNavigation(False)  # Tab leaves a table instead of walking its cells
        self._connect_signals()
        self.menus = install_menus(self)  # menu bar, shortcuts, context menus (ui/menus.py)
        name_window(self)  # every control has a name a screen reader says (ui/accessibility)
        self.search = SearchResults(app.db, self.search_box, self.results_list,
                                    lambda: self.menus.focus_area("queue"), self)
        self._update_title()
        self.call_listener = WindowListener(app.workspace.root, self.on_ipc_message, self)
        if not app.is_training:  # real calls never pop up in a practice window
            self.call_listener.start()
        self.training_panel: TrainingPanel | None = None
        self.sync: SyncController | None = None
        if app.is_training:
            self.sync_label.setText("training: never syncs")
        self.mail: MailStatus | None = None
        self.backups: BackupService | None = None
        if not app.is_training:  # a practice window never talks to a server
            self.sync = SyncController(app, self)
            self.sync.status_changed.connect(self._show_sync_status)
            self.mail = MailStatus(app, self)
            self.statusBar().addPermanentWidget(self.mail.label)
            self.backups = BackupService(app.workspace, every_hours=app.rules.backup_every_hours,
                                         keep=app.rules.backup_keep)
            self.backups.start()
            self.integrity = IntegrityCheck(app.workspace.database_path, self)
            self.integrity.finished.connect(self.on_integrity_finished)
            self.integrity.start()
            self.sync.refused.connect(lambda text: self.message_bar.show_message(
                text, error=True, seconds=30))
            self.sync.synced.connect(lambda _c: self._act_as_signed_in())
            self.sync.synced.connect(self.on_changes_applied)
            self.changes_applied.connect(lambda _c: self.sync.soon() if self.sync else None)
            self._add_server_button()
            if SyncController.configured():
                self.sync_label.setText("○ connecting…")
                self.sync.start()
                self._update_as_of()
        self.restart_after_reset = False
        self.merge_dialog: MergeDialog | None = None
        if app.is_training:
            self._add_training_panel()
        self.refresh_counts()
        if self.queue_model.rowCount():
            self.select_row(0)
        self.tray, self.layout_memory = install_tray(self)  # tray, notifications, layout

    # -- building --------------------------------------------------------------

    def _build(self) -> None:
        self._fit_screen(1440, 900)
        training = self.app.is_training
        toolbar = QToolBar("Queue")
        toolbar.setObjectName("MainToolbar")
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        brand = named(QLabel("Lastmile"), "Brand")
        toolbar.addWidget(brand)
        toolbar.addSeparator()
        self.channel_filter = QComboBox()
        self.channel_filter.addItem("All channels", None)
        for channel in CHANNELS:
            self.channel_filter.addItem(channel_icon(channel), channel_label(channel), channel)
        self.skill_filter = QComboBox()
        self.skill_filter.addItem("All skills", None)
        skills = AgentSkill.select(AgentSkill.skill).distinct().order_by(AgentSkill.skill)
        for skill in [str(row.skill) for row in skills]:
            self.skill_filter.addItem(skill, skill)
        self.status_filter = QComboBox()
        self.status_filter.addItem("Open and waiting", None)
        for status in ("open", "waiting", "resolved"):
            self.status_filter.addItem(status.capitalize(), status)
        self.assignee_filter = QComboBox()
        self.assignee_filter.addItem("Anyone", None)
        self.assignee_filter.addItem("Mine", self.actor.id)
        self.assignee_filter.addItem("Unassigned", "unassigned")
        for combo in (
            self.channel_filter,
            self.skill_filter,
            self.status_filter,
            self.assignee_filter,
        ):
            toolbar.addWidget(combo)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.search_box = named(QLineEdit(), "SearchBox")
        self.search_box.setPlaceholderText("Search customers and messages (Ctrl+F)")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(320)
        toolbar.addWidget(self.search_box)
        self.next_button = named(QPushButton("Next contact"), "NextButton")
        self.next_button.setToolTip("Get the next contact for your skills (Ctrl+N)")
        toolbar.addWidget(self.next_button)
        self.presence_combo = named(QComboBox(), "PresenceCombo")
        for state in PRESENCES:
            self.presence_combo.addItem(state.capitalize(), state)
        agent = Agent.get_or_none(Agent.id == self.actor.id)
        self.presence_combo.setCurrentIndex(
            max(0, self.presence_combo.findData(agent.presence if agent else "offline"))
        )
        self.presence_combo.setToolTip("Your presence: only available agents get contacts")
        toolbar.addWidget(self.presence_combo)
        self.offers_check = named(QCheckBox("Offers"), "OffersCheck")
        self.offers_check.setToolTip("Have routing offer you the next contact when you are free")
        toolbar.addWidget(self.offers_check)
        if not self.app.is_training:
            self.practice_button = named(QPushButton("Practice…"), "PracticeButton")
            self.practice_button.setToolTip(
                "Open your own training workspace in a separate window (never monitored)"
            )
            toolbar.addWidget(self.practice_button)
        self.agent_label = named(QLabel(), "AgentLabel")
        self.agent_label.setText(f"  {self.actor.display_name} · {self.actor.role}  ")
        toolbar.addWidget(self.agent_label)

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        if training:
            banner = named(
                QLabel("Training — nothing here reaches a customer or a report"),
                "TrainingBanner",
            )
            banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
            outer.addWidget(banner)
        self.message_bar = MessageBar()
        outer.addWidget(self.message_bar)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(8, 8, 4, 8)
        header = QHBoxLayout()
        self.queue_title = named(QLabel("Queue"), "PanelTitle")
        self.count_label = named(QLabel(), "CountLabel")
        header.addWidget(self.queue_title)
        header.addStretch(1)
        header.addWidget(self.count_label)
        self.attention_button = named(QPushButton(), "AttentionButton")
        self.attention_button.setToolTip("SLA alerts and follow-ups that need you")
        self.attention_button.hide()
        header.addWidget(self.attention_button)
        ll.addLayout(header)
        self.left_stack = QStackedWidget()
        self.queue_view = named(QTableView(), "QueueView")
        self.queue_view.setModel(self.queue_model)
        self.queue_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.queue_view.verticalHeader().hide()
        self.queue_view.verticalHeader().setDefaultSectionSize(24)
        self.queue_view.setAlternatingRowColors(True)
        self.queue_view.setWordWrap(False)
        self.queue_view.setShowGrid(False)
        hh = self.queue_view.horizontalHeader()
        for col, width in enumerate((96, 130, 200, 60, 60, 90, 62, 92)):
            self.queue_view.setColumnWidth(col, width)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.left_stack.addWidget(self.queue_view)
        self.results_list = named(QListWidget(), "SearchResults")
        self.left_stack.addWidget(self.results_list)
        ll.addWidget(self.left_stack)
        splitter.addWidget(left)

        right = QSplitter(Qt.Orientation.Vertical)
        self.contact_panel = ContactPanel(
            self.actor, training=training,
            drafts=DraftStore(self.app.workspace.root / "drafts.json"))
        self.card = CustomerCard(self.app.db, self.app.clock)
        right.addWidget(self.contact_panel)
        right.addWidget(self.card)
        right.setSizes([380, 520])
        splitter.addWidget(right)
        splitter.setSizes([840, 600])
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        outer.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.sync_label = named(QLabel("not connected to a server"), "SyncLabel")
        self.sync_label.setToolTip("Sign in with 'lastmile login --server URL --user LOGIN'")
        self.statusBar().addPermanentWidget(self.sync_label)
        self.as_of_label = QLabel()
        self.statusBar().addPermanentWidget(self.as_of_label)
        self.statusBar().showMessage(f"Workspace {self.app.workspace.root}")

        self.next_action = QAction("Next contact", self)
        self.next_action.setShortcut(QKeySequence("Ctrl+N"))
        self.search_action = QAction("Search", self)
        self.search_action.setShortcut(QKeySequence("Ctrl+F"))
        self.refresh_action = QAction("Refresh", self)
        self.refresh_action.setShortcut(QKeySequence("F5"))
        self.undo_action = QAction("Undo the last status change", self)
        self.undo_action.setShortcut(QKeySequence("Ctrl+Shift+Z"))
        self.undo_action.triggered.connect(self.message_bar.undo)
        for action in (self.next_action, self.search_action, self.refresh_action,
                       self.undo_action):
            self.addAction(action)

        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(30_000)
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(2_000)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)

    def _connect_signals(self) -> None:
        for combo in (
            self.channel_filter,
            self.skill_filter,
            self.status_filter,
            self.assignee_filter,
        ):
            combo.currentIndexChanged.connect(self.on_filter_changed)
        self.queue_view.selectionModel().currentRowChanged.connect(self.on_queue_current_changed)
        self.queue_model.reloaded.connect(self.refresh_counts)
        self.contact_panel.claim_requested.connect(self.on_panel_claim_requested)
        self.contact_panel.release_requested.connect(self.on_panel_release_requested)
        self.contact_panel.status_requested.connect(self.on_panel_status_requested)
        self.contact_panel.reply_requested.connect(self.on_panel_reply_requested)
        self.contact_panel.note_requested.connect(self.on_panel_note_requested)
        self.contact_panel.call_log_requested.connect(self.on_panel_call_log_requested)
        self.contact_panel.follow_up_requested.connect(self.on_panel_follow_up_requested)
        self.card.contact_requested.connect(self.show_contact)
        self.card.task_done_requested.connect(self.on_card_task_done_requested)
        self.card.task_delete_requested.connect(self.on_card_task_delete_requested)
        self.card.edit_requested.connect(self.on_card_edit_requested)
        self.card.invoice_action_requested.connect(self.on_card_invoice_action_requested)
        self.card.merge_requested.connect(self.on_card_merge_requested)
        self.card.unmerge_requested.connect(self.on_card_unmerge_requested)
        self.card.dismiss_suggestion_requested.connect(self.on_card_dismiss_suggestion_requested)
        self.changes_applied.connect(self.on_changes_applied)
        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_box.returnPressed.connect(self.run_search)
        self._search_timer.timeout.connect(self.run_search)
        self.results_list.itemActivated.connect(self.on_result_activated)
        self.results_list.itemClicked.connect(self.on_result_activated)
        self.next_action.triggered.connect(self.on_next_triggered)
        self.next_button.clicked.connect(self.on_next_triggered)
        self.presence_combo.activated.connect(self.on_presence_activated)
        self.search_action.triggered.connect(self.search_box.setFocus)
        self.refresh_action.triggered.connect(lambda: self.queue_model.reload())
        self._clock_timer.timeout.connect(self.on_clock_tick)
        self._poll_timer.timeout.connect(self.on_poll_tick)
        self.attention_button.clicked.connect(self.show_attention)
        self.offers_check.toggled.connect(self.on_offers_toggled)
        if not self.app.is_training:
            self.practice_button.clicked.connect(self.on_practice_clicked)
        self._offer_timer = QTimer(self)
        self._offer_timer.setInterval(3000)
        self._offer_timer.timeout.connect(self.make_offer)
        self.offer_dialog: OfferDialog | None = None
        self._declined: dict[str, float] = {}
        self._sweep_timer = QTimer(self)
        self._sweep_timer.setInterval(60_000)
        self._sweep_timer.timeout.connect(self.run_sweep)
        self._sweep_timer.start()
        QTimer.singleShot(0, self.run_sweep)
        self._clock_timer.start()
        self._poll_timer.start()

    # -- queue and selection ---------------------------------------------------

    def current_filter(self) -> QueueFilter:
        return QueueFilter(
            channel=self.channel_filter.currentData(),
            skill=self.skill_filter.currentData(),
            status=self.status_filter.currentData(),
            assignee=self.assignee_filter.currentData(),
        )

    def on_filter_changed(self, _index: int) -> None:
        self.queue_model.set_filter(self.current_filter())
        if self.queue_model.rowCount():
            self.select_row(0)
        else:
            self._show_selected(None)

    def select_row(self, row: int) -> None:
        index = self.queue_model.index(row, 0)
        self.queue_view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.queue_view.scrollTo(index)

    def on_queue_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_selected(
            self.queue_model.contact_id(current.row()) if current.isValid() else None
        )

    def show_contact(self, contact_id: str) -> None:
        """Open a contact: select it in the queue if it is there, show it either way."""
        self.left_stack.setCurrentWidget(self.queue_view)
        row = self.queue_model.row_of(contact_id)
        if row >= 0:
            self.select_row(row)
        else:
            self._show_selected(contact_id)

    def _show_selected(self, contact_id: str | None) -> None:
        if contact_id is None:
            self.contact_panel.show_contact(None, None, {})
            return
        rows = queue_rows(self.app.db, [contact_id])
        row = rows.get(contact_id)
        if row is None:
            self.contact_panel.show_contact(None, None, {})
            return
        first = (
            Event.select(Event.body)
            .where((Event.contact == contact_id) & (Event.kind == "inbound"))
            .order_by(Event.at)
            .first()
        )
        customer = Customer.get_or_none(Customer.id == row["customer_id"])
        values = template_values(self.actor, customer)
        self.contact_panel.show_contact(
            row, first.body if first else None, values, now=self.app.clock.now()
        )
        if row["customer_id"] != self.card.customer_id:
            self.card.show_customer(row["customer_id"])
        panel = getattr(self, "training_panel", None)  # built after the first selection
        if panel is not None:
            panel.show_contact(contact_id)

    def selected_contact_id(self) -> str | None:
        return self.contact_panel.contact_id

    def refresh_counts(self) -> None:
        flt = self.queue_model.filter
        db = self.app.db

        def count() -> int:
            return queue_count(db, flt)

        def show(n: int) -> None:
            loaded = self.queue_model.rowCount()
            more = f" (showing {loaded:,})" if loaded < n else ""
            self.count_label.setText(f"{n:,} contact{'s' if n != 1 else ''}{more}")

        self.executor.run(count, show)
        self.as_of_label.setText(f"as of {local(self.app.clock.now(), '%H:%M:%S')}")

    # -- running operations ----------------------------------------------------

    def run_op(self, fn: Callable[[], Changes], done_message: str = "",
               then: Callable[[Changes], None] | None = None) -> None:
        """Run one operation on the database thread; show problems inline."""

        def ok(changes: Changes) -> None:
            if done_message:
                self.statusBar().showMessage(done_message, 5000)
            self.changes_applied.emit(changes)
            if then is not None:
                then(changes)

        def failed(error: BaseException) -> None:
            self.message_bar.show_message(str(error), error=True)

        self.executor.run(fn, ok, failed)

    def on_changes_applied(self, changes: Changes) -> None:
        selected = self.selected_contact_id()
        self.queue_model.apply_changes(changes)
        self._data_version = self._read_data_version()
        if selected is None and self.queue_model.rowCount():
            self.select_row(0)
        elif selected:
            row = self.queue_model.row_of(selected)
            if row >= 0:
                self.select_row(row)
            self._show_selected(selected)
        if self.card.customer_id and (
            self.card.customer_id in changes.customers or changes.tasks or changes.contacts
            or changes.external
        ):
            self.card.refresh()

    def on_panel_claim_requested(self, contact_id: str) -> None:
        mut, actor = self.app.mutator, self.actor
        self.run_op(lambda: contact_ops.claim(mut, actor, contact_id), "Taken.")

    def on_panel_release_requested(self, contact_id: str) -> None:
        mut, actor = self.app.mutator, self.actor
        self.run_op(lambda: contact_ops.release(mut, actor, contact_id), "Handed back.")

    def on_panel_status_requested(self, contact_id: str, status: str) -> None:
        mut, actor, rules = self.app.mutator, self.actor, self.app.rules
        contact = Contact.get_or_none(Contact.id == contact_id)
        before = contact.status if contact is not None else None

        def offer_undo(_changes: Changes) -> None:
            # resolving takes the contact out of the queue: a slip is undone in place
            if status == "resolved" and before and before != "resolved" and contact:
                self.message_bar.show_undo(
                    f"Resolved “{contact.subject or 'contact'}”: it left the queue.",
                    lambda: self.run_op(
                        lambda: contact_ops.set_status(mut, actor, contact_id, before, rules),
                        f"Status back to {before}."))

        self.run_op(
            lambda: contact_ops.set_status(mut, actor, contact_id, status, rules),
            f"Status set to {status}.", then=offer_undo,
        )

    def on_panel_reply_requested(self, contact_id: str, body: str) -> None:
        mut, actor = self.app.mutator, self.actor
        self.contact_panel.clear_draft()
        sent = (
            "Reply kept in the practice outbox (training)."
            if self.app.is_training
            else f"Reply queued: {can_send()}."
        )
        self.run_op(lambda: contact_ops.reply(mut, actor, contact_id, body), sent)
        if self.mail is not None:
            self.mail.poke()

    def on_panel_note_requested(self, contact_id: str, body: str) -> None:
        mut, actor = self.app.mutator, self.actor
        self.contact_panel.clear_draft()
        self.run_op(lambda: contact_ops.add_note(mut, actor, contact_id, body), "Note added.")

    def on_panel_call_log_requested(self, contact_id: str, values: dict[str, Any]) -> None:
        mut, actor = self.app.mutator, self.actor
        self.run_op(lambda: contact_ops.log_call(mut, actor, contact_id, **values), "Call logged.")

    def on_panel_follow_up_requested(self, contact_id: str, title: str, due: datetime) -> None:
        mut, actor = self.app.mutator, self.actor
        self.run_op(
            lambda: task_ops.create_task(
                mut, actor, title=title, due_at=due, contact_id=contact_id
            ),
            f"Follow-up set for {iso(due)}.",
        )

    def on_card_task_done_requested(self, task_id: str) -> None:
        mut, actor = self.app.mutator, self.actor
        self.run_op(lambda: task_ops.complete_task(mut, actor, task_id), "Follow-up done.")

    def on_card_task_delete_requested(self, task_id: str) -> None:
        mut, actor = self.app.mutator, self.actor
        self.run_op(lambda: task_ops.delete_task(mut, actor, task_id), "Follow-up deleted.")

    def on_next_triggered(self) -> None:
        """Routing picks and claims the next contact for this agent's skills and capacity."""
        if self.presence_combo.currentData() != "available":
            self.message_bar.show_message(
                "You are not available: set your presence to Available to get contacts."
            )
            return
        mut, actor, rules = self.app.mutator, self.actor, self.app.rules

        def take() -> tuple[str | None, Changes]:
            return take_next(mut, actor, rules)

        def taken(result: tuple[str | None, Changes]) -> None:
            contact_id, changes = result
            if contact_id is None:
                self.message_bar.show_message(
                    "Nothing waiting for your skills right now (or your capacity is full)."
                )
                return
            self.changes_applied.emit(changes)
            self.show_contact(contact_id)
            self.contact_panel.composer.setFocus()

        self.executor.run(take, taken, lambda e: self.message_bar.show_message(str(e), error=True))

    def on_presence_activated(self, _index: int) -> None:
        state = self.presence_combo.currentData()
        mut, agent_id = self.app.mutator, self.actor.id
        self.run_op(lambda: agent_ops.set_presence(mut, agent_id, state), f"You are {state}.")

    # -- search ----------------------------------------------------------------

    def run_search(self) -> None:
        text = self.search_box.text().strip()
        if not text:
            self.left_stack.setCurrentWidget(self.queue_view)
            return
        self.search.run(text)
        self.left_stack.setCurrentWidget(self.results_list)

    def on_result_activated(self, item: QListWidgetItem) -> None:
        data = item.data(ResultRole)
        if not data:
            return
        _kind, customer_id, contact_id = data
        if contact_id:
            row = self.queue_model.row_of(contact_id)
            if row >= 0:
                self.select_row(row)
            else:
                self._show_selected(contact_id)
        if customer_id:
            self.card.show_customer(customer_id)

    # -- timers ----------------------------------------------------------------

    def on_clock_tick(self) -> None:
        self.queue_model.refresh_clocks()
        self.as_of_label.setText(f"as of {local(self.app.clock.now(), '%H:%M:%S')}")

    def _read_data_version(self) -> int:
        return int(self.app.db.execute_sql("PRAGMA data_version").fetchone()[0])

    # -- rules that never let anything go silent ----------------------------------

    def run_sweep(self) -> None:
        """SLA warnings/breaches and invoice reminders, once a minute, off the UI thread."""
        db, clock, rules, mutator = self.app.db, self.app.clock, self.app.rules, self.app.mutator

        def sweep() -> None:
            with db.atomic():
                sla_sweep(db.connection(), now=clock.now(), rules=rules)
            task_ops.run_rules(mutator, rules)  # reminders are synced: the server keeps them too

        self.executor.run(sweep, lambda _r: self.refresh_attention())

    def attention_items(self) -> tuple[list[Alert], list[Task]]:
        soon = self.app.clock.now() + timedelta(hours=2)
        alerts = list(
            Alert.select()
            .where((Alert.notify == self.actor.id) & (Alert.state == "open"))
            .order_by(Alert.at.desc())
            .limit(200)
        )
        tasks = list(
            Task.select()
            .where((Task.owner == self.actor.id) & (Task.state == "open") & (Task.due_at <= soon))
            .order_by(Task.due_at)
            .limit(200)
        )
        return alerts, tasks

    def refresh_attention(self) -> None:
        alerts, tasks = self.attention_items()
        parts = []
        if alerts:
            parts.append(f"⚠ {len(alerts)} SLA alert{'s' if len(alerts) != 1 else ''}")
        if tasks:
            parts.append(f"⚑ {len(tasks)} follow-up{'s' if len(tasks) != 1 else ''} due")
        self.attention_button.setText("  ·  ".join(parts))
        self.attention_button.setVisible(bool(parts))

    def show_attention(self) -> None:
        alerts, tasks = self.attention_items()
        self.results_list.clear()
        now = self.app.clock.now()
        for task in tasks:
            item = QListWidgetItem(
                f"⚑ {local(task.due_at)} ({time_left(task.due_at, now)})  {task.title}"
            )
            item.setData(ResultRole, ("task", task.customer_id, task.contact_id))
            self.results_list.addItem(item)
        for alert in alerts:
            item = QListWidgetItem(f"⚠ {local(alert.at)}  {alert.summary}")
            item.setData(ResultRole, ("alert", None, alert.contact_id))
            self.results_list.addItem(item)
        if not self.results_list.count():
            self.results_list.addItem(QListWidgetItem("Nothing needs you right now."))
        self.left_stack.setCurrentWidget(self.results_list)

    def on_poll_tick(self) -> None:
        """Another process (an import, a second window) committed: show it."""
        version = self._read_data_version()
        if version != self._data_version and not self.executor.busy:
            self._data_version = version
            self.on_changes_applied(Changes(queue=True, external=True))
            self.refresh_counts()
            if self.mail is not None:
                self.mail.refresh()

    # -- server ------------------------------------------------------------------

    def _add_server_button(self) -> None:
        self.server_button = named(QToolButton(), "ServerButton")
        self.server_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.server_button.setAutoRaise(True)
        menu = QMenu(self.server_button)
        self.sync_now_action = menu.addAction("Sync now")
        self.sync_now_action.triggered.connect(self.sync_now)
        self.sign_in_action = menu.addAction("Sign in to a server…")
        self.sign_in_action.triggered.connect(self.open_sign_in)
        self.sign_out_action = menu.addAction("Sign out")
        self.sign_out_action.triggered.connect(self.sign_out)
        self.server_button.setMenu(menu)
        self.statusBar().addPermanentWidget(self.server_button)
        self._update_server_button()

    def _update_server_button(self) -> None:
        signed = SyncController.configured()
        self.server_button.setText("Server ▾" if signed else "Sign in…")
        self.sync_now_action.setEnabled(signed)
        self.sign_out_action.setEnabled(signed)
        self.sync_label.setToolTip(
            "Syncs in the background; click Server to sync now or sign out" if signed
            else "Not connected: work stays on this computer until you sign in to a server")

    def _show_sync_status(self, text: str) -> None:
        self.sync_label.setText(text)
        self.as_of_label.hide()  # the sync status carries the time the data is as of
        self._update_server_button()
        self._update_as_of()

    def sync_now(self) -> None:
        if self.sync is not None:
            self.sync.sync_now()

    def open_sign_in(self) -> None:
        from desktop.sync.account import signed_in
        from ui.sign_in import SignInDialog

        if self.sync is None:
            return
        server, login = signed_in() or ("", self.actor.login)
        dialog = SignInDialog(self.sync.sign_in, server, login, self)
        self.sign_in_dialog = dialog

        def accepted() -> None:
            account = dialog.account
            if account is not None:
                self.message_bar.show_message(
                    f"Signed in as {account.display_name} ({account.role}, team "
                    f"{account.team}); syncing…", seconds=10)
            self._update_server_button()

        dialog.accepted.connect(accepted)
        dialog.open()

    def sign_out(self) -> None:
        if self.sync is None:
            return

        def done(login: str | None) -> None:
            self._update_server_button()
            self.server_button.setText("Sign in…")
            if login:
                self.message_bar.show_message(
                    f"Signed {login} out; your pending changes are kept for the next sign-in.",
                    seconds=10)

        self.sync.sign_out(done)

    def _act_as_signed_in(self) -> None:
        """After signing in, work as the server's account once its agent row has arrived."""
        from desktop.sync.account import signed_in

        current = signed_in()
        if current is None or current[1] == self.actor.login:
            return
        if Agent.get_or_none(Agent.login == current[1]) is None:
            return
        self.actor = self.app.sign_in(current[1])
        self.contact_panel.set_actor(self.actor)
        self.assignee_filter.setItemData(1, self.actor.id)
        self.agent_label.setText(f"  {self.actor.display_name} · {self.actor.role}  ")
        self._update_title()

    def _update_as_of(self) -> None:
        """In a synced workspace the data is the team's as of the last successful sync."""
        from models.database import get_meta

        last = get_meta("sync_last") if self.sync is not None else None
        if last:
            offline = self.sync is not None and self.sync.online is False
            when = local(parse_iso(last), "%d %b %H:%M")
            self.queue_title.setText(f"Queue · team data as of {when}"
                                     + (" (offline)" if offline else ""))
        else:
            self.queue_title.setText("Queue")

    def _update_title(self) -> None:
        kind = " — TRAINING" if self.app.is_training else ""
        self.setWindowTitle(f"Lastmile{kind} — {self.actor.display_name}")

    # -- offers --------------------------------------------------------------------

    def on_offers_toggled(self, on: bool) -> None:
        if on:
            self._offer_timer.start()
            self.make_offer()
        else:
            self._offer_timer.stop()

    def make_offer(self) -> None:
        """Offer the routed next contact, unless one is already on screen."""
        if self.offer_dialog is not None or self.presence_combo.currentData() != "available":
            return
        now = time.monotonic()
        self._declined = {k: t for k, t in self._declined.items() if now - t < 120}
        profile = load_profile(self.app.db, self.actor.id)
        contact_id = route_next(
            self.app.db,
            profile,
            self.app.rules,
            self.app.clock.now(),
            exclude=tuple(self._declined),
        )
        if contact_id is None:
            return
        row = queue_rows(self.app.db, [contact_id]).get(contact_id)
        if row is None:
            return
        dialog = OfferDialog(row, self.app.rules.offer_timeout_seconds, self)
        dialog.accepted_offer.connect(self.on_offer_accepted)
        dialog.declined_offer.connect(lambda cid: self._declined.__setitem__(cid, now))
        dialog.expired_offer.connect(self.on_offer_expired)
        dialog.finished.connect(lambda _r: setattr(self, "offer_dialog", None))
        self.offer_dialog = dialog
        dialog.show()
        self.tray.notify_offer(row)

    def on_offer_accepted(self, contact_id: str) -> None:
        self.on_panel_claim_requested(contact_id)
        self.show_contact(contact_id)

    def on_offer_expired(self, contact_id: str) -> None:
        """Not answered in time: back to the queue, and the agent is marked not responding."""
        self._declined[contact_id] = time.monotonic()
        self.presence_combo.setCurrentIndex(self.presence_combo.findData("away"))
        self.on_presence_activated(self.presence_combo.currentIndex())
        self.message_bar.show_message(
            "You did not answer an offer in time: your presence is now Away (not responding). "
            "Set Available to get contacts again.",
            seconds=60,
        )

    def on_practice_clicked(self) -> None:
        """Training runs as its own process and window: safe by construction."""
        import subprocess
        import sys

        command = (
            [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "ui.main"]
        )
        subprocess.Popen(
            [
                *command,
                "--training",
                "--workspace",
                str(self.app.workspace.root),
                "--agent",
                self.actor.login,
                "--trainee-name",
                self.actor.display_name,
            ]
        )
        self.statusBar().showMessage("Opening your training window…", 5000)

    # -- training ----------------------------------------------------------------

    def _add_training_panel(self) -> None:
        from PySide6.QtWidgets import QDockWidget

        self.training_panel = TrainingPanel(self.app, self.executor)
        dock = QDockWidget("Training", self)
        dock.setObjectName("TrainingDock")
        dock.setWidget(self.training_panel)
        dock.setMaximumWidth(320)
        dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        # room for the panel beside the usual layout, where the screen allows
        screen = self.screen().availableGeometry().width() if self.screen() else 0
        self.resize(max(self.width(), min(self.width() + 300, screen)), self.height())
        self.training_panel.arrived.connect(self.changes_applied.emit)
        self.training_panel.reset_requested.connect(self.on_training_reset_requested)
        self.changes_applied.connect(self.training_panel.on_changes_applied)
        self.training_panel.show_contact(self.selected_contact_id())

    def on_training_reset_requested(self) -> None:
        """One click: the window closes, the workspace goes back to its start, and reopens."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            "Start over?",
            "Go back to the start of this scenario? Your practice "
            "replies and notes in this training workspace are discarded.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restart_after_reset = True
            self.close()
            from PySide6.QtWidgets import QApplication

            QApplication.quit()

    # -- customers ---------------------------------------------------------------

    def on_card_invoice_action_requested(self, action: str, invoice_id: str) -> None:
        mut, actor = self.app.mutator, self.actor
        operations: dict[str, Callable[[Mutator, Actor, str], Changes]] = {
            "send": lambda m, a, i: invoice_ops.send(m, a, i),
            "remind": lambda m, a, i: invoice_ops.remind(m, a, i),
            "escalate": lambda m, a, i: invoice_ops.escalate(m, a, i),
        }
        messages = {
            "send": "Invoice sent.",
            "remind": "Reminder sent.",
            "escalate": "Invoice handed to collections.",
        }
        self.run_op(lambda: operations[action](mut, actor, invoice_id), messages[action])

    def on_card_edit_requested(self, customer_id: str) -> None:
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            return
        dialog = EditCustomerDialog(customer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values, identity = dialog.values(), dialog.identity()
        mut, actor = self.app.mutator, self.actor

        def save() -> Changes:
            changes = customer_ops.update_customer(mut, actor, customer_id, values)
            if identity is not None:
                changes.merge(customer_ops.add_identity(mut, actor, customer_id, *identity))
            return changes

        self.run_op(save, "Customer saved.")

    def on_card_merge_requested(self, survivor: str, duplicate: str, evidence: list[str]) -> None:
        # asks with the evidence first, then offers Undo in place (ui/merge_dialog.py)
        ask_and_merge(self, survivor, duplicate, evidence, self.card.confidence_of(duplicate))

    def on_card_unmerge_requested(self, merge_id: str) -> None:
        mut, actor = self.app.mutator, self.actor
        self.run_op(lambda: customer_ops.unmerge(mut, actor, merge_id), "Split back.")

    def on_card_dismiss_suggestion_requested(self, suggestion_id: str) -> None:
        mut, actor = self.app.mutator, self.actor
        self.run_op(
            lambda: customer_ops.dismiss_suggestion(mut, actor, suggestion_id).merge(
                Changes(customers={self.card.customer_id or ""})
            )
        )

    # -- incoming calls ------------------------------------------------------------

    def on_ipc_message(self, message: dict[str, Any]) -> dict[str, Any]:
        if message.get("type") != "call":
            return {"ok": False, "error": f"unknown message type {message.get('type')!r}"}
        started = time.perf_counter()
        caller = identify_caller(str(message.get("from", "")))
        line = str(message.get("to") or "")
        self.raise_()
        self.activateWindow()
        if caller.known and caller.customer_id:
            self.left_stack.setCurrentWidget(self.queue_view)
            self._follow_customer(caller.customer_id, caller.name)
            where = f" on {line}" if line else ""
            self.message_bar.show_message(
                f"☎ Incoming call{where} from {caller.name} ({caller.display})", seconds=30
            )
            return {
                "ok": True,
                "customer_id": caller.customer_id,
                "shown_ms": round((time.perf_counter() - started) * 1000, 1),
            }
        dialog = UnknownCallerDialog(self.app.db, caller.number, caller.display, line, self)
        dialog.new_customer_requested.connect(self.on_unknown_caller_new)
        dialog.existing_customer_chosen.connect(self.on_unknown_caller_existing)
        dialog.setModal(False)
        dialog.show()
        self.unknown_caller_dialog = dialog
        return {
            "ok": True,
            "customer_id": None,
            "unknown": True,
            "shown_ms": round((time.perf_counter() - started) * 1000, 1),
        }

    def on_integrity_finished(self, result: str) -> None:
        if result == "ok":
            return
        log.error("workspace database damaged: %s", result)
        self.message_bar.show_message(
            f"The workspace database is damaged ({result[:200]}). Close Lastmile and restore "
            f"the latest backup: lastmile restore --latest --workspace "
            f"{self.app.workspace.root}", error=True, seconds=3600)

    def _fit_screen(self, width: int, height: int) -> None:
        """The preferred size, never bigger than the screen's free area (1366x768 with a
        taskbar is common on call-center PCs); on a small screen it opens maximized."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None or QApplication.platformName() == "offscreen":
            self.resize(width, height)  # no real screen (tests, screenshots): as asked
            return
        free = screen.availableGeometry()
        self.resize(min(width, free.width()), min(height, free.height()))
        if free.width() < width or free.height() < height:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def _follow_customer(self, customer_id: str, name: str) -> None:
        """The card shows this customer; what the contact panel acts on must belong to
        them too: their newest open contact is selected, or the panel is emptied with a
        line saying why (a reply must never go to the previous caller's contact)."""
        self.card.show_customer(customer_id)
        current = self.contact_panel.contact_id
        if current and Contact.get_or_none((Contact.id == current)
                                           & (Contact.customer == customer_id)):
            return
        newest = (Contact.select(Contact.id)
                  .where((Contact.customer == customer_id)
                         & Contact.status.in_(("open", "waiting")))
                  .order_by(Contact.received_at.desc()).first())
        row = self.queue_model.row_of(newest.id) if newest is not None else -1
        if row >= 0:
            self.select_row(row)
            return
        self.queue_view.clearSelection()
        self.contact_panel.show_contact(None, None, {})
        self.contact_panel.subject_label.setText(
            f"No open contact of {html.escape(name or 'this caller')} is selected: the card "
            "shows them; log the call from their card or pick one of their contacts")

    def on_unknown_caller_new(self, number: str, name: str) -> None:
        mut, actor = self.app.mutator, self.actor

        def create() -> Changes:
            customer_id = customer_ops.create_customer(
                mut, actor, name=name or number, identities=[("phone", number)]
            )
            return Changes(customers={customer_id})

        def done(changes: Changes) -> None:
            self.card.show_customer(next(iter(changes.customers)))

        self.executor.run(create, done, lambda e: self.message_bar.show_message(str(e), error=True))

    def on_unknown_caller_existing(self, number: str, customer_id: str) -> None:
        mut, actor = self.app.mutator, self.actor
        self.executor.run(
            lambda: customer_ops.add_identity(mut, actor, customer_id, "phone", number),
            lambda _c: self.card.show_customer(customer_id),
            lambda e: self.message_bar.show_message(str(e), error=True),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.call_listener.stop()
        self.tray.stop()
        if self.sync is not None:
            self.sync.stop()
        if self.mail is not None:
            self.mail.stop()
        if self.backups is not None:
            self.backups.stop()
        if self.training_panel is not None:
            self.training_panel.stop()
        self._clock_timer.stop()
        self._poll_timer.stop()
        self._sweep_timer.stop()
        self._offer_timer.stop()
        super().closeEvent(event)
