"""The training side panel: scenario clock, arrivals, the "would have been sent" outbox,
private feedback and reset. Only ever built for a training workspace."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.app import Application
from desktop.changes import Changes
from desktop.training.feedback import Feedback, feedback
from desktop.training.session import TrainingInfo, arrive_due, info, next_arrival_minutes
from models.schema import Agent, Outbound
from ui.executor import DbExecutor
from ui.formatting import local
from ui.widgets import named


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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.title_label = named(
            QLabel(f"<b>{html.escape(self.details.title)}</b>"), "TrainingTitle"
        )
        self.title_label.setWordWrap(True)
        self.clock_label = named(QLabel(), "TrainingClock")
        self.next_label = QLabel()
        layout.addWidget(self.title_label)
        layout.addWidget(self.clock_label)
        layout.addWidget(self.next_label)
        layout.addWidget(QLabel("Would have been sent (nothing leaves this machine):"))
        self.sent_list = named(QListWidget(), "WouldHaveBeenSent")
        self.sent_list.setWordWrap(True)
        layout.addWidget(self.sent_list, 1)
        self.feedback_button = QPushButton("My feedback…")
        self.feedback_button.setToolTip("Private: only you see it, unless you export it")
        self.reset_button = QPushButton("Start over")
        layout.addWidget(self.feedback_button)
        layout.addWidget(self.reset_button)
        self.feedback_button.clicked.connect(self.on_feedback_clicked)
        self.reset_button.clicked.connect(self.reset_requested.emit)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self.tick()

    def trainee_id(self) -> str | None:
        agent = Agent.get_or_none(Agent.login == self.details.trainee)
        return agent.id if agent else None

    def tick(self) -> None:
        """Let due scenario contacts arrive (off the UI thread) and refresh the panel."""
        app = self.app
        if not self.executor.busy:
            self.executor.run(lambda: arrive_due(app), self._on_arrived)
        self.clock_label.setText(f"Scenario time: {local(app.clock.now(), '%a %H:%M')}")
        minutes = next_arrival_minutes(app)
        self.next_label.setText(
            "All contacts of the scenario have arrived."
            if minutes is None
            else f"Next contact arrives in {minutes:.0f} min (scenario time)"
        )

    def _on_arrived(self, contact_ids: list[str]) -> None:
        if contact_ids:
            self.arrived.emit(Changes(queue=True, contacts=set(contact_ids)))
        self.refresh_sent()

    def refresh_sent(self) -> None:
        self.sent_list.clear()
        for out in Outbound.select().order_by(Outbound.created_at.desc()).limit(200):
            item = QListWidgetItem(
                f"{local(out.created_at, '%H:%M')} {out.channel} to "
                f"{out.recipient or '?'}: {out.body[:160]}"
            )
            item.setToolTip(out.body)
            self.sent_list.addItem(item)

    def current_feedback(self) -> Feedback:
        return feedback(
            self.details.scenario, self.trainee_id(), self.app.rules, self.app.clock.now()
        )

    def on_feedback_clicked(self) -> None:
        FeedbackDialog(self.current_feedback(), self).exec()

    def stop(self) -> None:
        self._timer.stop()


class FeedbackDialog(QDialog):
    def __init__(self, report: Feedback, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your private feedback")
        self.resize(640, 560)
        self.report = report
        layout = QVBoxLayout(self)
        self.view = QTextBrowser()
        self.view.setMarkdown(report.as_markdown())
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        export = buttons.addButton("Export to share…", QDialogButtonBox.ButtonRole.ActionRole)
        export.clicked.connect(self.on_export_clicked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)

    def on_export_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export feedback", "training-feedback.md", "Markdown (*.md);;JSON (*.json)"
        )
        if path:
            self.report.export(Path(path))
