"""Logging a call by hand: direction, length, outcome and what was said (the contact
panel's "Log call…")."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QPlainTextEdit,
    QWidget,
)

from ui.accessibility import name_from_labels
from ui.i18n import QT_TRANSLATE_NOOP


def tr(text: str) -> str:
    return QCoreApplication.translate("ContactPanel", text)


# the values the drop-downs carry; what they show is translated
DIRECTIONS = (
    QT_TRANSLATE_NOOP("ContactPanel", "outbound"),
    QT_TRANSLATE_NOOP("ContactPanel", "inbound"),
)
OUTCOMES = (
    QT_TRANSLATE_NOOP("ContactPanel", "completed"),
    QT_TRANSLATE_NOOP("ContactPanel", "no answer"),
    QT_TRANSLATE_NOOP("ContactPanel", "voicemail"),
    QT_TRANSLATE_NOOP("ContactPanel", "failed"),
    QT_TRANSLATE_NOOP("ContactPanel", "dropped"),
)


class CallLogDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Log a call"))
        form = QFormLayout(self)
        self.direction = QComboBox()
        for direction in DIRECTIONS:
            self.direction.addItem(tr(direction), direction)
        self.minutes = QDoubleSpinBox()
        self.minutes.setRange(0, 1440)
        self.minutes.setValue(5)
        self.minutes.setSuffix(tr(" min"))
        self.outcome = QComboBox()
        for outcome in OUTCOMES:
            self.outcome.addItem(tr(outcome), outcome)
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText(tr("What was said and agreed"))
        form.addRow(tr("Direction"), self.direction)
        form.addRow(tr("Length"), self.minutes)
        form.addRow(tr("Outcome"), self.outcome)
        form.addRow(tr("Summary"), self.summary)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        name_from_labels(self)  # a screen reader can say every field

    def values(self) -> dict[str, Any]:
        return {
            "direction": self.direction.currentText(),
            "minutes": self.minutes.value(),
            "outcome": self.outcome.currentText(),
            "summary": self.summary.toPlainText(),
        }
