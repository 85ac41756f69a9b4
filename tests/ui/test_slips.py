"""Nothing lost by a slip, keyboard first (issue 15, items 2-4), through the real widgets."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.drafts import DraftStore
from models.schema import Event
from ui.main_window import MainWindow


def wheel(widget: QWidget, notches: int) -> None:
    for _ in range(abs(notches)):
        event = QWheelEvent(
            QPointF(5, 5),
            QPointF(widget.mapToGlobal(QPoint(5, 5))),
            QPoint(0, 0),
            QPoint(0, -120 if notches > 0 else 120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(widget, event)


def test_a_wheel_turn_over_an_unfocused_drop_down_changes_nothing(
    qtbot, window: MainWindow
) -> None:
    status = window.contact_panel.status_combo
    presence = window.presence_combo
    window.queue_view.setFocus()
    before = (status.currentText(), presence.currentText())
    wheel(status, 2)
    wheel(presence, 1)
    assert (status.currentText(), presence.currentText()) == before
    # with the focus on it, the wheel works as usual
    window.activateWindow()
    presence.setFocus()
    qtbot.waitUntil(presence.hasFocus, timeout=2000)
    wheel(presence, 1)
    assert presence.currentText() != before[1]


def test_tab_leaves_the_queue_and_the_reply_box_and_ctrl_enter_sends(
    qtbot, window: MainWindow
) -> None:
    window.queue_view.setFocus()
    qtbot.keyClick(window.queue_view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not window.queue_view
    composer = window.contact_panel.composer
    composer.setFocus()
    qtbot.keyClicks(composer, "Hello")
    qtbot.keyClick(composer, Qt.Key.Key_Tab)
    assert composer.toPlainText() == "Hello"  # no tab typed
    assert QApplication.focusWidget() is not composer
    contact_id = window.contact_panel.contact_id
    composer.setFocus()
    qtbot.keyClick(composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: (
            Event.select()
            .where(
                (Event.contact == contact_id) & (Event.kind == "reply") & (Event.body == "Hello")
            )
            .exists()
        ),
        timeout=3000,
    )
    assert composer.toPlainText() == ""


def test_drafts_survive_switching_contacts_and_a_restart(qtbot, window: MainWindow) -> None:
    panel = window.contact_panel
    window.queue.select_row(0)
    qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)
    first = panel.contact_id
    panel.composer.setFocus()
    qtbot.keyClicks(panel.composer, "Dear customer, about your order")
    window.queue.select_row(1)
    qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)
    assert panel.contact_id != first
    assert panel.composer.toPlainText() == ""
    window.queue.select_row(0)
    qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)
    assert panel.composer.toPlainText() == "Dear customer, about your order"
    # what a new window (after a restart or a crash) finds
    qtbot.wait(700)  # written shortly after typing stops
    stored = DraftStore(window.app.workspace.root / "drafts.json")
    assert first is not None and stored.get(first) == "Dear customer, about your order"


def test_a_template_goes_in_at_the_cursor_and_ctrl_z_takes_it_out(
    qtbot, window: MainWindow
) -> None:
    panel = window.contact_panel
    combo = panel.template_combo
    assert combo.count() >= 2  # the demo has reply templates for every channel
    panel.composer.setFocus()
    qtbot.keyClicks(panel.composer, "Typed first. ")
    panel.on_template_activated(1)
    text = panel.composer.toPlainText()
    assert text.startswith("Typed first. ") and len(text) > len("Typed first. ")
    panel.composer.undo()
    assert panel.composer.toPlainText() == "Typed first. "


def test_resolving_by_mistake_is_undone_in_place(qtbot, window: MainWindow) -> None:
    from models.schema import Contact

    window.queue.select_row(0)
    qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)
    contact_id = window.contact_panel.contact_id
    assert contact_id is not None
    before = Contact.get_by_id(contact_id).status
    assert before != "resolved"
    window.contacts.on_panel_status_requested(contact_id, "resolved")
    qtbot.waitUntil(lambda: Contact.get_by_id(contact_id).status == "resolved", timeout=3000)
    qtbot.waitUntil(lambda: "Undo" in window.message_bar.text(), timeout=3000)
    # it left the queue (its row is taken out when the re-read comes back)
    qtbot.waitUntil(lambda: window.queue_model.row_of(contact_id) < 0, timeout=3000)
    window.undo_action.trigger()  # Ctrl+Shift+Z
    qtbot.waitUntil(lambda: Contact.get_by_id(contact_id).status == before, timeout=3000)
    qtbot.waitUntil(lambda: window.queue_model.row_of(contact_id) >= 0, timeout=3000)
    assert window.message_bar.undo() is False  # once
