"""The window's mail: runs the mail connectors of a desktop alone in the background and
shows each mailbox's state in the status bar (a failing one says why)."""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop import reads
from desktop.app import Application
from desktop.channels.service import MailService


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("MailStatus", text, None, n)


log = logging.getLogger("lastmile.ui")


class MailStatus(QObject):
    """Owns the MailService of a live window; ``refresh`` is called by the window's poll."""

    def __init__(self, app: Application, parent: QWidget) -> None:
        super().__init__(parent)
        self.label = QLabel(parent)
        self.label.setObjectName("MailLabel")
        self.label.setAccessibleName(tr("Mailboxes"))
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # server words may hold anything
        self.service = MailService(app)
        self.service.start()
        self.refresh()

    def refresh(self) -> None:
        self.show(reads.mailboxes())

    def show(self, boxes: list[reads.Mailbox]) -> None:
        """The mailboxes' states, read already (the window's poll reads them off the UI
        thread)."""
        if not boxes:
            self.label.setText("")
            self.label.setToolTip(tr("No mailboxes: lastmile mailbox add NAME --imap ..."))
            self.label.hide()
            return
        failing = [b for b in boxes if b.state == "failing"]
        if failing:
            self.label.setText(
                tr("⚠ mail: {value} failing").format(value=", ".join(b.name for b in failing))
            )
        else:
            self.label.setText(tr("✉ mail: %n mailbox(es) ok", len(boxes)))
        lines = "\n".join(
            f"{b.name}: {b.state}{' - ' + b.last_error if b.last_error else ''}" for b in boxes
        )
        # escaped into explicit rich text: Qt would render a tooltip that looks like HTML
        self.label.setToolTip(f"<p style='white-space:pre'>{html.escape(lines)}</p>")
        self.label.show()

    def poke(self) -> None:
        self.service.poke()

    def stop(self) -> None:
        self.service.stop(timeout=2.0)
