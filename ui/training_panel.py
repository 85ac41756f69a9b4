"""The training side panel: scenario clock and arrivals, the "would have been sent" view,
private feedback on the selected contact and for the session, and reset. Only ever built
for a training workspace."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import reads
from desktop.app import Application
from desktop.changes import Changes
from desktop.training.feedback import Feedback, feedback, feedback_for_contact
from desktop.training.session import (
    TrainingInfo,
    arrive_due,
    info,
    next_arrival_minutes,
    skip_to_next,
)
from ui.executor import DbExecutor
from ui.formatting import when
from ui.training_feedback import ContactFeedbackView, FeedbackDialog
from ui.widgets import named


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("TrainingPanel", text, None, n)


TICK_MS = 1000


class TrainingPanel(QWidget):
    arrived = Signal(object)  # Changes
    reset_requested = Signal()

    def __init__(
        self, app: Application, executor: DbExecutor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("TrainingPanel")
        self.app = app
        self.executor = executor
        self.details: TrainingInfo = info()
        self.contact_id: str | None = None
        self._sent_seen: tuple[int, object] | None = None
        self._build()
        self._connect_signals()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self.tick()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.title_label = named(
            QLabel(f"<b>{html.escape(self.details.title)}</b>"),
            "TrainingTitle",
        )
        self.title_label.setWordWrap(True)
        self.clock_label = named(QLabel(), "TrainingClock")
        self.clock_label.setWordWrap(True)
        self.next_label = QLabel()
        self.next_label.setWordWrap(True)
        self.skip_button = named(QPushButton(tr("Next contact now")), "SkipButton")
        self.skip_button.setToolTip(tr("Don't wait: let the next scenario contact arrive now"))
        row = QHBoxLayout()
        row.addWidget(self.next_label, 1)
        row.addWidget(self.skip_button)
        layout.addWidget(self.title_label)
        layout.addWidget(self.clock_label)
        layout.addLayout(row)

        sent_label = QLabel(tr("Would have been sent — nothing leaves this machine:"))
        sent_label.setWordWrap(True)
        layout.addWidget(sent_label)
        self.sent_list = named(QListWidget(), "WouldHaveBeenSent")
        self.sent_list.setWordWrap(True)
        self.sent_list.setAlternatingRowColors(True)
        self.sent_list.setSpacing(2)
        layout.addWidget(self.sent_list, 1)

        box = QGroupBox(tr("On this contact (private)"))
        box_layout = QVBoxLayout(box)
        self.contact_feedback = ContactFeedbackView()
        box_layout.addWidget(self.contact_feedback)
        layout.addWidget(box)

        self.feedback_button = named(QPushButton(tr("My feedback…")), "FeedbackButton")
        self.feedback_button.setToolTip(tr("Private: only you see it, unless you export it"))
        self.reset_button = named(QPushButton(tr("Start over")), "ResetButton")
        self.reset_button.setToolTip(tr("Back to the start of the scenario, in one click"))
        layout.addWidget(self.feedback_button)
        layout.addWidget(self.reset_button)

    def _connect_signals(self) -> None:
        self.feedback_button.clicked.connect(self.on_feedback_clicked)
        self.reset_button.clicked.connect(self.reset_requested.emit)
        self.skip_button.clicked.connect(self.on_skip_clicked)

    # -- the scenario clock -------------------------------------------------------------

    def trainee_id(self) -> str | None:
        agent = reads.agent_by_login(self.details.trainee)
        return agent.id if agent else None

    def tick(self) -> None:
        """Let due scenario contacts arrive (off the UI thread) and refresh the clock."""
        app = self.app
        if not self.executor.busy:
            self.executor.run(lambda: arrive_due(app), self._on_arrived)
        self._show_clock()

    def on_skip_clicked(self) -> None:
        app = self.app
        self.executor.run(lambda: skip_to_next(app), self._on_arrived)

    def _show_clock(self) -> None:
        total, waiting = reads.training_arrivals()
        arrived = (
            tr(" · {arrived} of %n contact(s) arrived", total).format(arrived=total - waiting)
            if total
            else ""
        )
        self.clock_label.setText(
            tr("Scenario time: {now}{arrived}").format(
                now=when(self.app.clock.now(), self.app.clock.now()), arrived=arrived
            )
        )
        minutes = next_arrival_minutes(self.app)
        self.skip_button.setEnabled(minutes is not None)
        if minutes is None:
            self.next_label.setText(
                tr("All contacts of the scenario have arrived.")
                if total
                else tr("Practice on the masked copy: nothing new arrives.")
            )
        else:
            self.next_label.setText(
                tr("Next contact arrives now")
                if minutes < 0.5
                else tr("Next contact in {minutes} min (scenario time)").format(
                    minutes=f"{minutes:.0f}"
                )
            )

    def _on_arrived(self, contact_ids: list[str]) -> None:
        if contact_ids:
            self.arrived.emit(Changes(queue=True, contacts=set(contact_ids)))
            self._show_clock()
        self.refresh_sent()

    # -- what would have been sent, and feedback ------------------------------------------

    def refresh_sent(self) -> None:
        """Rebuild the list only when something new is in it (keeps scroll and selection)."""
        seen, sent = reads.sent_in_training(200)
        if seen == self._sent_seen:
            return
        self._sent_seen = seen
        self.sent_list.clear()
        for out in sent:
            item = QListWidgetItem(
                tr("{time} {channel} to {recipient}: {body}").format(
                    time=when(out.created_at, self.app.clock.now()),
                    channel=out.channel,
                    recipient=out.recipient or "?",
                    body=out.body[:160],
                )
            )
            item.setToolTip(out.body)
            self.sent_list.addItem(item)

    def show_contact(self, contact_id: str | None) -> None:
        self.contact_id = contact_id
        self.refresh_contact_feedback()

    def refresh_contact_feedback(self) -> None:
        fb = (
            feedback_for_contact(
                self.contact_id, self.trainee_id(), self.app.rules, self.app.clock.now()
            )
            if self.contact_id
            else None
        )
        self.contact_feedback.show_feedback(fb)

    def on_changes_applied(self, _changes: Changes) -> None:
        self.refresh_sent()
        self.refresh_contact_feedback()

    def current_feedback(self) -> Feedback:
        return feedback(
            self.details.scenario, self.trainee_id(), self.app.rules, self.app.clock.now()
        )

    def on_feedback_clicked(self) -> None:
        self.feedback_dialog = FeedbackDialog(self.current_feedback(), self)
        self.feedback_dialog.open()

    def stop(self) -> None:
        self._timer.stop()
