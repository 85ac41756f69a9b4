"""The selected contact: what came in, and everything an agent does with it.

The window reads a contact off the UI thread (desktop.reads.contact_view) and hands it to
:meth:`ContactPanel.show_contact` with its templates and attachments; while it is read
the panel keeps what it shows, its actions off, and says "Loading…" if it takes long."""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, QTimer, QTimeZone, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import reads
from desktop.drafts import DraftStore
from desktop.ops import Actor
from desktop.reads import Template
from desktop.sentiment import NEGATIVE_AT, POSITIVE_AT
from desktop.templates import Rendered, by_language, placeholders, render
from ui.call_log_dialog import CallLogDialog
from ui.formatting import duration, time_left, when
from ui.i18n import QT_TRANSLATE_NOOP
from ui.icons import channel_icon, channel_label
from ui.message_extras import MessageExtras
from ui.widgets import named, set_text


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("ContactPanel", text, None, n)


MISSING_PREFIX = "[?"
# the values the drop-downs carry; what they show is translated
STATUSES = (
    QT_TRANSLATE_NOOP("ContactPanel", "open"),
    QT_TRANSLATE_NOOP("ContactPanel", "waiting"),
    QT_TRANSLATE_NOOP("ContactPanel", "resolved"),
)


class ContactPanel(QWidget):
    claim_requested = Signal(str)
    release_requested = Signal(str)
    status_requested = Signal(str, str)
    reply_requested = Signal(str, str)
    note_requested = Signal(str, str)
    call_log_requested = Signal(str, dict)
    follow_up_requested = Signal(str, str, object)

    def __init__(
        self,
        actor: Actor,
        *,
        training: bool,
        drafts: DraftStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ContactPanel")
        self._actor = actor
        self._training = training
        self._drafts = drafts
        self._icon_channel: str | None = None  # the channel whose icon is shown
        self._templates_of: Any = None  # what the template offer was filled from
        self._save_drafts = QTimer(self)
        self._save_drafts.setSingleShot(True)
        self._save_drafts.setInterval(500)  # written shortly after typing stops
        self._contact: dict[str, Any] | None = None
        self._values: dict[str, str] = {}
        self._loading_timer = QTimer(self)
        self._loading_timer.setSingleShot(True)
        self._loading_timer.setInterval(150)  # a contact read faster says nothing
        self._build()
        self._connect_signals()
        self.show_contact(None, None, {})

    def set_actor(self, actor: Actor) -> None:
        """The agent working in this window changed (signed in to a server)."""
        self._actor = actor  # the next show_contact uses it

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.channel_icon = QLabel()
        self.subject_label = named(QLabel(), "ContactSubject")
        self.subject_label.setWordWrap(True)
        top.addWidget(self.channel_icon)
        top.addWidget(self.subject_label, 1)
        self.loading_label = named(
            QLabel(QCoreApplication.translate("ContactPanel", "Loading…")), "ContactLoading"
        )
        self.loading_label.setEnabled(False)  # drawn in the muted colour
        self.loading_label.hide()
        top.addWidget(self.loading_label)
        layout.addLayout(top)
        self.meta_label = named(QLabel(), "ContactMeta")
        self.meta_label.setWordWrap(True)
        layout.addWidget(self.meta_label)
        self.message_view = named(QTextBrowser(), "ContactMessage")
        self.message_view.setOpenLinks(False)
        self.message_view.setMaximumHeight(96)  # 1366x768: the card's history needs room
        self.message_view.setMinimumHeight(40)
        layout.addWidget(self.message_view)
        self.extras = MessageExtras()  # attachments and the safe HTML view, on request
        layout.addWidget(self.extras)

        actions = QHBoxLayout()
        self.claim_button = QPushButton(tr("Take it"))
        self.claim_button.setObjectName("ClaimButton")
        self.claim_button.setToolTip(tr("Take this contact (Ctrl+T)"))
        self.release_button = QPushButton(tr("Hand back"))
        self.status_combo = QComboBox()
        for status in STATUSES:
            self.status_combo.addItem(tr(status), status)
        self.status_combo.setToolTip(tr("Status: open, waiting on the customer, resolved"))
        self.call_button = QPushButton(tr("Log call…"))
        actions.addWidget(self.claim_button)
        actions.addWidget(self.release_button)
        status_label = QLabel(tr("Status"))
        status_label.setBuddy(self.status_combo)  # read with the drop-down by screen readers
        actions.addWidget(status_label)
        actions.addWidget(self.status_combo)
        actions.addWidget(self.call_button)
        # the template chooser shares the row: one row less above the card's history
        template_label = QLabel(tr("Template"))
        actions.addWidget(template_label)
        self.template_combo = QComboBox()
        self.template_combo.setMinimumWidth(160)
        template_label.setBuddy(self.template_combo)
        actions.addWidget(self.template_combo, 1)
        layout.addLayout(actions)
        self.composer = named(QPlainTextEdit(), "Composer")
        self.composer.setPlaceholderText(
            tr("Write a reply, or an internal note… (Ctrl+Enter sends)")
        )
        self.composer.setTabChangesFocus(True)  # Tab moves on; it never types a tab
        self.composer.setAccessibleName(tr("Reply"))
        self.composer.setMinimumHeight(64)
        layout.addWidget(self.composer, 1)
        self.missing_label = named(QLabel(), "MissingLabel")
        self.missing_label.setWordWrap(True)
        self.missing_label.hide()
        layout.addWidget(self.missing_label)
        send_row = QHBoxLayout()
        self.note_button = QPushButton(tr("Add internal note"))
        self.reply_button = QPushButton(
            tr("Send reply") if not self._training else tr("Send (practice)")
        )
        self.reply_button.setObjectName("ReplyButton")
        self.reply_button.setDefault(True)
        send_row.addStretch(1)
        send_row.addWidget(self.note_button)
        send_row.addWidget(self.reply_button)
        layout.addLayout(send_row)

        follow = QHBoxLayout()
        follow_label = QLabel(tr("Follow-up"))
        follow.addWidget(follow_label)
        self.follow_title = QLineEdit()
        follow_label.setBuddy(self.follow_title)
        self.follow_title.setPlaceholderText(tr("e.g. Check the refund arrived"))
        self.follow_due = QDateTimeEdit()
        self.follow_due.setCalendarPopup(True)
        self.follow_due.setDisplayFormat("dd MMM yyyy HH:mm")
        self.follow_button = QPushButton(tr("Set follow-up"))
        follow.addWidget(self.follow_title, 2)
        follow.addWidget(self.follow_due, 1)
        follow.addWidget(self.follow_button)
        layout.addLayout(follow)

    def _connect_signals(self) -> None:
        self.claim_button.clicked.connect(self.on_claim_clicked)
        self.release_button.clicked.connect(self.on_release_clicked)
        self.status_combo.activated.connect(self.on_status_activated)
        self.reply_button.clicked.connect(self.on_reply_clicked)
        self.note_button.clicked.connect(self.on_note_clicked)
        self.call_button.clicked.connect(self.on_call_clicked)
        self.follow_button.clicked.connect(self.on_follow_clicked)
        self.follow_title.returnPressed.connect(self.on_follow_clicked)  # Ctrl+U, type, Enter
        self.template_combo.activated.connect(self.on_template_activated)
        self.composer.textChanged.connect(self.on_composer_text_changed)
        if self._drafts is not None:
            self._save_drafts.timeout.connect(self._drafts.save)
        self._loading_timer.timeout.connect(self.loading_label.show)
        # Ctrl+Enter (send) and the other keys are the window's menu actions (ui/menus.py)

    # -- showing ---------------------------------------------------------------

    @property
    def contact_id(self) -> str | None:
        return self._contact["id"] if self._contact else None

    def _actions(self) -> tuple[QWidget, ...]:
        return (
            self.claim_button,
            self.release_button,
            self.status_combo,
            self.call_button,
            self.note_button,
            self.reply_button,
            self.follow_button,
        )

    def set_loading(self) -> None:
        """Another contact is being read: what is shown stays (no blank flash), its
        actions are off until the new one arrives (:meth:`show_contact`)."""
        for widget in self._actions():
            widget.setEnabled(False)
        self._loading_timer.start()

    def show_contact(
        self,
        contact: dict[str, Any] | None,
        body: str | None,
        values: dict[str, str],
        *,
        now: datetime | None = None,
        templates: list[Template] | None = None,
        attachments: tuple[list[dict[str, Any]], str] | None = None,
    ) -> None:
        """Show a queue row (from models.queries.queue_rows) and its first message, with
        the reply templates of its channel and its attachments when read already (else
        they are read here)."""
        self._loading_timer.stop()
        self.loading_label.hide()
        keep_draft = (
            contact is not None
            and self._contact is not None
            and contact["id"] == self._contact["id"]
        )
        if not keep_draft:
            self._keep_draft()
        self._contact = None  # the composer is refilled below: not a draft of anyone yet
        self._values = values
        enabled = contact is not None
        for widget in (
            self.claim_button,
            self.release_button,
            self.status_combo,
            self.call_button,
            self.template_combo,
            self.composer,
            self.note_button,
            self.reply_button,
            self.follow_title,
            self.follow_due,
            self.follow_button,
        ):
            widget.setEnabled(enabled)
        if contact is None:
            self.channel_icon.clear()
            self._icon_channel = None
            self.subject_label.setText(tr("Select a contact in the queue"))
            self.meta_label.clear()
            self.message_view.clear()
            self.extras.show_for(None)
            self.composer.clear()
            return
        keep_text = self.composer.toPlainText() if keep_draft else None
        now = now or datetime.now().astimezone()
        if self._icon_channel != contact["channel"]:
            self.channel_icon.setPixmap(channel_icon(contact["channel"], 22).pixmap(22, 22))
            self._icon_channel = contact["channel"]
        set_text(self.subject_label, html.escape(contact["subject"] or tr("(no subject)")))
        owner = contact["assignee_name"]
        mine = contact["assigned_to"] == self._actor.id
        holder = tr("you") if mine else (owner or tr("nobody yet"))
        parts = [
            channel_label(contact["channel"]),
            tr("from {customer}").format(
                customer=html.escape(contact["customer_name"] or tr("unknown"))
            ),
            tr("received {when} ({ago} ago)").format(
                when=when(contact["received_at"], now), ago=duration(now - contact["received_at"])
            ),
            tr("skill {skill}").format(skill=contact["skill"]),
            tr("held by {holder}").format(holder=holder),
        ]
        if contact.get("status") == "waiting":
            parts.append(tr("waiting on the customer (SLA paused)"))
        elif contact.get("status") == "resolved":
            parts.append(tr("resolved"))
        elif contact["due_at"] is not None:
            due = time_left(contact["due_at"], now)
            colour = "#CF222E" if contact["due_at"] < now else "#1A7F37"
            parts.append(f'<span style="color:{colour}">{due}</span>')
        if contact.get("outcome"):
            parts.append(tr("outcome: {outcome}").format(outcome=tr(contact["outcome"])))
        parts.append(self._sentiment_part(contact))
        set_text(self.meta_label, " · ".join(parts))
        text = body or contact.get("preview") or ""
        if not keep_draft or self.message_view.toPlainText() != text:
            # the same contact shown again (after a take or reply) keeps its message as it
            # is, scrolled where the agent left it: not laid out again
            self.message_view.setPlainText(text)
        self.extras.show_for(contact["id"], attachments)
        self.claim_button.setEnabled(contact["assigned_to"] is None)
        self.release_button.setEnabled(mine)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(contact["status"])))
        self._fill_templates(contact["channel"], templates)
        if not keep_draft:
            draft = self._drafts.get(contact["id"]) if self._drafts is not None else ""
            self.composer.setPlainText(draft)  # the draft typed earlier, or nothing
            self.follow_title.clear()
            self.follow_due.setDateTime(_qdatetime(now + timedelta(hours=24)))
        elif keep_text is not None and self.composer.toPlainText() != keep_text:
            self.composer.setPlainText(keep_text)
        self._contact = contact
        self.on_composer_text_changed()

    def _sentiment_part(self, contact: dict[str, Any]) -> str:
        """The contact's sentiment score and label (desktop/sentiment.py's thresholds);
        "not scored" for a language Lastmile does not score (or not yet swept)."""
        value = contact.get("sentiment")
        if contact.get("direction", "inbound") != "inbound":
            return ""
        if value is None:
            return self.tr("sentiment: not scored")
        if value <= NEGATIVE_AT:
            label, colour = self.tr("negative"), "#CF222E"
        elif value >= POSITIVE_AT:
            label, colour = self.tr("positive"), "#1A7F37"
        else:
            label, colour = self.tr("neutral"), ""
        text = self.tr("sentiment {score} {label}").format(score=f"{value:+.2f}", label=label)
        return f'<span style="color:{colour}">{text}</span>' if colour else text

    def _keep_draft(self) -> None:
        """What is typed for the contact on screen is kept when another one is shown."""
        if self._drafts is not None and self._contact is not None:
            self._drafts.put(self._contact["id"], self.composer.toPlainText())
            self._drafts.save()

    def _fill_templates(self, channel: str, templates: list[Template] | None = None) -> None:
        if templates is None:
            templates = reads.reply_templates(channel)
        locale = self._values.get("customer.language", "")
        key = (channel, locale, [(t.name, t.language, t.body) for t in templates])
        if key == self._templates_of and self.template_combo.count():
            self.template_combo.setCurrentIndex(0)
            return  # the same offer as shown (the next contact of the channel): kept
        self._templates_of = key
        self.template_combo.clear()
        self.template_combo.addItem(tr("— choose —"), None)
        # the customer's language first (then English): a German template is not the
        # first offer for an English customer
        for template in by_language(list(templates), locale):
            label = f"{template.name} ({template.language})"
            self.template_combo.addItem(label, template.body)

    def render_template(self, text: str) -> Rendered:
        return render(text, self._values)

    # -- slots -----------------------------------------------------------------

    def on_template_activated(self, index: int) -> None:
        body = self.template_combo.itemData(index)
        if not body:
            return
        # inserted at the cursor: what was typed stays, and Ctrl+Z takes the template out
        self.composer.insertPlainText(self.render_template(body).text)
        self.composer.setFocus()
        self.template_combo.setCurrentIndex(0)

    def on_composer_text_changed(self) -> None:
        text = self.composer.toPlainText()
        missing = [p for p in placeholders(text)] + (
            [tr("a value marked [?…]")] if MISSING_PREFIX in text else []
        )
        if missing:
            self.missing_label.setText(
                tr("Fill in before sending: {missing}").format(
                    missing=", ".join(html.escape(m) for m in missing)
                )
            )
            self.missing_label.show()
        else:
            self.missing_label.hide()
        self.reply_button.setEnabled(
            self._contact is not None and not missing and bool(text.strip())
        )
        if self._drafts is not None and self._contact is not None:
            self._drafts.put(self._contact["id"], text)
            self._save_drafts.start()

    def on_send_shortcut(self) -> None:
        if self.reply_button.isEnabled():
            self.on_reply_clicked()

    def on_claim_clicked(self) -> None:
        if self.contact_id:
            self.claim_requested.emit(self.contact_id)

    def on_release_clicked(self) -> None:
        if self.contact_id:
            self.release_requested.emit(self.contact_id)

    def on_status_activated(self, _index: int) -> None:
        if self.contact_id:
            self.status_requested.emit(self.contact_id, str(self.status_combo.currentData()))

    def on_reply_clicked(self) -> None:
        text = self.composer.toPlainText().strip()
        if self.contact_id and text:
            self.reply_requested.emit(self.contact_id, text)

    def on_note_clicked(self) -> None:
        text = self.composer.toPlainText().strip()
        if self.contact_id and text:
            self.note_requested.emit(self.contact_id, text)

    def on_call_clicked(self) -> None:
        if not self.contact_id:
            return
        dialog = CallLogDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.call_log_requested.emit(self.contact_id, dialog.values())

    def on_follow_clicked(self) -> None:
        if not self.contact_id:
            return
        title = self.follow_title.text().strip() or tr("Follow up")
        due = self.follow_due.dateTime().toPython()
        if isinstance(due, datetime) and due.tzinfo is None:
            due = due.astimezone()
        self.follow_up_requested.emit(self.contact_id, title, due)

    def clear_draft(self) -> None:
        if self._drafts is not None and self._contact is not None:
            self._drafts.remove(self._contact["id"])
            self._drafts.save()
        self.composer.clear()
        self.template_combo.setCurrentIndex(0)


def _qdatetime(value: datetime) -> QDateTime:
    local_value = value.astimezone()
    result = QDateTime(local_value.replace(tzinfo=None))
    result.setTimeZone(QTimeZone.systemTimeZone())
    return result
