"""Alert rules: the team's negativity, volume, keyword and influencer alarms (issue 13).

The same rules as ``lastmile alert-rule add|list|remove``: synced team data, changed by
supervisors and admins (the server refuses anyone else with a reason, said on this page).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import alerts
from desktop.ops import alerts as alert_ops
from desktop.reads import CHANNELS
from ui.admin.base import AdminContext, AdminPage
from ui.i18n import QT_TRANSLATE_NOOP
from ui.icons import channel_label
from ui.widgets import named


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("AdminAlerts", text, None, n)


IdRole = Qt.ItemDataRole.UserRole
KINDS = ("negativity_spike", "volume_spike", "keyword", "influencer")


def kind_label(kind: str) -> str:
    return {
        "negativity_spike": tr("Negativity spike"),
        "volume_spike": tr("Volume spike"),
        "keyword": tr("Keyword chatter"),
        "influencer": tr("Influencer mention"),
    }.get(kind, kind)


def words(text: str) -> list[str]:
    """Comma- or newline-separated words as a list (blanks dropped)."""
    return [w.strip() for w in text.replace("\n", ",").split(",") if w.strip()]


class AlertRulesPage(AdminPage):
    title = QT_TRANSLATE_NOOP("AdminDialog", "Alert rules")

    def __init__(self, ctx: AdminContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        outer = QVBoxLayout(self)
        outer.addWidget(self.message)
        body = QHBoxLayout()
        outer.addLayout(body, 1)
        left = QVBoxLayout()
        self.rule_list = named(QListWidget(), "AlertRuleList")
        self.rule_list.setMinimumWidth(420)
        self.rule_list.setWordWrap(True)
        self.rule_list.setAlternatingRowColors(True)
        left.addWidget(self.rule_list, 1)
        self.remove_button = named(QPushButton(tr("Remove rule")), "RemoveAlertRuleButton")
        self.remove_button.setEnabled(False)
        left.addWidget(self.remove_button)
        body.addLayout(left, 1)

        form = QFormLayout()
        self.kind_combo = named(QComboBox(), "AlertKindCombo")
        for kind in KINDS:
            self.kind_combo.addItem(kind_label(kind), kind)
        form.addRow(tr("Kind"), self.kind_combo)
        self.channel_combo = named(QComboBox(), "AlertChannelCombo")
        self.channel_combo.addItem(tr("Every channel"), "")
        for channel in CHANNELS:
            self.channel_combo.addItem(channel_label(channel), channel)
        form.addRow(tr("Channel"), self.channel_combo)
        self.keywords_edit = named(QLineEdit(), "AlertKeywordsEdit")
        self.keywords_edit.setPlaceholderText(tr("competitor, outage, refund (comma-separated)"))
        form.addRow(tr("Words"), self.keywords_edit)
        self.watch_edit = named(QLineEdit(), "AlertWatchEdit")
        self.watch_edit.setPlaceholderText(tr("twitter:handle, … (influencer rules)"))
        form.addRow(tr("Watch list"), self.watch_edit)
        self.threshold_edit = named(QLineEdit(), "AlertThresholdEdit")
        self.threshold_edit.setPlaceholderText(
            tr("empty: 2× the baseline, or 10,000 followers for influencers")
        )
        form.addRow(tr("Threshold"), self.threshold_edit)
        self.add_button = named(QPushButton(tr("Add rule")), "AddAlertRuleButton")
        form.addRow("", self.add_button)
        for field, name in (
            (self.kind_combo, tr("Kind")),
            (self.channel_combo, tr("Channel")),
            (self.keywords_edit, tr("Words")),
            (self.watch_edit, tr("Watch list")),
            (self.threshold_edit, tr("Threshold")),
        ):
            field.setAccessibleName(name)
        body.addLayout(form, 1)

        self.rule_list.currentItemChanged.connect(
            lambda item, _old: self.remove_button.setEnabled(item is not None)
        )
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.load()

    def load(self) -> None:
        """The team's rules, read on the database thread."""
        conn = self.ctx.app.db

        def shown(rules: list[alerts.AlertRuleSpec]) -> None:
            self.rule_list.clear()
            for rule in rules:
                detail = rule.summary().split("; ", 1)[-1]  # the kind is the first line
                item = QListWidgetItem(kind_label(rule.kind) + "\n    " + detail)
                item.setToolTip(detail.replace("; ", "\n"))
                item.setData(IdRole, rule.id)
                self.rule_list.addItem(item)
            if not rules:
                self.rule_list.addItem(tr("No alert rules yet: add one on the right."))
                self.rule_list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)

        self.ctx.executor.run(lambda: alerts.load_rules(conn.connection()), shown)

    def add(self) -> None:
        text = self.threshold_edit.text().strip().replace(",", "")
        try:
            threshold = float(text) if text else None
        except ValueError:
            self.say(tr("The threshold {text!r} is not a number.").format(text=text), error=True)
            return
        kind = str(self.kind_combo.currentData())
        channel = str(self.channel_combo.currentData() or "")
        keywords, watch = words(self.keywords_edit.text()), words(self.watch_edit.text())
        mut, actor = self.ctx.app.mutator, self.ctx.actor

        def do() -> str:
            fields = alert_ops.rule_fields(
                kind, channel=channel, keywords=keywords, watch=watch, threshold=threshold
            )
            return alert_ops.add_rule(mut, fields, actor_id=actor.id)

        self.run(
            do, tr("Alert rule added; it travels to the team with the next sync."), self._added
        )

    def _added(self, _rule_id: object) -> None:
        self.keywords_edit.clear()
        self.watch_edit.clear()
        self.threshold_edit.clear()
        self.load()

    def remove(self) -> None:
        item = self.rule_list.currentItem()
        rule_id = item.data(IdRole) if item is not None else None
        if not rule_id:
            return
        mut, actor = self.ctx.app.mutator, self.ctx.actor
        self.run(
            lambda: alert_ops.remove_rule(mut, str(rule_id), actor_id=actor.id),
            tr("Alert rule removed."),
            lambda _r: self.load(),
        )
