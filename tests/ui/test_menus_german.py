"""The window in German (issue 15, second language): the catalogue is complete for what
is marked, the menus, shortcut list and tray speak German, and so do the refusals that
come from desktop/ (models/errors.said, shown through ui/i18n.user_text)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import QLabel

from desktop.app import Application
from desktop.errors import ConflictError
from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from desktop.paths import resource
from models.schema import Agent, Contact, Event
from tests.ui.conftest import Errors, _window
from tests.ui.test_admin import open_admin, page, retype
from tests.ui.test_main_window import _select_unassigned
from ui.admin.hours import HoursPage
from ui.i18n import chosen_language
from ui.main_window import MainWindow


@pytest.fixture
def german(qapp) -> Iterator[None]:
    translator = QTranslator()
    assert translator.load(str(resource("i18n", "lastmile_de.qm")))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


@pytest.fixture
def admin_window(qtbot, workspace_app: Application, unexpected: Errors) -> Iterator[MainWindow]:
    yield from _window(qtbot, workspace_app, unexpected, "admin")


def test_the_german_catalogue_has_every_marked_string() -> None:
    from tools.i18n_catalogue import sources

    tree = ET.parse(resource("i18n", "lastmile_de.ts"))
    done = {
        (ctx.findtext("name"), m.findtext("source"))
        for ctx in tree.getroot().iter("context")
        for m in ctx.iter("message")
        if (t := m.find("translation")) is not None and t.text and t.get("type") != "unfinished"
    }
    wanted = {(ctx, s) for ctx, texts in sources().items() for s in texts}
    assert wanted - done == set()


def test_menus_and_tray_in_german(german, window: MainWindow) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&Lastmile", "&Kontakt", "&Anwesenheit", "&Gehe zu", "&Hilfe"]
    assert window.menus.actions["send"].text() == "Antwort &senden"
    assert "wartend" in window.tray.tooltip
    assert window.presence_combo.accessibleName() == "Anwesenheit"


def test_refusals_from_desktop_reach_the_german_window_in_german(
    qtbot, german, window: MainWindow
) -> None:
    contact_id = _select_unassigned(qtbot, window)
    ana = Actor.of(Agent.get(Agent.login == "ana"))
    contact_ops.claim(window.app.mutator, ana, contact_id)
    qtbot.mouseClick(window.contact_panel.claim_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "übernommen" in window.message_bar.text(), timeout=3000)
    assert window.message_bar.text() == "diesen Kontakt hat schon Ana Kovač übernommen"
    assert Contact.get_by_id(contact_id).assigned_to_id == ana.id
    # the window's own path for an op that refuses (run_op → the message bar)
    mut, actor = window.app.mutator, window.actor
    window.run_op(lambda: contact_ops.add_note(mut, actor, contact_id, "  "))
    qtbot.waitUntil(lambda: window.message_bar.text() == "die Notiz ist leer", timeout=3000)
    window.run_op(lambda: contact_ops.reply(mut, actor, contact_id, ""))
    qtbot.waitUntil(lambda: window.message_bar.text() == "die Antwort ist leer", timeout=3000)
    assert not Event.select().where(Event.contact == contact_id, Event.kind == "note").exists()
    # a controller that hands str(error) to the message bar: the bar still translates it
    refusal = ConflictError.said("this contact is held by {owner}", owner="Ana Kovač")
    window.message_bar.show_message(str(refusal), error=True)
    assert window.message_bar.text() == "diesen Kontakt hat Ana Kovač"
    # and what the window says when it went through
    qtbot.keyClicks(window.contact_panel.composer, "Ruft morgen an")
    qtbot.mouseClick(window.contact_panel.note_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage() == "Notiz hinzugefügt.", timeout=3000
    )


def test_the_admin_screens_say_a_wrong_value_in_german(
    qtbot, german, admin_window: MainWindow
) -> None:
    dialog = open_admin(qtbot, admin_window)
    hours = page(dialog, "hours", HoursPage)
    labels = hours.findChildren(QLabel)
    assert {"Montag", "Sonntag"} <= {label.text() for label in labels}
    retype(qtbot, hours.day_edits[0], "17:00-09:00")
    qtbot.mouseClick(hours.save_button, Qt.MouseButton.LeftButton)
    assert hours.message.text() == (
        "⚠ business_hours: Montag 17:00-09:00: die Öffnung muss vor dem Schluss liegen, "
        "innerhalb des Tages (00:00-24:00)"
    )


def test_a_contact_worked_with_the_keyboard_in_german(qtbot, german, window: MainWindow) -> None:
    """Take, reply, note, status by shortcut: each says what it did in German (the status
    shortcuts chose the status by its label, which is German here: Ctrl+Shift+R set
    "waiting" instead of resolving)."""
    contact_id = _select_unassigned(qtbot, window)
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier

    def said(keys: Qt.Key, modifiers: Qt.KeyboardModifier, text: str) -> None:
        qtbot.keyClick(window.contact_panel.composer, keys, modifiers)
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == text, timeout=3000)

    said(Qt.Key.Key_T, ctrl, "Übernommen.")
    qtbot.keyClicks(window.contact_panel.composer, "Wir melden uns morgen.")
    qtbot.keyClick(window.contact_panel.composer, Qt.Key.Key_Return, ctrl)  # sent
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith("Antwort eingereiht: "),
        timeout=3000,
    )
    qtbot.keyClicks(window.contact_panel.composer, "Kunde ruft zurueck")
    said(Qt.Key.Key_Return, ctrl | shift, "Notiz hinzugefügt.")
    qtbot.keyClick(window.contact_panel.composer, Qt.Key.Key_U, ctrl)  # the follow-up title
    qtbot.keyClicks(window.contact_panel.follow_title, "Erstattung pruefen")
    qtbot.keyClick(window.contact_panel.follow_title, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith("Wiedervorlage gesetzt für "),
        timeout=3000,
    )
    said(Qt.Key.Key_W, ctrl | shift, "Status jetzt: wartet.")
    assert Contact.get_by_id(contact_id).status == "waiting"
    said(Qt.Key.Key_R, ctrl | shift, "Status jetzt: erledigt.")
    assert Contact.get_by_id(contact_id).status == "resolved"
    qtbot.waitUntil(lambda: "Warteschlange verlassen" in window.message_bar.text(), timeout=3000)


def test_a_settings_line_reads_in_german_with_german_numbers(german) -> None:
    """Nested lines (the unit) are translated too; a grouped number groups as German does."""
    from PySide6.QtCore import QLocale

    from models.protocol.settings import check_rule
    from ui.i18n import user_text

    found = check_rule("ack_window_minutes", 20000)
    assert found == "ack_window_minutes must be 0 to 10,080 minutes, not 20000"  # the CLI's
    before = QLocale()
    QLocale.setDefault(QLocale("de"))
    try:
        assert user_text(found) == "ack_window_minutes muss 0 bis 10.080 Minuten sein, nicht 20000"
    finally:
        QLocale.setDefault(before)
    assert user_text("a line nobody marked") == "a line nobody marked"


def _hidden_in_toolbar(qtbot, window: MainWindow, width: int, height: int) -> list[str]:
    """The toolbar's controls that do not show at this size (behind » or left out)."""
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.toolbar_fit.toolbar.width() == window.width(), timeout=3000)
    toolbar = window.toolbar_fit.toolbar
    return [
        widget.objectName() or type(widget).__name__
        for action in toolbar.actions()
        if action.isVisible()
        and (widget := toolbar.widgetForAction(action)) is not None
        and not widget.isVisible()
    ]


