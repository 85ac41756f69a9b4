"""The agent's window: layout and wiring.

The unified queue on the left; the contact and the card on the right. This file builds
the widgets and connects their signals; what the window does lives in ui/controllers/
(see its __init__ for which concern is where): the queue and selection (queue.py),
actions on contacts (contacts.py) and on the customer card (customers.py), offers
(offers.py), search (search.py), attention lists (attention.py), call pops (callpop.py),
the server button and sync status (server.py), the clocks and background services that
poll, sweep, back up and check (timers.py), and training (training.py). The message bar
is ui/message_bar.py.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
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

from desktop import reads
from desktop.app import Application
from desktop.changes import Changes
from desktop.drafts import DraftStore
from desktop.reads import CHANNELS, PRESENCES
from ui.accessibility import name_window
from ui.contact_panel import ContactPanel
from ui.controllers.admin import AdminController
from ui.controllers.attention import AttentionController
from ui.controllers.callpop import CallPopController
from ui.controllers.contacts import ContactActions
from ui.controllers.customers import CustomerActions
from ui.controllers.offers import OfferController
from ui.controllers.queue import QueueController
from ui.controllers.search import SearchController
from ui.controllers.server import ServerController
from ui.controllers.teams import TeamController
from ui.controllers.timers import Timers
from ui.controllers.training import TrainingController
from ui.customer_card import CustomerCard
from ui.executor import DbExecutor
from ui.i18n import presence_label, role_label, user_text
from ui.icons import channel_icon, channel_label
from ui.ipc import WindowListener
from ui.mail_status import MailStatus
from ui.menus import install as install_menus
from ui.merge_dialog import MergeDialog
from ui.message_bar import MessageBar
from ui.queue_model import QueueModel
from ui.supervisor import install_desk
from ui.sync_status import SyncController
from ui.toolbar_fit import ToolbarFit
from ui.training_panel import TrainingPanel
from ui.tray import install as install_tray
from ui.widgets import fit_columns, fit_screen, guard_wheel, named

__all__ = ["MainWindow", "MessageBar"]


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


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
        self.timers = Timers(self)
        self._build()
        guard_wheel(self)  # no value changes on a stray wheel turn
        for view in self.findChildren(QAbstractItemView):
            view.setTabKeyNavigation(False)  # Tab leaves a table instead of walking its cells
        self.queue = QueueController(self)
        self.teams = TeamController(self)  # the team picker of an account in several teams
        self.contacts = ContactActions(self)
        self.customers = CustomerActions(self)
        self.offers = OfferController(self)
        self.search = SearchController(self)
        self.attention = AttentionController(self)
        self.callpop = CallPopController(self)
        self.training = TrainingController(self)
        self.admin = AdminController(self)
        self._connect_signals()
        name_window(self)  # every control has a name a screen reader says (ui/accessibility)
        self.merge_dialog: MergeDialog | None = None
        self.update_title()
        self.call_listener = WindowListener(app.workspace.root, self.callpop.on_ipc_message, self)
        if not app.is_training:  # real calls never pop up in a practice window
            self.call_listener.start()
        self.training_panel: TrainingPanel | None = None
        self.sync: SyncController | None = None
        self.server: ServerController | None = None
        if app.is_training:
            self.sync_label.setText(tr("training: never syncs"))
        self.mail: MailStatus | None = None
        if not app.is_training:  # a practice window never talks to a server
            self.sync = SyncController(app, self)
            self.server = ServerController(self, self.sync)
            self.mail = MailStatus(app, self)
            self.statusBar().addPermanentWidget(self.mail.label)
            self.timers.start_services()
            self.server.wire()
        self.restart_after_reset = False
        if app.is_training:
            self.training_panel = self.training.add_training_panel()
        self.queue.refresh_counts()
        if self.queue_model.rowCount():
            self.queue.select_row(0)
        self.supervisor_action = install_desk(self)  # Ctrl+Shift+S (ui/supervisor)
        self.menus = install_menus(self)  # menu bar, shortcuts, context menus (ui/menus.py)
        self.tray, self.layout_memory = install_tray(self)  # tray, notifications, layout

    # -- building --------------------------------------------------------------

    def _build(self) -> None:
        fit_screen(self, 1440, 900)
        training = self.app.is_training
        toolbar = QToolBar(tr("Queue"))
        toolbar.setObjectName("MainToolbar")
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        brand = named(QLabel("Lastmile"), "Brand")
        spare = [toolbar.addWidget(brand), toolbar.addSeparator()]  # ui/toolbar_fit.py
        self.channel_filter = QComboBox()
        self.channel_filter.addItem(tr("All channels"), None)
        for channel in CHANNELS:
            self.channel_filter.addItem(channel_icon(channel), channel_label(channel), channel)
        self.skill_filter = QComboBox()
        self.skill_filter.addItem(tr("All skills"), None)
        for skill in reads.skills_in_use():
            self.skill_filter.addItem(skill, skill)
        self.status_filter = QComboBox()
        self.status_filter.addItem(tr("Open and waiting"), None)
        labels = {"open": tr("Open"), "waiting": tr("Waiting"), "resolved": tr("Resolved")}
        for status, label in labels.items():
            self.status_filter.addItem(label, status)
        self.assignee_filter = QComboBox()
        self.assignee_filter.addItem(tr("Anyone"), None)
        self.assignee_filter.addItem(tr("Mine"), self.actor.id)
        self.assignee_filter.addItem(tr("Unassigned"), "unassigned")
        self.assignee_filter.setToolTip(tr("Whose contacts: anyone's, mine, or nobody's yet"))
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
        self.search_box.setPlaceholderText(tr("Search customers and messages (Ctrl+F)"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(280)  # the placeholder fits; German fits 1366 px
        toolbar.addWidget(self.search_box)
        self.next_button = named(QPushButton(tr("Next contact")), "NextButton")
        self.next_button.setToolTip(tr("Get the next contact for your skills (Ctrl+N)"))
        toolbar.addWidget(self.next_button)
        self.presence_combo = named(QComboBox(), "PresenceCombo")
        for state in PRESENCES:
            self.presence_combo.addItem(presence_label(state), state)
        self.presence_combo.setCurrentIndex(
            max(0, self.presence_combo.findData(reads.presence_of(self.actor.id)))
        )
        self.presence_combo.setToolTip(tr("Your presence: only available agents get contacts"))
        toolbar.addWidget(self.presence_combo)
        self.offers_check = named(QCheckBox(tr("Offers")), "OffersCheck")
        self.offers_check.setToolTip(
            tr("Have routing offer you the next contact when you are free")
        )
        toolbar.addWidget(self.offers_check)
        if not self.app.is_training:
            self.practice_button = named(QPushButton(tr("Practice…")), "PracticeButton")
            self.practice_button.setToolTip(
                tr("Open your own training workspace in a separate window (never monitored)")
            )
            toolbar.addWidget(self.practice_button)
        self.agent_label = named(QLabel(), "AgentLabel")
        self.agent_label.setText(f" {self.actor.display_name} · {role_label(self.actor.role)} ")
        self.toolbar_fit = ToolbarFit(toolbar, [*spare, toolbar.addWidget(self.agent_label)])

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        if training:
            banner = named(
                QLabel(tr("Training — nothing here reaches a customer or a report")),
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
        self.queue_title = named(QLabel(tr("Queue")), "PanelTitle")
        self.count_label = named(QLabel(), "CountLabel")
        header.addWidget(self.queue_title)
        header.addStretch(1)
        header.addWidget(self.count_label)
        self.attention_button = named(QPushButton(), "AttentionButton")
        self.attention_button.setToolTip(tr("SLA alerts and follow-ups that need you"))
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
        fit_columns(self.queue_view, (80, 106, 200, 54, 52, 64, 54, 104))
        self.queue_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.left_stack.addWidget(self.queue_view)
        self.results_list = named(QListWidget(), "SearchResults")
        self.left_stack.addWidget(self.results_list)
        ll.addWidget(self.left_stack)
        splitter.addWidget(left)

        right = QSplitter(Qt.Orientation.Vertical)
        self.contact_panel = ContactPanel(
            self.actor,
            training=training,
            drafts=DraftStore(self.app.workspace.root / "drafts.json"),
        )
        self.card = CustomerCard(self.app.db, self.app.clock, executor=self.executor)
        right.addWidget(self.contact_panel)
        right.addWidget(self.card)
        right.setSizes([380, 520])
        splitter.addWidget(right)
        splitter.setSizes([840, 600])
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        outer.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.sync_label = named(QLabel(tr("not connected to a server")), "SyncLabel")
        self.sync_label.setToolTip(tr("Sign in with 'lastmile login --server URL --user LOGIN'"))
        self.statusBar().addPermanentWidget(self.sync_label)
        self.as_of_label = QLabel()
        self.statusBar().addPermanentWidget(self.as_of_label)
        # in the status bar, not the toolbar: the toolbar has no room left at 1366 px
        self.admin_button = named(QToolButton(), "AdminButton")
        self.admin_button.setText(tr("Admin…"))
        self.admin_button.setAutoRaise(True)
        self.admin_button.setToolTip(
            tr("Agents, templates, business hours, SLA targets, routing (Ctrl+Shift+A)")
        )
        self.statusBar().addPermanentWidget(self.admin_button)  # shown by AdminController
        self.statusBar().showMessage(tr("Workspace {path}").format(path=self.app.workspace.root))

        self.next_action = QAction(tr("Next contact"), self)
        self.next_action.setShortcut(QKeySequence("Ctrl+N"))
        self.search_action = QAction(tr("Search"), self)
        self.search_action.setShortcut(QKeySequence("Ctrl+F"))
        self.refresh_action = QAction(tr("Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence("F5"))
        self.undo_action = QAction(tr("Undo the last status change"), self)
        self.undo_action.setShortcut(QKeySequence("Ctrl+Shift+Z"))
        self.undo_action.triggered.connect(self.message_bar.undo)
        self.admin_action = QAction(tr("Administration…"), self)
        self.admin_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        for action in (
            self.next_action,
            self.search_action,
            self.refresh_action,
            self.undo_action,
            self.admin_action,
        ):
            self.addAction(action)

    def _connect_signals(self) -> None:
        queue, contacts, customers = self.queue, self.contacts, self.customers
        for combo in (
            self.channel_filter,
            self.skill_filter,
            self.status_filter,
            self.assignee_filter,
        ):
            combo.currentIndexChanged.connect(queue.on_filter_changed)
        self.queue_view.selectionModel().currentRowChanged.connect(queue.on_queue_current_changed)
        self.queue_model.reloaded.connect(queue.refresh_counts)
        panel, card = self.contact_panel, self.card
        panel.claim_requested.connect(contacts.on_panel_claim_requested)
        panel.release_requested.connect(contacts.on_panel_release_requested)
        panel.status_requested.connect(contacts.on_panel_status_requested)
        panel.reply_requested.connect(contacts.on_panel_reply_requested)
        panel.note_requested.connect(contacts.on_panel_note_requested)
        panel.call_log_requested.connect(contacts.on_panel_call_log_requested)
        panel.follow_up_requested.connect(contacts.on_panel_follow_up_requested)
        card.contact_requested.connect(queue.show_contact)
        card.task_done_requested.connect(customers.on_card_task_done_requested)
        card.task_delete_requested.connect(customers.on_card_task_delete_requested)
        card.edit_requested.connect(customers.on_card_edit_requested)
        card.invoice_action_requested.connect(customers.on_card_invoice_action_requested)
        card.merge_requested.connect(customers.on_card_merge_requested)
        card.remove_identity_requested.connect(customers.on_card_remove_identity_requested)
        card.unmerge_requested.connect(customers.on_card_unmerge_requested)
        card.dismiss_suggestion_requested.connect(customers.on_card_dismiss_suggestion_requested)
        self.changes_applied.connect(queue.on_changes_applied)
        self.search_box.textChanged.connect(lambda _t: self.search.search_timer.start())
        self.search_box.returnPressed.connect(self.search.run_search)
        self.results_list.itemActivated.connect(self.search.on_result_activated)
        self.results_list.itemClicked.connect(self.search.on_result_activated)
        self.next_action.triggered.connect(contacts.on_next_triggered)
        self.next_button.clicked.connect(contacts.on_next_triggered)
        self.presence_combo.activated.connect(contacts.on_presence_activated)
        self.search_action.triggered.connect(self.search_box.setFocus)
        self.refresh_action.triggered.connect(lambda: self.queue_model.reload())
        self.attention_button.clicked.connect(self.attention.show_attention)
        self.offers_check.toggled.connect(self.offers.on_offers_toggled)
        if not self.app.is_training:
            self.practice_button.clicked.connect(self.training.on_practice_clicked)
        self.admin_button.clicked.connect(self.admin.open_admin)
        self.admin_action.triggered.connect(self.admin.open_admin)
        self.admin.refresh_entry()
        self.timers.start()

    # -- running operations ----------------------------------------------------

    def run_op(
        self,
        fn: Callable[[], Changes],
        done_message: str = "",
        then: Callable[[Changes], None] | None = None,
    ) -> None:
        """Run one operation on the database thread; show problems inline."""

        def ok(changes: Changes) -> None:
            if done_message:
                self.statusBar().showMessage(done_message, 5000)
            self.changes_applied.emit(changes)
            if then is not None:
                then(changes)

        def failed(error: BaseException) -> None:
            self.message_bar.show_message(user_text(error), error=True)

        self.executor.run(fn, ok, failed)

    def update_title(self) -> None:
        kind = tr(" — TRAINING") if self.app.is_training else ""
        self.setWindowTitle(f"Lastmile{kind} — {self.actor.display_name}")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.call_listener.stop()
        self.tray.stop()
        if self.sync is not None:
            self.sync.stop()
        if self.mail is not None:
            self.mail.stop()
        if self.training_panel is not None:
            self.training_panel.stop()
        self.timers.stop()
        self.offers.stop()
        super().closeEvent(event)
