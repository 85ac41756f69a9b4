"""Admin screens through the real widgets: what is entered and saved is in the database;
a refused value is said on the page and nothing is saved; agents never see the entry."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QSpinBox

from desktop.app import Application
from desktop.ops import templates as template_ops
from desktop.rules import load_rules
from models.schema import Agent, AgentSkill, AlertRule, Customer, Rule, Template
from tests.ui.conftest import Errors, _window
from ui.admin.agents import AgentsPage
from ui.admin.alerts import AlertRulesPage
from ui.admin.dialog import AdminDialog
from ui.admin.hours import HoursPage
from ui.admin.settings import RoutingPage, SlaPage
from ui.admin.templates import TemplatesPage
from ui.main_window import MainWindow

P = TypeVar("P")


@pytest.fixture
def admin_window(qtbot, workspace_app: Application, unexpected: Errors) -> Iterator[MainWindow]:
    yield from _window(qtbot, workspace_app, unexpected, "admin")


@pytest.fixture
def supervisor_window(
    qtbot, workspace_app: Application, unexpected: Errors
) -> Iterator[MainWindow]:
    yield from _window(qtbot, workspace_app, unexpected, "ana")


def open_admin(qtbot, window: MainWindow) -> AdminDialog:
    qtbot.keyClick(
        window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(
        lambda: window.admin.dialog is not None and window.admin.dialog.isVisible(), timeout=3000
    )
    dialog = window.admin.dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    return dialog


def page(dialog: AdminDialog, area: str, kind: type[P]) -> P:
    found = dialog.pages[area]
    assert isinstance(found, kind)
    dialog.tabs.setCurrentWidget(found)
    return found


def saved(qtbot, window: MainWindow, message_page) -> str:
    qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)
    qtbot.waitUntil(message_page.message.isVisible, timeout=3000)
    return str(message_page.message.text())


def retype(qtbot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def test_an_agent_does_not_see_the_admin_entry(qtbot, window: MainWindow) -> None:
    assert window.actor.role == "agent"
    assert not window.admin_button.isVisible()
    assert not window.admin_action.isEnabled()
    qtbot.keyClick(
        window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    window.admin.open_admin()
    assert window.admin.dialog is None


def test_a_supervisor_gets_agents_templates_and_alert_rules_but_not_roles(
    qtbot, supervisor_window: MainWindow
) -> None:
    assert supervisor_window.admin_button.isVisible()
    dialog = open_admin(qtbot, supervisor_window)
    assert list(dialog.pages) == ["agents", "templates", "alerts"]
    agents = page(dialog, "agents", AgentsPage)
    assert isinstance(agents, AgentsPage)
    assert not agents.role_combo.isEnabled() and not agents.new_button.isVisible()


def test_skills_and_capacity_entered_and_saved_are_in_the_database(
    qtbot, admin_window: MainWindow
) -> None:
    dialog = open_admin(qtbot, admin_window)
    agents = page(dialog, "agents", AgentsPage)
    assert isinstance(agents, AgentsPage)
    ben = Agent.get(Agent.login == "ben")
    row = next(
        i
        for i in range(agents.agent_list.count())
        if agents.agent_list.item(i).data(Qt.ItemDataRole.UserRole) == ben.id
    )
    agents.agent_list.setCurrentRow(row)
    assert agents.login_label.text() == "ben"
    qtbot.mouseClick(agents.add_skill_button, Qt.MouseButton.LeftButton)
    new_row = agents.skills_table.rowCount() - 1
    skill = agents.skills_table.item(new_row, 0)
    assert skill is not None
    skill.setText("billing")
    level = agents.skills_table.cellWidget(new_row, 1)
    assert isinstance(level, QSpinBox) and level.maximum() == 3  # 9 cannot be typed here
    level.setValue(3)
    agents.capacity["chat"].setValue(4)
    qtbot.mouseClick(agents.save_button, Qt.MouseButton.LeftButton)
    assert "Saved ben" in saved(qtbot, admin_window, agents)
    skills = {s.skill: s.level for s in AgentSkill.select().where(AgentSkill.agent == ben.id)}
    assert skills["billing"] == 3 and skills["sales"] == 3
    assert json.loads(Agent.get_by_id(ben.id).capacity)["chat"] == 4
    assert "billing" in [
        admin_window.skill_filter.itemData(i) for i in range(admin_window.skill_filter.count())
    ]


def test_a_refused_agent_value_is_said_and_nothing_is_saved(
    qtbot, admin_window: MainWindow
) -> None:
    dialog = open_admin(qtbot, admin_window)
    agents = page(dialog, "agents", AgentsPage)
    assert isinstance(agents, AgentsPage)
    agent_id = agents.agent_id
    before = {s.skill: s.level for s in AgentSkill.select().where(AgentSkill.agent == agent_id)}
    name_before = Agent.get_by_id(agent_id).display_name
    retype(qtbot, agents.name_edit, "Somebody Else")
    qtbot.mouseClick(agents.add_skill_button, Qt.MouseButton.LeftButton)
    skill = agents.skills_table.item(agents.skills_table.rowCount() - 1, 0)
    assert skill is not None
    skill.setText("two words")
    qtbot.mouseClick(agents.save_button, Qt.MouseButton.LeftButton)
    text = saved(qtbot, admin_window, agents)
    assert "not a valid skill name: 'two words'" in text and agents.message.property("error")
    after = {s.skill: s.level for s in AgentSkill.select().where(AgentSkill.agent == agent_id)}
    assert after == before and Agent.get_by_id(agent_id).display_name == name_before


def test_a_template_is_previewed_for_a_customer_and_saved(qtbot, admin_window: MainWindow) -> None:
    dialog = open_admin(qtbot, admin_window)
    templates = page(dialog, "templates", TemplatesPage)
    assert isinstance(templates, TemplatesPage)
    qtbot.mouseClick(templates.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(templates.name_edit, "Shipping news")
    qtbot.keyClicks(templates.body_edit, "Hi {customer.first_name}, from {agent.first_name}")
    customer = next(
        c for c in Customer.select().order_by(Customer.name) if c.name.isascii() and " " in c.name
    )  # QTest types Latin letters only
    qtbot.keyClicks(templates.customer_search, customer.name)
    qtbot.waitUntil(lambda: templates.customer_combo.currentData() == customer.id, timeout=3000)
    preview = templates.preview.toPlainText()
    assert preview == f"Hi {customer.name.split()[0]}, from {admin_window.actor.first_name}"
    qtbot.mouseClick(templates.save_button, Qt.MouseButton.LeftButton)
    assert "Added “Shipping news”" in saved(qtbot, admin_window, templates)
    row = Template.get(Template.name == "Shipping news")
    assert row.body == "Hi {customer.first_name}, from {agent.first_name}" and row.channel == ""
    # and the agents' picker offers it
    admin_window.contact_panel._fill_templates("email")
    combo = admin_window.contact_panel.template_combo
    assert "Shipping news (en)" in [combo.itemText(i) for i in range(combo.count())]


def test_an_unknown_placeholder_is_refused_and_nothing_is_saved(
    qtbot, admin_window: MainWindow
) -> None:
    dialog = open_admin(qtbot, admin_window)
    templates = page(dialog, "templates", TemplatesPage)
    assert isinstance(templates, TemplatesPage)
    count = Template.select().count()
    qtbot.mouseClick(templates.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(templates.name_edit, "Shoes")
    qtbot.keyClicks(templates.body_edit, "Your size is {customer.shoe_size}")
    assert "Unknown placeholder: {customer.shoe_size}" in templates.missing_label.text()
    qtbot.mouseClick(templates.save_button, Qt.MouseButton.LeftButton)
    assert "unknown placeholder(s): customer.shoe_size" in saved(qtbot, admin_window, templates)
    assert Template.select().count() == count


def test_a_template_is_deleted_after_confirmation(
    qtbot, admin_window: MainWindow, monkeypatch
) -> None:
    template_id = template_ops.add_template(admin_window.app.mutator, name="Old", body="Hello")
    dialog = open_admin(qtbot, admin_window)
    templates = page(dialog, "templates", TemplatesPage)
    assert isinstance(templates, TemplatesPage)
    templates.reload(template_id)
    assert templates.name_edit.text() == "Old"
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(templates.delete_button, Qt.MouseButton.LeftButton)
    assert "Deleted “Old”" in saved(qtbot, admin_window, templates)
    assert Template.get_or_none(Template.id == template_id) is None


def test_business_hours_saved_are_in_force_and_wrong_ones_are_refused(
    qtbot, admin_window: MainWindow
) -> None:
    dialog = open_admin(qtbot, admin_window)
    hours = page(dialog, "hours", HoursPage)
    assert isinstance(hours, HoursPage)
    retype(qtbot, hours.day_edits[0], "17:00-09:00")
    qtbot.mouseClick(hours.save_button, Qt.MouseButton.LeftButton)
    assert "Monday 17:00-09:00: opening must be before closing" in hours.message.text()
    assert Rule.get_or_none(Rule.key == "business_hours") is None
    retype(qtbot, hours.day_edits[0], "10:00-12:00, 13:00-18:30")
    retype(qtbot, hours.day_edits[5], "09:00-13:00")
    retype(qtbot, hours.country_edit, "XX")
    qtbot.mouseClick(hours.save_button, Qt.MouseButton.LeftButton)
    assert "no holiday calendar for country code 'XX'" in hours.message.text()
    assert Rule.get_or_none(Rule.key == "business_hours") is None  # nothing of the page
    retype(qtbot, hours.country_edit, "DE")
    hours.timezone_combo.setCurrentText("Europe/Berlin")
    qtbot.mouseClick(hours.save_button, Qt.MouseButton.LeftButton)
    assert "Business hours saved" in saved(qtbot, admin_window, hours)
    rules = load_rules()
    assert rules.business_hours["0"] == [[600, 720], [780, 1110]]
    assert rules.business_hours["5"] == [[540, 780]] and rules.holiday_country == "DE"
    assert admin_window.app.rules.timezone == "Europe/Berlin"  # in force in this window


def test_sla_targets_and_routing_settings_are_saved(qtbot, admin_window: MainWindow) -> None:
    dialog = open_admin(qtbot, admin_window)
    sla = page(dialog, "sla", SlaPage)
    assert isinstance(sla, SlaPage)
    sla.spins[("first_response_minutes", "email")].setValue(240)
    qtbot.mouseClick(sla.save_button, Qt.MouseButton.LeftButton)
    assert "SLA targets saved" in saved(qtbot, admin_window, sla)
    assert load_rules().first_response_minutes["email"] == 240
    assert admin_window.app.rules.first_response_minutes["email"] == 240
    routing = page(dialog, "routing", RoutingPage)
    assert isinstance(routing, RoutingPage)
    routing.numbers["offer_timeout_seconds"].setValue(45)
    qtbot.mouseClick(routing.save_button, Qt.MouseButton.LeftButton)
    assert "settings saved" in saved(qtbot, admin_window, routing)
    assert load_rules().offer_timeout_seconds == 45
    assert Rule.get_or_none(Rule.key == "backup_keep") is None  # unchanged: not written


def test_a_supervisor_adds_and_removes_an_alert_rule_in_the_app(
    qtbot, supervisor_window: MainWindow
) -> None:
    dialog = open_admin(qtbot, supervisor_window)
    rules = page(dialog, "alerts", AlertRulesPage)
    qtbot.waitUntil(lambda: rules.rule_list.count() == 1)  # "No alert rules yet"
    assert not rules.rule_list.item(0).data(Qt.ItemDataRole.UserRole)
    # a keyword rule without words is refused on the page, nothing saved
    rules.kind_combo.setCurrentIndex(rules.kind_combo.findData("keyword"))
    qtbot.mouseClick(rules.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rules.message.isVisible())
    assert "keyword" in rules.message.text() and rules.message.text().startswith("⚠")
    assert AlertRule.select().count() == 0
    rules.threshold_edit.setText("lots")
    rules.keywords_edit.setText("outage")
    qtbot.mouseClick(rules.add_button, Qt.MouseButton.LeftButton)
    assert "not a number" in rules.message.text() and AlertRule.select().count() == 0
    rules.threshold_edit.setText("3")
    rules.keywords_edit.setText("outage, rival shop, outage")
    rules.channel_combo.setCurrentIndex(rules.channel_combo.findData("social"))
    qtbot.mouseClick(rules.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: AlertRule.select().count() == 1 and rules.rule_list.count() == 1)
    row = AlertRule.get()
    assert (row.kind, row.channel, json.loads(row.keywords), row.threshold) == (
        "keyword",
        "social",
        ["outage", "rival shop"],
        3.0,
    )
    qtbot.waitUntil(lambda: bool(rules.rule_list.item(0).data(Qt.ItemDataRole.UserRole)))
    assert "outage, rival shop" in rules.rule_list.item(0).text()
    rules.rule_list.setCurrentRow(0)
    qtbot.mouseClick(rules.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: AlertRule.select().count() == 0)
    qtbot.waitUntil(lambda: not rules.rule_list.item(0).data(Qt.ItemDataRole.UserRole))
