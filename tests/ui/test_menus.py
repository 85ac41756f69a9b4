"""Menu bar, shortcuts, the shortcut list and context menus (issue 15, item 3), through
the real window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from models.schema import Contact, Event
from ui.main_window import MainWindow
from ui.menus import ACTIONS, SPECS
from ui.shortcuts_dialog import ShortcutsDialog

FREQUENT = (
    "next",
    "take",
    "send",
    "note",
    "log_call",
    "follow_up",
    "status_resolved",
    "presence_busy",
    "search",
    "focus_queue",
    "focus_contact",
    "focus_card",
    "next_area",
    "shortcuts",
)


def test_every_frequent_action_is_in_the_menu_bar_with_its_shortcut(window: MainWindow) -> None:
    in_bar = {a for m in window.menuBar().findChildren(QMenu) for a in m.actions()}
    for key in FREQUENT:
        action = window.menus.actions[key]
        assert action in in_bar, key
        assert action.shortcut().toString() == QKeySequence(SPECS[key].shortcuts[0]).toString()
    # one key, one action: an ambiguous shortcut fires nothing in Qt
    keys = [s for spec in ACTIONS for s in spec.shortcuts]
    assert len(keys) == len(set(keys))
    assert len(window.menuBar().actions()) == 5  # Lastmile, Contact, Presence, Go, Help


def test_f6_and_ctrl_1_2_3_move_between_queue_contact_and_card(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    window.queue_view.setFocus()
    qtbot.keyClick(window.queue_view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.contact_panel.composer
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.card.history_view
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.queue_view
    qtbot.keyClick(window.queue_view, Qt.Key.Key_F6)
    assert QApplication.focusWidget() is window.contact_panel.composer
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    assert QApplication.focusWidget() is window.card.history_view
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    assert QApplication.focusWidget() is window.queue_view
    qtbot.keyClick(window.queue_view, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is window.card.history_view


def test_a_contact_is_worked_with_the_keyboard_alone(qtbot, window: MainWindow) -> None:
    """Take (Ctrl+T), a note (Ctrl+Shift+Enter), resolve (Ctrl+Shift+R), undo."""
    window.activateWindow()
    window.queue_view.setFocus()
    unassigned = next(
        r
        for r in range(window.queue_model.rowCount())
        if Contact.get_by_id(window.queue_model.contact_id(r)).assigned_to is None
    )
    window.queue.select_row(unassigned)
    qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)
    contact_id = window.contact_panel.contact_id
    qtbot.keyClick(window.queue_view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: Contact.get_by_id(contact_id).assigned_to_id == window.actor.id, timeout=3000
    )
    qtbot.keyClick(window.queue_view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    composer = window.contact_panel.composer
    qtbot.keyClicks(composer, "Checked the courier")
    qtbot.keyClick(
        composer,
        Qt.Key.Key_Return,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(
        lambda: (
            Event.select()
            .where(
                (Event.contact == contact_id)
                & (Event.kind == "note")
                & (Event.body == "Checked the courier")
            )
            .exists()
        ),
        timeout=3000,
    )
    qtbot.keyClick(
        composer,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: Contact.get_by_id(contact_id).status == "resolved", timeout=3000)
    qtbot.waitUntil(window.message_bar.isVisible, timeout=3000)
    # in the reply box Ctrl+Shift+Z is the text's redo: undo from the queue
    qtbot.keyClick(window.queue_view, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(
        window.queue_view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: Contact.get_by_id(contact_id).status != "resolved", timeout=3000)


def test_presence_from_the_keyboard(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    window.queue_view.setFocus()
    qtbot.keyClick(window.queue_view, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.presence_combo.currentData() == "busy"
    from models.schema import Agent

    qtbot.waitUntil(lambda: Agent.get_by_id(window.actor.id).presence == "busy", timeout=3000)


def test_f1_lists_every_shortcut_and_filters(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    window.queue_view.setFocus()
    qtbot.keyClick(window.queue_view, Qt.Key.Key_F1)
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    rows = dialog.visible_rows()
    assert "Next contact" in rows and "Send reply" in rows and len(rows) >= 25
    dialog.filter.setText("F6")
    assert dialog.visible_rows() == ["Next area", "Previous area"]
    dialog.reject()


def test_context_menu_of_a_queue_row_takes_it(qtbot, window: MainWindow) -> None:
    view = window.queue_view
    row = next(
        r
        for r in range(window.queue_model.rowCount())
        if Contact.get_by_id(window.queue_model.contact_id(r)).assigned_to is None
    )
    rect = view.visualRect(window.queue_model.index(row, 1))
    QApplication.sendEvent(
        view.viewport(),
        QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse,
            rect.center(),
            view.viewport().mapToGlobal(rect.center()),
        ),
    )
    menu = window.menus.context_menu
    assert menu.objectName() == "QueueContextMenu"
    qtbot.waitUntil(menu.isVisible, timeout=2000)
    contact_id = window.queue_model.contact_id(row)
    assert window.contact_panel.contact_id == contact_id  # the row under the pointer
    texts = {a.text(): a for a in menu.actions() if not a.isSeparator()}
    assert texts["&Take it"].isEnabled() and not texts["&Hand back"].isEnabled()
    menu.hide()
    texts["&Take it"].trigger()
    qtbot.waitUntil(
        lambda: Contact.get_by_id(contact_id).assigned_to_id == window.actor.id, timeout=3000
    )


def test_context_menu_of_a_history_line_opens_its_contact(qtbot, window: MainWindow) -> None:
    view = window.card.history_view
    qtbot.waitUntil(lambda: window.card.history_model.rowCount() > 0, timeout=3000)
    view.setFocus()
    view.setCurrentIndex(window.card.history_model.index(0, 0))
    # the keyboard's menu key: the menu opens on the current line
    at = view.visualRect(view.currentIndex()).center()  # where Qt puts a keyboard menu
    QApplication.sendEvent(
        view.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, at, view.viewport().mapToGlobal(at)),
    )
    menu = window.menus.context_menu
    assert menu.objectName() == "HistoryContextMenu"
    texts = {a.text(): a for a in menu.actions()}
    assert set(texts) == {"Open this contact", "Copy text"}
    texts["Copy text"].trigger()
    assert QApplication.clipboard().text()
    menu.hide()
