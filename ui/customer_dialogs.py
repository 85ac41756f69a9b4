"""Dialogs around the customer card: unknown caller, editing details, merging."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.reads import Customer, Database, search_customers
from ui.accessibility import name_from_labels


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("CustomerDialogs", text, None, n)


class UnknownCallerDialog(QDialog):
    """An unknown number is calling: new customer, or one we already know?"""

    new_customer_requested = Signal(str, str)  # number, name
    existing_customer_chosen = Signal(str, str)  # number, customer id

    def __init__(
        self, db: Database, number: str, display: str, line: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("UnknownCallerDialog")
        self._db = db
        self.number = number
        self.setWindowTitle(tr("Incoming call from {display}").format(display=display))
        layout = QVBoxLayout(self)
        where = tr(" on {line}").format(line=line) if line else ""
        layout.addWidget(
            QLabel(
                tr(
                    "<b>{display}</b>{where} is not a known number.<br>Is this a new "
                    "customer, or someone we already know?"
                ).format(display=display, where=where)
            )
        )
        row = QHBoxLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(tr("Caller's name"))
        self.new_button = QPushButton(tr("New customer"))
        row.addWidget(self.name_edit, 1)
        row.addWidget(self.new_button)
        layout.addLayout(row)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(tr("Find the existing customer (name, email…)"))
        layout.addWidget(self.search_edit)
        self.results = QListWidget()
        self.results.setAccessibleName(tr("Customers found"))
        layout.addWidget(self.results, 1)
        buttons = QDialogButtonBox()
        self.attach_button = buttons.addButton(
            tr("Add number to this customer"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.attach_button.setEnabled(False)
        buttons.addButton(tr("Ignore"), QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(buttons)
        self.new_button.clicked.connect(self.on_new_clicked)
        self.search_edit.textChanged.connect(self.on_search_text_changed)
        self.results.currentItemChanged.connect(
            lambda item, _prev: self.attach_button.setEnabled(item is not None)
        )
        self.attach_button.clicked.connect(self.on_attach_clicked)
        buttons.rejected.connect(self.reject)
        name_from_labels(self)  # a screen reader can say every field

    def on_search_text_changed(self, text: str) -> None:
        self.results.clear()
        for c in search_customers(self._db, text, limit=15):
            item = QListWidgetItem(c["name"])
            item.setData(256, c["id"])
            self.results.addItem(item)

    def on_new_clicked(self) -> None:
        self.new_customer_requested.emit(self.number, self.name_edit.text().strip())
        self.accept()

    def on_attach_clicked(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self.existing_customer_chosen.emit(self.number, item.data(256))
            self.accept()


class EditCustomerDialog(QDialog):
    def __init__(self, customer: Customer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Edit {name}").format(name=customer.name))
        form = QFormLayout(self)
        self.name = QLineEdit(customer.name)
        self.locale_edit = QLineEdit(customer.locale)
        self.locale_edit.setPlaceholderText(tr("en, de, pt-BR…"))
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        from zoneinfo import available_timezones

        self.timezone.addItems(sorted(available_timezones()))
        self.timezone.setCurrentText(customer.timezone)
        self.tags = QLineEdit(" ".join(json.loads(customer.tags or "[]")))
        self.tags.setPlaceholderText(tr("space separated"))
        self.culture = QPlainTextEdit(customer.culture_notes)
        self.culture.setPlaceholderText(
            tr("Culture and preferences, e.g. prefers calls after 18:00")
        )
        self.vip = QCheckBox(tr("VIP"))
        self.vip.setChecked(bool(customer.vip))
        self.dnc = QCheckBox(tr("Do not contact (no acknowledgements or outreach)"))
        self.dnc.setChecked(bool(customer.do_not_contact))
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Language"), self.locale_edit)
        form.addRow(tr("Time zone"), self.timezone)
        form.addRow(tr("Tags"), self.tags)
        form.addRow(tr("Notes"), self.culture)
        form.addRow("", self.vip)
        form.addRow("", self.dnc)
        self.new_identity = QLineEdit()
        self.new_identity.setPlaceholderText(tr("Add an email or phone number (optional)"))
        form.addRow(tr("Add contact"), self.new_identity)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        name_from_labels(self)  # a screen reader can say every field

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "locale": self.locale_edit.text(),
            "timezone": self.timezone.currentText(),
            "tags": self.tags.text().split(),
            "culture_notes": self.culture.toPlainText(),
            "vip": self.vip.isChecked(),
            "do_not_contact": self.dnc.isChecked(),
        }

    def identity(self) -> tuple[str, str] | None:
        text = self.new_identity.text().strip()
        if not text:
            return None
        return ("email", text) if "@" in text else ("phone", text)
