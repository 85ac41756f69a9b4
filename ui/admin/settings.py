"""SLA targets per channel, and the routing and automation settings (``lastmile rules``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import reads
from desktop.ops import rules as rule_ops
from desktop.reads import CHANNELS
from desktop.validation import RULE_RANGES, SKILL_LEVELS, TARGET_MINUTES
from ui.admin.base import AdminContext, AdminPage
from ui.i18n import QT_TRANSLATE_NOOP, user_text
from ui.icons import channel_icon, channel_label
from ui.widgets import named


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("AdminSettings", text, None, n)


TARGETS = (
    ("first_response_minutes", QT_TRANSLATE_NOOP("AdminSettings", "First response")),
    ("next_response_minutes", QT_TRANSLATE_NOOP("AdminSettings", "Next response")),
    ("resolution_minutes", QT_TRANSLATE_NOOP("AdminSettings", "Resolution")),
)


def _spin(low: int, high: int, suffix: str, name: str) -> QSpinBox:
    spin = named(QSpinBox(), name)
    spin.setRange(low, high)
    spin.setSuffix(f" {user_text(suffix)}")
    spin.setGroupSeparatorShown(True)
    return spin


class SlaPage(AdminPage):
    title = QT_TRANSLATE_NOOP("AdminDialog", "SLA targets")

    def __init__(self, ctx: AdminContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        outer = QVBoxLayout(self)
        outer.addWidget(self.message)
        hint = named(
            QLabel(
                tr(
                    "Minutes until a contact is due, per channel: business minutes (the center's "
                    "hours) for e-mail, web form, SMS, social, fax and sessions; real minutes for "
                    "phone and chat. A higher priority divides the target (priority 1: half)."
                )
            ),
            "AdminHint",
        )
        hint.setWordWrap(True)
        outer.addWidget(hint)
        self.table = named(QTableWidget(len(CHANNELS), len(TARGETS)), "SlaTable")
        self.table.setHorizontalHeaderLabels([tr(label) for _k, label in TARGETS])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.spins: dict[tuple[str, str], QSpinBox] = {}
        for row, channel in enumerate(CHANNELS):
            self.table.setVerticalHeaderItem(
                row, QTableWidgetItem(channel_icon(channel), channel_label(channel))
            )
            for col, (key, _label) in enumerate(TARGETS):
                spin = _spin(*TARGET_MINUTES, "min", f"Sla_{key}_{channel}")
                self.spins[(key, channel)] = spin
                self.table.setCellWidget(row, col, spin)
        self.table.verticalHeader().setDefaultSectionSize(30)
        outer.addWidget(self.table, 1)
        form = QFormLayout()
        low, high, unit = RULE_RANGES["warn_before_breach_minutes"]
        self.warn_spin = _spin(low, high, unit, "WarnBeforeBreach")
        form.addRow(tr("Warn the agent this long before a breach"), self.warn_spin)
        outer.addLayout(form)
        row_layout = QHBoxLayout()
        row_layout.addStretch(1)
        self.save_button = named(QPushButton(tr("Save SLA targets")), "SaveSlaButton")
        self.save_button.setDefault(True)
        row_layout.addWidget(self.save_button)
        outer.addLayout(row_layout)
        self.save_button.clicked.connect(self.save)
        self.load()

    def load(self) -> None:
        rules = self.ctx.app.rules
        for (key, channel), spin in self.spins.items():
            spin.setValue(int(getattr(rules, key).get(channel, 0)))
        self.warn_spin.setValue(rules.warn_before_breach_minutes)

    def after_save(self) -> None:
        self.ctx.app.reload_rules()
        self.load()

    def save(self) -> None:
        values: dict[str, Any] = {
            key: {c: self.spins[(key, c)].value() for c in CHANNELS} for key, _l in TARGETS
        }
        values["warn_before_breach_minutes"] = self.warn_spin.value()
        mut, actor = self.ctx.app.mutator, self.ctx.actor
        self.run(
            lambda: rule_ops.set_rules(mut, values, actor_id=actor.id),
            tr("SLA targets saved: contacts from now on are due by them."),
            lambda _r: self.after_save(),
        )


NUMBERS = (
    (
        "relax_after_minutes",
        QT_TRANSLATE_NOOP("AdminSettings", "Routing: offer a contact to lower skill levels after"),
    ),
    (
        "offer_timeout_seconds",
        QT_TRANSLATE_NOOP("AdminSettings", "Routing: an offer waits for an answer"),
    ),
    (
        "ack_window_minutes",
        QT_TRANSLATE_NOOP("AdminSettings", "Acknowledgements: at most one per address within"),
    ),
    (
        "follow_up_hours",
        QT_TRANSLATE_NOOP("AdminSettings", "Follow-ups: a new follow-up is due after"),
    ),
    (
        "invoice_reminder_after_days",
        QT_TRANSLATE_NOOP("AdminSettings", "Invoices: remind when overdue by (0: never)"),
    ),
    ("backup_every_hours", QT_TRANSLATE_NOOP("AdminSettings", "Backups: every")),
    ("backup_keep", QT_TRANSLATE_NOOP("AdminSettings", "Backups: keep the newest")),
)


class RoutingPage(AdminPage):
    title = QT_TRANSLATE_NOOP("AdminDialog", "Routing and automation")

    def __init__(self, ctx: AdminContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        outer = QVBoxLayout(self)
        outer.addWidget(self.message)
        body = QHBoxLayout()
        outer.addLayout(body, 1)
        left = QVBoxLayout()
        general = QGroupBox(tr("Routing and automation"))
        form = QFormLayout(general)
        self.acknowledge_check = named(
            QCheckBox(tr("Acknowledge new written contacts automatically, with the promise")),
            "AcknowledgeCheck",
        )
        form.addRow(self.acknowledge_check)
        self.numbers: dict[str, QSpinBox] = {}
        for key, label in NUMBERS:
            low, high, unit = RULE_RANGES[key]
            self.numbers[key] = _spin(low, high, unit, f"Rule_{key}")
            form.addRow(tr(label), self.numbers[key])
        left.addWidget(general)
        left.addStretch(1)
        body.addLayout(left, 3)
        levels = QGroupBox(
            tr(
                "Preferred skill level per skill (routing offers a contact to "
                "agents at this level first)"
            )
        )
        ll = QVBoxLayout(levels)
        self.level_table = named(QTableWidget(0, 2), "PreferredLevelTable")
        self.level_table.setHorizontalHeaderLabels([tr("Skill"), tr("Preferred level")])
        self.level_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.level_table.setColumnWidth(1, 140)
        self.level_table.verticalHeader().hide()
        ll.addWidget(self.level_table)
        body.addWidget(levels, 2)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = named(QPushButton(tr("Save settings")), "SaveRoutingButton")
        self.save_button.setDefault(True)
        row.addWidget(self.save_button)
        outer.addLayout(row)
        self.save_button.clicked.connect(self.save)
        self.load()

    def load(self) -> None:
        rules = self.ctx.app.rules
        self.acknowledge_check.setChecked(rules.acknowledge)
        for key, spin in self.numbers.items():
            spin.setValue(int(getattr(rules, key)))
        skills = sorted(set(reads.skills_in_use()) | set(rules.preferred_level))
        self.level_table.setRowCount(0)
        for skill in skills:
            r = self.level_table.rowCount()
            self.level_table.insertRow(r)
            item = QTableWidgetItem(skill)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.level_table.setItem(r, 0, item)
            spin = named(QSpinBox(), f"Preferred_{skill}")
            spin.setRange(*SKILL_LEVELS)
            spin.setValue(int(rules.preferred_level.get(skill, 1)))
            self.level_table.setCellWidget(r, 1, spin)

    def after_save(self) -> None:
        self.ctx.app.reload_rules()
        self.load()

    def save(self) -> None:
        values: dict[str, Any] = {key: spin.value() for key, spin in self.numbers.items()}
        values["acknowledge"] = self.acknowledge_check.isChecked()
        preferred = {}
        for r in range(self.level_table.rowCount()):
            item, spin = self.level_table.item(r, 0), self.level_table.cellWidget(r, 1)
            if item is not None and isinstance(spin, QSpinBox) and spin.value() != 1:
                preferred[item.text()] = spin.value()  # 1, the default, is not stored
        values["preferred_level"] = preferred
        mut, actor = self.ctx.app.mutator, self.ctx.actor
        self.run(
            lambda: rule_ops.set_rules(mut, values, actor_id=actor.id),
            tr("Routing and automation settings saved."),
            lambda _r: self.after_save(),
        )
