"""Under a contact's message: its attachments (name, type, size) and, for an HTML mail, its
original HTML — each opened only when the agent asks.

An attachment is only ever saved to a file the agent picks (never opened or run here). A
teammate's attachment is fetched from the sync server when it is saved: on a worker thread
(ui/executor.py), never the window's, with "Fetching…" said beside the button and one clear
line when it cannot be fetched or written. The
original HTML is shown as its plain-text source in a read-only box: nothing of it is
rendered as rich text, no image, style or link is loaded or followed, and the dialog says
so in plain words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
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
from ui.executor import DbExecutor
from ui.i18n import QT_TRANSLATE_NOOP, user_text
from ui.widgets import named


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("MessageExtras", text, None, n)


SAFE_VIEW_NOTE = QT_TRANSLATE_NOOP(
    "MessageExtras",
    "This is the mail's original HTML, shown as plain text source. Nothing in it is "
    "displayed as formatting, and no pictures, links or other content from the internet "
    "are loaded. Read it to see what the sender's mail program made of the message.",
)


class MessageExtras(QWidget):
    """Attachments and the safe HTML view of the message on screen."""

    saved = Signal(object)  # the Path written
    save_failed = Signal(str)  # the one line said

    def __init__(self, parent: QWidget | None = None, executor: DbExecutor | None = None) -> None:
        super().__init__(parent)
        self._attachments: list[dict[str, Any]] = []
        self._html = ""
        self._contact_id: str | None = None
        self.executor = executor  # the window's attachment thread; else one of our own
        self.saving = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(row)
        self.status = named(QLabel(), "AttachmentStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.hide()
        outer.addWidget(self.status)
        self.label = named(QLabel(), "AttachmentsLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # mail-supplied names: never rich
        self.label.setWordWrap(True)
        self.save_button = QPushButton(tr("Save attachment…"))
        self.save_button.setToolTip(
            tr("Save an attachment to a file you choose (it is never opened here)")
        )
        self.menu = QMenu(self.save_button)
        self.save_button.setMenu(self.menu)
        self.html_button = QPushButton(tr("Original HTML…"))
        self.html_button.setToolTip(
            tr("The mail's HTML as plain text source: nothing is rendered or loaded")
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
        if contact_id != self._contact_id and not self.saving:
            self.status.hide()
        self._contact_id = contact_id
        if found is None:
            found = attachments.of_contact(contact_id) if contact_id is not None else ([], "")
        self._attachments, self._html = found
        self.menu.clear()
        for meta in self._attachments:
            action = self.menu.addAction(attachments.describe(meta))
            action.setEnabled(bool(meta.get("kept") or meta.get("fetchable")))
            action.triggered.connect(lambda _=False, m=meta: self.save(m))
        shown = [attachments.describe(m) for m in self._attachments]
        self.label.setText(tr("Attachments: {list}").format(list="; ".join(shown)) if shown else "")
        self.save_button.setVisible(bool(self._attachments))
        self.save_button.setEnabled(
            not self.saving and any(m.get("kept") or m.get("fetchable") for m in self._attachments)
        )
        self.html_button.setVisible(bool(self._html))
        self.setVisible(bool(self._attachments or self._html or self.saving))

    def refresh(self) -> None:
        """Show the same message again (an attachment was fetched meanwhile)."""
        if not self.saving:
            self.show_for(self._contact_id)

    def save(self, meta: dict[str, Any], destination: Path | None = None) -> bool:
        """Save the attachment to a file the agent picks; returns at once (True: started).
        The bytes (fetched from the server when this desktop has none) are read and written
        on the executor; ``saved`` or ``save_failed`` says how it ended."""
        if self.saving:
            return False
        if destination is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, tr("Save attachment"), str(Path.home() / Path(str(meta["name"])).name)
            )
            if not chosen:
                return False
            destination = Path(chosen)
        name, sha = str(meta.get("name") or "?"), str(meta["sha256"])
        folder = attachments.folder()
        self._say(
            tr("Saving {name}…").format(name=name)
            if meta.get("kept")
            else tr("Fetching {name} from the server…").format(name=name)
        )
        self.saving = True
        self.save_button.setEnabled(False)

        def work() -> Path:
            try:
                return attachments.save_as(folder, sha, destination)
            except OSError as exc:
                raise UserFacingError(
                    f"cannot write {destination}: {exc.strerror or exc}"
                ) from None

        self._runner().run(work, self._saved, self._failed)
        return True

    def _runner(self) -> DbExecutor:
        if self.executor is None:
            self.executor = DbExecutor(attachments.database(), self)
        return self.executor

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()
        self.show()  # also when the file was saved from another message's history line

    def _saved(self, path: Path) -> None:
        self.saving = False
        self.show_for(self._contact_id)  # kept here now
        self._say(tr("Saved to {path}").format(path=path))
        self.saved.emit(path)

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        self.show_for(self._contact_id)
        line = " ".join(user_text(error).split())
        self._say(tr("Not saved: {reason}").format(reason=line))
        self.save_failed.emit(line)

    def show_html(self) -> HtmlSourceDialog:
        dialog = HtmlSourceDialog(self._html, self)
        dialog.open()
        return dialog


class HtmlSourceDialog(QDialog):
    def __init__(self, source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Original HTML (safe view: plain text source)"))
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        note = named(QLabel(tr(SAFE_VIEW_NOTE)), "SafeViewNote")
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
