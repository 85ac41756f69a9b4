"""Training: the practice window (its own process) and, in a training workspace, the
training panel with its start-over."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.controllers.base import Controller
from ui.training_panel import TrainingPanel


class TrainingController(Controller):
    def on_practice_clicked(self) -> None:
        """Training runs as its own process and window: safe by construction."""
        import subprocess
        import sys

        w = self.win
        command = (
            [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "ui.main"]
        )
        subprocess.Popen(
            [
                *command,
                "--training",
                "--workspace",
                str(w.app.workspace.root),
                "--agent",
                w.actor.login,
                "--trainee-name",
                w.actor.display_name,
            ]
        )
        w.statusBar().showMessage(self.tr("Opening your training window…"), 5000)

    def add_training_panel(self) -> TrainingPanel:
        from PySide6.QtWidgets import QDockWidget

        w = self.win
        panel = TrainingPanel(w.app, w.executor)
        dock = QDockWidget("Training", w)
        dock.setObjectName("TrainingDock")
        dock.setWidget(panel)
        dock.setMaximumWidth(320)
        dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        # room for the panel beside the usual layout, where the screen allows
        screen = w.screen().availableGeometry().width() if w.screen() else 0
        w.resize(max(w.width(), min(w.width() + 300, screen)), w.height())
        panel.arrived.connect(w.changes_applied.emit)
        panel.reset_requested.connect(self.on_training_reset_requested)
        w.changes_applied.connect(panel.on_changes_applied)
        panel.show_contact(w.queue.selected_contact_id())
        return panel

    def on_training_reset_requested(self) -> None:
        """One click: the window closes, the workspace goes back to its start, and reopens."""
        from PySide6.QtWidgets import QApplication, QMessageBox

        answer = QMessageBox.question(
            self.win,
            self.tr("Start over?"),
            self.tr(
                "Go back to the start of this scenario? Your practice "
                "replies and notes in this training workspace are discarded."
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.win.restart_after_reset = True
            self.win.close()
            QApplication.quit()