def test_the_german_toolbar_fits_1366_without_hiding_a_control(
    qtbot, german, window: MainWindow
) -> None:
    assert window.assignee_filter.itemText(2) == "Frei"  # "Nicht zugewiesen" was too wide
    assert _hidden_in_toolbar(qtbot, window, 1366, 768) == []
    assert window.agent_label.isVisible() and "Agent" in window.agent_label.text()
    # narrower still: the brand and the name (both in the title bar) leave first
    assert _hidden_in_toolbar(qtbot, window, 1280, 720) == []
    assert not window.agent_label.isVisible() and window.next_button.isVisible()
    assert window.presence_combo.isVisible() and window.practice_button.isVisible()
    window.resize(1920, 1080)
    qtbot.waitUntil(window.agent_label.isVisible, timeout=3000)


def test_the_english_toolbar_keeps_everything_at_1366(qtbot, window: MainWindow) -> None:
    assert _hidden_in_toolbar(qtbot, window, 1366, 768) == []
    assert window.agent_label.text().strip() == "Ben Osei · agent"
    assert window.agent_label.isVisible()


def test_the_language_follows_the_setting_then_the_system(monkeypatch) -> None:
    monkeypatch.setenv("LASTMILE_LANG", "de_DE")
    assert chosen_language("system") == "de"
    assert chosen_language("en") == "en"
    monkeypatch.setenv("LASTMILE_LANG", "fr")
    assert chosen_language("system") == "en"  # no French catalogue: English


def test_selftest_passes_through_the_real_window(capsys) -> None:
    from ui.selftest import run_selftest

    assert run_selftest() == 0
    out = capsys.readouterr().out
    assert "reply sent (Ctrl+Enter)" in out and "selftest passed" in out
