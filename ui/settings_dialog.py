"""Settings… (Ctrl+,): the typed options of ui/settings.py in a form.

Every field is checked as it is edited; a wrong one gets one line under it and OK stays
disabled, so nothing is saved until everything is valid and OK is pressed. Theme and
density apply at once on OK; a new language applies on the next start (said in the form).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from ui.settings import Settings


def tr(text: str) -> str:
    return QCoreApplication.translate("SettingsDialog", text)


MAX_NAME = 60


def check_display_name(text: str) -> str | None:
    """None when fine, else what is wrong (one line)."""
    name = text.strip()
    if len(name) > MAX_NAME:
        return tr("The display name is too long (at most 60 characters).")
    if any(ord(c) < 32 for c in name):
        return tr("The display name cannot hold control characters.")
    return None


def check_server(text: str) -> str | None:
    address = text.strip()
    if not address:
        return None  # no server: this desktop works alone
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return tr("Give the server as https://host[:port], e.g. https://lastmile.example.com")
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number 0-65535
    except ValueError:
        return tr("The port of the server address is not a number from 1 to 65535.")
    if " " in address:
        return tr("The server address cannot hold spaces.")
    return None


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setObjectName("SettingsDialog")
        self.setWindowTitle(tr("Settings"))
        self.setMinimumWidth(480)
        form = QFormLayout(self)
        self.display_name = QLineEdit(settings.get("profile/display_name"))
        self.display_name.setPlaceholderText(tr("Your name as customers see it"))
        self.name_error = self._error_label()
        self.server = QLineEdit(settings.get("sync/server"))
        self.server.setPlaceholderText("https://lastmile.example.com")
        self.server_error = self._error_label()
        form.addRow(self._label(tr("Display &name"), self.display_name), self.display_name)
        form.addRow(self.name_error)
        form.addRow(self._label(tr("&Server address"), self.server), self.server)
        form.addRow(self.server_error)
        self.notify: dict[str, QCheckBox] = {}
        for kind, text in (
            ("enabled", tr("&Notifications")),
            ("offer", tr("A contact is &offered to me")),
            ("alert", tr("An SLA &alert")),
            ("refused", tr("The server &refused a change")),
        ):
            box = QCheckBox(text)
            box.setChecked(settings.get(f"notifications/{kind}"))
            box.setAccessibleName(text.replace("&", ""))
            self.notify[kind] = box
            form.addRow("" if kind == "enabled" else "    ", box)
        self.notify["enabled"].toggled.connect(self._sync_kinds)
        self.theme = self._combo(
            (("system", tr("Like the system")), ("light", tr("Light")), ("dark", tr("Dark"))),
            settings.get("appearance/theme"),
        )
        self.density = self._combo(
            (("comfortable", tr("Comfortable")), ("compact", tr("Compact (more rows)"))),
            settings.get("appearance/density"),
        )
        self.language = self._combo(
            (("system", tr("Like the system")), ("en", "English"), ("de", "Deutsch")),
            settings.get("appearance/language"),
        )
        form.addRow(self._label(tr("&Theme"), self.theme), self.theme)
        form.addRow(self._label(tr("&Density"), self.density), self.density)
        form.addRow(self._label(tr("&Language"), self.language), self.language)
        self.language_hint = QLabel(tr("A new language applies when Lastmile starts again."))
        self.language_hint.setObjectName("AdminHint")
        self.language_hint.setWordWrap(True)
        self.language_hint.setVisible(False)
        form.addRow(self.language_hint)
        self.language.currentIndexChanged.connect(
            lambda _i: self.language_hint.setVisible(
                self.language.currentData() != settings.get("appearance/language")
            )
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.display_name.textChanged.connect(self.validate)
        self.server.textChanged.connect(self.validate)
        self._sync_kinds()
        self.validate()

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        buddy.setAccessibleName(text.replace("&", ""))
        return label

    def _error_label(self) -> QLabel:
        label = QLabel()
        label.setObjectName("MissingLabel")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setVisible(False)
        return label

    def _combo(self, items: tuple[tuple[str, str], ...], value: str) -> QComboBox:
        combo = QComboBox()
        for data, text in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(0, combo.findData(value)))
        return combo

    def _sync_kinds(self) -> None:
        on = self.notify["enabled"].isChecked()
        for kind in ("offer", "alert", "refused"):
            self.notify[kind].setEnabled(on)

    def validate(self) -> bool:
        ok = True
        for field, label, check in (
            (self.display_name, self.name_error, check_display_name),
            (self.server, self.server_error, check_server),
        ):
            problem = check(field.text())
            label.setText(problem or "")
            label.setVisible(problem is not None)
            field.setProperty("invalid", problem is not None)
            ok = ok and problem is None
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        button.setEnabled(ok)
        return ok

    def values(self) -> dict[str, object]:
        values: dict[str, object] = {
            "profile/display_name": self.display_name.text().strip(),
            "sync/server": self.server.text().strip().rstrip("/"),
            "appearance/theme": self.theme.currentData(),
            "appearance/density": self.density.currentData(),
            "appearance/language": self.language.currentData(),
        }
        for kind, box in self.notify.items():
            values[f"notifications/{kind}"] = box.isChecked()
        return values

    def accept(self) -> None:
        if not self.validate():
            return
        for key, value in self.values().items():
            self.settings.set(key, value)
        from ui.theme import current

        current().apply(
            self.settings.get("appearance/theme"), self.settings.get("appearance/density")
        )
        super().accept()


def open_settings(window: QWidget, settings: Settings) -> int:
    return SettingsDialog(settings, window).exec()
