"""Under a contact's message: its attachments (name, type, size) and, for an HTML mail, its
original HTML — each opened only when the agent asks.

An attachment is only ever saved to a file the agent picks (never opened or run here). The
original HTML is shown as its plain-text source in a read-only box: nothing of it is
rendered as rich text, no image, style or link is loaded or followed, and the dialog says
so in plain words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import attachments
from desktop.errors import UserFacingError
from ui.widgets import named

SAFE_VIEW_NOTE = (
    "This is the mail's original HTML, shown as plain text source. Nothing in it is "
    "displayed as formatting, and no pictures, links or other content from the internet "
    "are loaded. Read it to see what the sender's mail program made of the message."
)


class MessageExtras(QWidget):
    """Attachments and the safe HTML view of the message on screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._attachments: list[dict[str, Any]] = []
        self._html = ""
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = named(QLabel(), "AttachmentsLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # mail-supplied names: never rich
        self.label.setWordWrap(True)
        self.save_button = QPushButton("Save attachment…")
        self.save_button.setToolTip(
            "Save an attachment to a file you choose (it is never opened here)"
        )
        self.menu = QMenu(self.save_button)
        self.save_button.setMenu(self.menu)
        self.html_button = QPushButton("Original HTML…")
        self.html_button.setToolTip(
            "The mail's HTML as plain text source: nothing is rendered or loaded"
        )
        self.html_button.clicked.connect(self.show_html)
        row.addWidget(self.label, 1)
        row.addWidget(self.save_button)
        row.addWidget(self.html_button)
        self.show_for(None)

    def show_for(
        self, contact_id: str | None, found: tuple[list[dict[str, Any]], str] | None = None
    ) -> None:
        """The attachments of a contact: ``found`` read already (off the UI thread), or
        read here."""
        if found is None:
            found = attachments.of_contact(contact_id) if contact_id is not None else ([], "")
        self._attachments, self._html = found
        self.menu.clear()
        for meta in self._attachments:
            action = self.menu.addAction(attachments.describe(meta))
            action.setEnabled(bool(meta.get("kept") or meta.get("fetchable")))
            action.triggered.connect(lambda _=False, m=meta: self.save(m))
        shown = [attachments.describe(m) for m in self._attachments]
        self.label.setText(("Attachments: " + "; ".join(shown)) if shown else "")
        self.save_button.setVisible(bool(self._attachments))
        self.save_button.setEnabled(
            any(m.get("kept") or m.get("fetchable") for m in self._attachments)
        )
        self.html_button.setVisible(bool(self._html))
        self.setVisible(bool(self._attachments or self._html))

    def save(self, meta: dict[str, Any], destination: Path | None = None) -> Path | None:
        if destination is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Save attachment", str(Path.home() / str(meta["name"]))
            )
            if not chosen:
                return None
            destination = Path(chosen)
        try:
            return attachments.save_as(attachments.folder(), str(meta["sha256"]), destination)
        except (UserFacingError, OSError) as exc:
            self.label.setText(f"Not saved: {exc}")
            return None

    def show_html(self) -> QDialog:
        dialog = HtmlSourceDialog(self._html, self)
        dialog.open()
        return dialog


class HtmlSourceDialog(QDialog):
    def __init__(self, source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Original HTML (safe view: plain text source)")
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        note = named(QLabel(SAFE_VIEW_NOTE), "SafeViewNote")
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.source = named(QPlainTextEdit(), "HtmlSource")  # plain text: never rendered
        self.source.setReadOnly(True)
        self.source.setPlainText(source)
        layout.addWidget(self.source, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
