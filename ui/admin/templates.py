"""Templates: reply and acknowledgement texts, with a live preview for a chosen customer."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import reads
from desktop.ops import templates as template_ops
from desktop.reads import CHANNELS
from desktop.templates import MISSING_MARK, render, template_values
from desktop.validation import TEMPLATE_PURPOSES
from ui.admin.base import AdminContext, AdminPage
from ui.i18n import QT_TRANSLATE_NOOP
from ui.icons import channel_label
from ui.widgets import named


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("AdminTemplates", text, None, n)


IdRole = Qt.ItemDataRole.UserRole


class TemplatesPage(AdminPage):
    title = QT_TRANSLATE_NOOP("AdminDialog", "Templates")

    def __init__(self, ctx: AdminContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.template_id: str | None = None
        outer = QVBoxLayout(self)
        outer.addWidget(self.message)
        body = QHBoxLayout()
        outer.addLayout(body, 1)
        left = QVBoxLayout()
        self.template_list = named(QListWidget(), "AdminTemplateList")
        self.template_list.setMinimumWidth(320)
        left.addWidget(self.template_list, 1)
        self.new_button = named(QPushButton(tr("New template")), "NewTemplateButton")
        left.addWidget(self.new_button)
        body.addLayout(left)

        right = QVBoxLayout()
        form = QFormLayout()
        self.name_edit = named(QLineEdit(), "TemplateNameEdit")
        form.addRow(tr("Name"), self.name_edit)
        self.channel_combo = named(QComboBox(), "TemplateChannelCombo")
        self.channel_combo.addItem(tr("Every channel"), "")
        for channel in CHANNELS:
            self.channel_combo.addItem(channel_label(channel), channel)
        form.addRow(tr("Channel"), self.channel_combo)
        self.language_edit = named(QLineEdit("en"), "TemplateLanguageEdit")
        self.language_edit.setMaximumWidth(90)
        form.addRow(tr("Language"), self.language_edit)
        self.purpose_combo = named(QComboBox(), "TemplatePurposeCombo")
        for purpose in TEMPLATE_PURPOSES:
            self.purpose_combo.addItem(
                tr("Reply") if purpose == "reply" else tr("Acknowledgement (automatic)"), purpose
            )
        form.addRow(tr("Purpose"), self.purpose_combo)
        self.insert_combo = named(QComboBox(), "PlaceholderCombo")
        self.insert_combo.addItem(tr("Insert a placeholder…"), None)
        for name in sorted(template_ops.KNOWN):
            self.insert_combo.addItem("{" + name + "}", name)
        form.addRow("", self.insert_combo)
        right.addLayout(form)
        self.body_edit = named(QPlainTextEdit(), "TemplateBodyEdit")
        self.body_edit.setPlaceholderText(tr("Hello {customer.first_name}, …"))
        right.addWidget(self.body_edit, 2)

        preview_row = QHBoxLayout()
        preview_row.addWidget(QLabel(tr("Preview for")))
        self.customer_search = named(QLineEdit(), "PreviewCustomerSearch")
        self.customer_search.setPlaceholderText(tr("search a customer by name, e-mail, phone"))
        preview_row.addWidget(self.customer_search, 1)
        self.customer_combo = named(QComboBox(), "PreviewCustomerCombo")
        self.customer_combo.setMinimumWidth(220)
        preview_row.addWidget(self.customer_combo, 1)
        right.addLayout(preview_row)
        self.preview = named(QTextBrowser(), "TemplatePreview")
        right.addWidget(self.preview, 1)
        self.missing_label = named(QLabel(), "AdminHint")
        self.missing_label.setWordWrap(True)
        right.addWidget(self.missing_label)
        buttons = QHBoxLayout()
        self.delete_button = named(QPushButton(tr("Delete…")), "DeleteTemplateButton")
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        self.save_button = named(QPushButton(tr("Save template")), "SaveTemplateButton")
        self.save_button.setDefault(True)
        buttons.addWidget(self.save_button)
        right.addLayout(buttons)
        body.addLayout(right, 2)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.find_customers)
        self.customer_search.textChanged.connect(lambda _t: self._search_timer.start())
        self.customer_combo.currentIndexChanged.connect(lambda _i: self.update_preview())
        self.body_edit.textChanged.connect(self.update_preview)
        self.channel_combo.currentIndexChanged.connect(lambda _i: self.update_preview())
        self.insert_combo.activated.connect(self.insert_placeholder)
        self.template_list.currentItemChanged.connect(
            lambda item, _prev: self.show_template(item.data(IdRole) if item else None)
        )
        self.new_button.clicked.connect(self.new_template)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.find_customers()
        self.reload()

    # -- list and form -----------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        select = select or self.template_id
        self.template_list.blockSignals(True)
        self.template_list.clear()
        current = -1
        for i, t in enumerate(reads.templates()):
            where = channel_label(t.channel) if t.channel else tr("any channel")
            kind = tr("ack") if t.purpose == "ack" else tr("reply")
            item = QListWidgetItem(f"{t.name}  ·  {kind} · {t.language} · {where}")
            item.setData(IdRole, t.id)
            self.template_list.addItem(item)
            if t.id == select:
                current = i
        self.template_list.blockSignals(False)
        if current < 0 and self.template_list.count() and select is None:
            current = 0
        if current >= 0:
            self.template_list.setCurrentRow(current)
            self.show_template(self.template_list.currentItem().data(IdRole))
        else:
            self.show_template(None)

    def show_template(self, template_id: str | None) -> None:
        template = reads.template(template_id) if template_id else None
        self.template_id = template.id if template else None
        self.delete_button.setEnabled(template is not None)
        self.name_edit.setText(template.name if template else "")
        self.channel_combo.setCurrentIndex(
            max(0, self.channel_combo.findData(template.channel if template else ""))
        )
        self.language_edit.setText(template.language if template else "en")
        self.purpose_combo.setCurrentIndex(
            max(0, self.purpose_combo.findData(template.purpose if template else "reply"))
        )
        self.body_edit.setPlainText(template.body if template else "")
        self.save_button.setText(tr("Save template") if template else tr("Add template"))

    def new_template(self) -> None:
        self.template_list.clearSelection()
        self.show_template(None)
        self.name_edit.setFocus()

    def fields(self) -> dict[str, str]:
        return {
            "name": self.name_edit.text(),
            "body": self.body_edit.toPlainText(),
            "channel": str(self.channel_combo.currentData() or ""),
            "language": self.language_edit.text(),
            "purpose": str(self.purpose_combo.currentData()),
        }

    def save(self) -> None:
        mut, actor, fields = self.ctx.app.mutator, self.ctx.actor, self.fields()
        template_id = self.template_id
        if template_id is None:
            self.run(
                lambda: template_ops.add_template(mut, actor_id=actor.id, **fields),
                tr("Added “{name}”.").format(name=fields["name"].strip()),
                lambda new_id: self.reload(new_id),
            )
        else:
            self.run(
                lambda: template_ops.update_template(mut, template_id, actor_id=actor.id, **fields),
                tr("Saved “{name}”.").format(name=fields["name"].strip()),
                lambda _c: self.reload(template_id),
            )

    def delete(self) -> None:
        if self.template_id is None:
            return
        template_id, name = self.template_id, self.name_edit.text()
        answer = QMessageBox.question(
            self,
            tr("Delete template?"),
            tr("Delete the template “{name}”? Agents no longer see it.").format(name=name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        mut, actor = self.ctx.app.mutator, self.ctx.actor
        self.template_id = None
        self.run(
            lambda: template_ops.delete_template(mut, template_id, actor_id=actor.id),
            tr("Deleted “{name}”.").format(name=name),
            lambda _c: self.reload(),
        )

    # -- placeholders and preview ------------------------------------------------------

    def insert_placeholder(self, index: int) -> None:
        name = self.insert_combo.itemData(index)
        self.insert_combo.setCurrentIndex(0)
        if name:
            self.body_edit.insertPlainText("{" + name + "}")
            self.body_edit.setFocus()

    def find_customers(self) -> None:
        text = self.customer_search.text().strip()
        self.customer_combo.blockSignals(True)
        self.customer_combo.clear()
        rows = reads.search_customers(self.ctx.app.db, text, limit=20) if text else []
        if not rows:
            self.customer_combo.addItem(tr("— no customer (agent only) —"), None)
        for c in rows:
            self.customer_combo.addItem(c["name"], c["id"])
        self.customer_combo.blockSignals(False)
        self.update_preview()

    def update_preview(self) -> None:
        customer_id = self.customer_combo.currentData()
        customer = reads.customer(customer_id) if customer_id else None
        channel = str(self.channel_combo.currentData() or "email")
        values = template_values(
            self.ctx.actor, customer, promise=self.ctx.app.rules.promise(channel)
        )
        rendered = render(self.body_edit.toPlainText(), values)
        text = html.escape(rendered.text)
        for name in rendered.missing:
            mark = html.escape(MISSING_MARK.format(name=name))
            text = text.replace(mark, f"<span style='color:#CF222E;font-weight:bold'>{mark}</span>")
        self.preview.setHtml(f"<div style='white-space:pre-wrap'>{text}</div>")
        unknown = [p for p in rendered.missing if p not in template_ops.KNOWN]
        if unknown:
            self.missing_label.setText(
                tr(
                    "Unknown placeholder: {placeholders} — saving is refused; use one from "
                    "the list above."
                ).format(placeholders=", ".join("{" + p + "}" for p in unknown))
            )
        elif rendered.missing:
            who = self.customer_combo.currentText() if customer else tr("no customer")
            self.missing_label.setText(
                tr(
                    "No value for {placeholders} with {who}: an agent replying to such a customer "
                    "is asked to fill it in."
                ).format(placeholders=", ".join("{" + p + "}" for p in rendered.missing), who=who)
            )
        else:
            self.missing_label.setText(tr("Every placeholder has a value for this customer."))
