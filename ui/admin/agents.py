"""Agents: display name, role, team, skills with levels, capacity per channel."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import reads
from desktop.ops import agents as agent_ops
from desktop.permissions import may_manage_accounts
from desktop.reads import CHANNELS, ROLES
from desktop.validation import CAPACITY_MAX, SKILL_LEVEL_NAMES, SKILL_LEVELS
from ui.admin.base import AdminContext, AdminPage
from ui.i18n import QT_TRANSLATE_NOOP
from ui.icons import channel_label
from ui.widgets import named


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("AdminAgents", text, None, n)


IdRole = Qt.ItemDataRole.UserRole


def level_spin(level: int = 1) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(*SKILL_LEVELS)
    spin.setValue(level)
    spin.setToolTip(", ".join(f"{n} = {w}" for n, w in SKILL_LEVEL_NAMES.items()))
    return spin


class AgentsPage(AdminPage):
    title = QT_TRANSLATE_NOOP("AdminDialog", "Agents")

    def __init__(self, ctx: AdminContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.accounts = may_manage_accounts(ctx.actor.role)
        self.agent_id: str | None = None
        outer = QVBoxLayout(self)
        outer.addWidget(self.message)
        body = QHBoxLayout()
        outer.addLayout(body, 1)
        left = QVBoxLayout()
        self.agent_list = named(QListWidget(), "AdminAgentList")
        self.agent_list.setMinimumWidth(240)
        left.addWidget(self.agent_list, 1)
        self.new_button = named(QPushButton(tr("New agent…")), "NewAgentButton")
        self.new_button.setVisible(self.accounts)
        left.addWidget(self.new_button)
        body.addLayout(left)

        right = QVBoxLayout()
        form = QFormLayout()
        self.login_label = QLabel()
        form.addRow(tr("Login"), self.login_label)
        self.name_edit = named(QLineEdit(), "AgentNameEdit")
        form.addRow(tr("Display name"), self.name_edit)
        self.role_combo = named(QComboBox(), "AgentRoleCombo")
        for role in ROLES:
            self.role_combo.addItem(role.capitalize(), role)
        self.role_combo.setEnabled(self.accounts)
        if not self.accounts:
            self.role_combo.setToolTip(tr("Only an admin changes roles"))
        form.addRow(tr("Role"), self.role_combo)
        self.team_edit = named(QLineEdit(), "AgentTeamEdit")
        form.addRow(tr("Team"), self.team_edit)
        right.addLayout(form)

        skills_box = QGroupBox(tr("Skills (level 1 learning · 2 confident · 3 expert)"))
        sl = QVBoxLayout(skills_box)
        self.skills_table = named(QTableWidget(0, 2), "AgentSkillsTable")
        self.skills_table.setHorizontalHeaderLabels([tr("Skill"), tr("Level")])
        self.skills_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.skills_table.verticalHeader().hide()
        self.skills_table.setColumnWidth(1, 110)
        self.skills_table.setMaximumHeight(240)
        sl.addWidget(self.skills_table)
        row = QHBoxLayout()
        self.add_skill_button = named(QPushButton(tr("Add skill")), "AddSkillButton")
        self.remove_skill_button = QPushButton(tr("Remove skill"))
        row.addWidget(self.add_skill_button)
        row.addWidget(self.remove_skill_button)
        row.addStretch(1)
        sl.addLayout(row)
        right.addWidget(skills_box)

        capacity_box = QGroupBox(tr("Capacity: contacts at once, per channel (0: none)"))
        grid = QGridLayout(capacity_box)
        self.capacity: dict[str, QSpinBox] = {}
        for i, channel in enumerate(CHANNELS):
            spin = named(QSpinBox(), f"Capacity_{channel}")
            spin.setRange(0, CAPACITY_MAX)
            self.capacity[channel] = spin
            grid.addWidget(QLabel(channel_label(channel)), i // 4, (i % 4) * 2)
            grid.addWidget(spin, i // 4, (i % 4) * 2 + 1)
        right.addWidget(capacity_box)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = named(QPushButton(tr("Save agent")), "SaveAgentButton")
        self.save_button.setDefault(True)
        buttons.addWidget(self.save_button)
        right.addStretch(1)
        right.addLayout(buttons)
        body.addLayout(right, 2)

        self.agent_list.currentItemChanged.connect(
            lambda item, _prev: self.show_agent(item.data(IdRole) if item else None)
        )
        self.add_skill_button.clicked.connect(lambda: self.add_skill_row("", 1, edit=True))
        self.remove_skill_button.clicked.connect(self.remove_skill_row)
        self.save_button.clicked.connect(self.save)
        self.new_button.clicked.connect(self.new_agent)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        select = select or self.agent_id
        self.agent_list.blockSignals(True)
        self.agent_list.clear()
        current = 0
        for i, agent in enumerate(reads.agents()):
            item = QListWidgetItem(f"{agent.display_name}  ·  {agent.login} · {agent.role}")
            item.setData(IdRole, agent.id)
            self.agent_list.addItem(item)
            if agent.id == select:
                current = i
        self.agent_list.blockSignals(False)
        if self.agent_list.count():
            self.agent_list.setCurrentRow(current)
            self.show_agent(self.agent_list.currentItem().data(IdRole))

    def show_agent(self, agent_id: str | None) -> None:
        self.agent_id = agent_id
        self.save_button.setEnabled(agent_id is not None)
        if agent_id is None:
            return
        profile = reads.agent_profile(agent_id)
        self.login_label.setText(profile["login"])
        self.name_edit.setText(profile["display_name"])
        self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(profile["role"])))
        self.team_edit.setText(profile["team"])
        self.skills_table.setRowCount(0)
        for skill, level in profile["skills"].items():
            self.add_skill_row(skill, level)
        for channel, spin in self.capacity.items():
            spin.setValue(int(profile["capacity"].get(channel, 0) or 0))

    def add_skill_row(self, skill: str, level: int, *, edit: bool = False) -> None:
        row = self.skills_table.rowCount()
        self.skills_table.insertRow(row)
        item = QTableWidgetItem(skill)
        self.skills_table.setItem(row, 0, item)
        self.skills_table.setCellWidget(row, 1, level_spin(level))
        if edit:
            self.skills_table.setCurrentCell(row, 0)
            self.skills_table.editItem(item)

    def remove_skill_row(self) -> None:
        row = self.skills_table.currentRow()
        if row >= 0:
            self.skills_table.removeRow(row)

    def skills(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in range(self.skills_table.rowCount()):
            item = self.skills_table.item(row, 0)
            name = item.text() if item is not None else ""
            spin = self.skills_table.cellWidget(row, 1)
            level = spin.value() if isinstance(spin, QSpinBox) else 1
            if name.strip() or level != 1:
                out[name] = level  # an empty name is refused by the op, with its reason
        return out

    def save(self) -> None:
        if self.agent_id is None:
            return
        mut, agent_id, actor = self.ctx.app.mutator, self.agent_id, self.ctx.actor
        name, team = self.name_edit.text(), self.team_edit.text()
        role = self.role_combo.currentData() if self.accounts else None
        skills = self.skills()
        capacity = {c: spin.value() for c, spin in self.capacity.items()}
        self.run(
            lambda: agent_ops.update_agent(
                mut,
                agent_id,
                skills=skills,
                team=team,
                role=role,
                display_name=name,
                capacity=capacity,
                actor_id=actor.id,
            ),
            tr("Saved {login}.").format(login=self.login_label.text()),
            lambda _c: self.reload(agent_id),
        )

    def new_agent(self) -> None:
        dialog = NewAgentDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        login, name, role = dialog.values()
        mut, actor = self.ctx.app.mutator, self.ctx.actor

        def add() -> str:
            agent_ops.add_agent(
                mut,
                login=login,
                display_name=name,
                role=role,
                skills={"general": 1},
                actor_id=actor.id,
            )
            agent = reads.agent_by_login(login.strip().lower())
            return agent.id if agent else ""

        self.run(
            add,
            tr("Added {login}: give them skills and save.").format(login=login.strip().lower()),
            lambda agent_id: self.reload(agent_id),
        )


class NewAgentDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("New agent"))
        form = QFormLayout(self)
        self.login_edit = QLineEdit()
        self.login_edit.setPlaceholderText(tr("e.g. maria"))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(tr("e.g. Maria Costa (used in replies)"))
        self.role_combo = QComboBox()
        for role in ROLES:
            self.role_combo.addItem(role.capitalize(), role)
        form.addRow(tr("Login"), self.login_edit)
        form.addRow(tr("Display name"), self.name_edit)
        form.addRow(tr("Role"), self.role_combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, str, str]:
        return self.login_edit.text(), self.name_edit.text(), str(self.role_combo.currentData())
