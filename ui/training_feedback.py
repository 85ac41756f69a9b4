"""Private feedback widgets of the training window: beside the selected contact, and the
whole session in a dialog the trainee may export (and only then share)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.training.feedback import ContactFeedback, Feedback
from desktop.training.scenario import PRACTICES
from ui.accessibility import name_from_labels
from ui.widgets import named


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("TrainingFeedback", text, None, n)


KEPT, MISSED = "#1E7B34", "#B3261E"


def contact_feedback_html(fb: ContactFeedback | None) -> str:
    """What the trainee did on one contact, in a few lines."""
    if fb is None:
        return "<i>" + tr("Select a contact to see how you are doing on it.") + "</i>"
    if not fb.arrived:
        return "<i>" + tr("This contact has not arrived yet.") + "</i>"
    if fb.response_minutes is not None and fb.target_minutes is not None:
        late = fb.response_minutes > fb.target_minutes
        response = tr("First response after <b>{minutes} min</b> (target {target})").format(
            minutes=f"{fb.response_minutes:.0f}", target=f"{fb.target_minutes:.0f}"
        ) + (tr(" — late") if late else "")
    elif fb.answered:
        response = tr("Answered.")
    else:
        response = tr("Not answered yet.")
    lines = [response]
    lines += [
        f"<span style='color:{KEPT}'>✓ {html.escape(PRACTICES.get(p, p))}</span>" for p in fb.kept
    ]
    if fb.answered:
        lines += [
            f"<span style='color:{MISSED}'>✗ {html.escape(PRACTICES.get(p, p))}</span>"
            for p in fb.missed
        ]
    else:  # nothing to judge yet: what is still to do
        lines += [f"○ {html.escape(PRACTICES.get(p, p))}" for p in fb.missed]
    if fb.why:
        lines.append(f"<i>{html.escape(fb.why)}</i>")
    return "<br>".join(lines)


class ContactFeedbackView(QLabel):
    """Feedback on the selected contact, updated as the trainee works on it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ContactFeedback")
        self.setWordWrap(True)
        self.show_feedback(None)

    def show_feedback(self, fb: ContactFeedback | None) -> None:
        self.setText(contact_feedback_html(fb))


class FeedbackDialog(QDialog):
    """The whole session, private; *Export to share…* writes it where the trainee chooses."""

    def __init__(self, report: Feedback, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Your private feedback"))
        self.resize(640, 560)
        self.report = report
        self.exported: Path | None = None
        layout = QVBoxLayout(self)
        note = QLabel(
            tr("Only you see this. Nothing of it is sent, synced or shown to a supervisor.")
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.view = named(QTextBrowser(), "FeedbackText")
        self.view.setMarkdown(report.as_markdown())
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = buttons.addButton(
            tr("Export to share…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.clicked.connect(self.on_export_clicked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        name_from_labels(self)  # a screen reader can say every field

    def on_export_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("Export feedback"),
            tr("training-feedback.md"),
            "Markdown (*.md);;JSON (*.json)",
        )
        if path:
            self.exported = self.report.export(Path(path))
