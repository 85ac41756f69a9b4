"""The agent window driven through its real widgets."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from models.queries import QueueFilter, queue_page
from models.schema import Agent, Contact, Event, Outbound, Task
from ui.contact_panel import CallLogDialog
from ui.main_window import MainWindow
from ui.queue_model import COLUMNS


def _unassigned_row(window: MainWindow) -> int:
    model = window.queue_model
    for row in range(model.rowCount()):
        item = model.row_data(row)
        if item and item["assigned_to"] is None:
            return row
    raise AssertionError("no unassigned contact in the demo queue")


def _select_unassigned(qtbot, window: MainWindow) -> str:
    row = _unassigned_row(window)
    window.queue.select_row(row)
    qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)
    contact_id = window.queue_model.contact_id(row)
    assert contact_id is not None
    assert window.contact_panel.contact_id == contact_id
    return contact_id


def test_queue_shows_open_work_oldest_first(window: MainWindow) -> None:
    model = window.queue_model
    expected = queue_page(window.app.db, QueueFilter(), limit=model.rowCount())
    shown = [model.contact_id(r) for r in range(model.rowCount())]
    assert shown == [k[1] for k in expected]
    assert model.rowCount() > 0
    # row_data is None only past the last row
    statuses = {model.row_data(r)["status"] for r in range(model.rowCount())}  # type: ignore[index]
    assert statuses <= {"open", "waiting"}
    # row_data is None only past the last row
    received = [model.row_data(r)["received_at"] for r in range(model.rowCount())]  # type: ignore[index]
    assert received == sorted(received)
    # the first row is selected and its card is open
    assert window.contact_panel.contact_id == shown[0]
    # row_data is None only past the last row
    assert window.card.customer_id == model.row_data(0)["customer_id"]  # type: ignore[index]


def test_channel_filter_limits_rows(qtbot, window: MainWindow) -> None:
    combo = window.channel_filter
    combo.setCurrentIndex(combo.findData("email"))
    model = window.queue_model
    assert model.rowCount() > 0
    # row_data is None only past the last row
    assert all(model.row_data(r)["channel"] == "email" for r in range(model.rowCount()))  # type: ignore[index]
    qtbot.waitUntil(lambda: "contacts" in window.count_label.text(), timeout=3000)


def test_claim_through_button(qtbot, window: MainWindow) -> None:
    contact_id = _select_unassigned(qtbot, window)
    panel = window.contact_panel
    assert panel.claim_button.isEnabled()
    qtbot.mouseClick(panel.claim_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: Contact.get_by_id(contact_id).assigned_to_id == window.actor.id, timeout=3000
    )
    qtbot.waitUntil(lambda: not panel.claim_button.isEnabled(), timeout=3000)
    assert panel.release_button.isEnabled()
    first = window.card.history_model.item(0)
    assert first is not None and first["kind"] == "claim"


def test_claim_lost_to_another_agent_is_shown_inline(qtbot, window: MainWindow) -> None:
    contact_id = _select_unassigned(qtbot, window)
    ana = Actor.of(Agent.get(Agent.login == "ana"))
    contact_ops.claim(window.app.mutator, ana, contact_id)
    qtbot.mouseClick(window.contact_panel.claim_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.message_bar.isVisible(), timeout=3000)
    assert "already taken by Ana Kovač" in window.message_bar.text()
    assert Contact.get_by_id(contact_id).assigned_to_id == ana.id


def test_reply_with_template_is_personal_and_shows_in_history(qtbot, window: MainWindow) -> None:
    contact_id = _select_unassigned(qtbot, window)
    panel = window.contact_panel
    combo = panel.template_combo
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith("Greeting"))
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    text = panel.composer.toPlainText()
    customer = Contact.get_by_id(contact_id).customer
    assert customer is not None and customer.name.split()[0] in text
    assert "Ben" in text  # the agent's own first name
    assert "{" not in text
    assert panel.reply_button.isEnabled()
    qtbot.mouseClick(panel.reply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: Outbound.select().where(Outbound.contact == contact_id).exists(), timeout=3000
    )
    outbound = Outbound.get(Outbound.contact == contact_id)
    assert outbound.state == "queued"
    assert customer.name.split()[0] in outbound.body
    contact = Contact.get_by_id(contact_id)
    assert contact.assigned_to_id == window.actor.id  # replying takes the contact
    assert contact.first_response_at is not None
    qtbot.waitUntil(
        lambda: (window.card.history_model.item(0) or {}).get("kind") == "reply", timeout=3000
    )
    assert panel.composer.toPlainText() == ""
    what = window.card.history_model.index(0, 2).data()
    assert what.startswith("Reply · Ben") and what.endswith("· queued"), what
    # answered: waiting on the customer, the SLA clock stops (no red "late" anywhere)
    qtbot.waitUntil(lambda: "SLA paused" in panel.meta_label.text(), timeout=3000)
    model = window.queue_model
    qtbot.waitUntil(
        lambda: (model.row_data(model.row_of(contact_id)) or {}).get("status") == "waiting",
        timeout=3000,
    )  # still listed under "Open and waiting"
    due = model.index(model.row_of(contact_id), [c[0] for c in COLUMNS].index("due"))
    assert due.data() == "paused" and due.data(Qt.ItemDataRole.ForegroundRole) is None


def test_missing_placeholder_blocks_sending(qtbot, window: MainWindow) -> None:
    _select_unassigned(qtbot, window)
    panel = window.contact_panel
    panel._values.pop("last_purchase.product", None)
    panel.composer.setPlainText(panel.render_template("Your {last_purchase.product} ships.").text)
    assert "[?last_purchase.product]" in panel.composer.toPlainText()
    assert panel.missing_label.isVisible()
    assert not panel.reply_button.isEnabled()
    panel.composer.setPlainText("Your bike ships today.")
    assert panel.reply_button.isEnabled()


def test_note_call_follow_up_and_status(qtbot, window: MainWindow, monkeypatch) -> None:
    contact_id = _select_unassigned(qtbot, window)
    panel = window.contact_panel
    panel.composer.setPlainText("Customer sounded worried about the invoice.")
    qtbot.mouseClick(panel.note_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            Event.select().where((Event.contact == contact_id) & (Event.kind == "note")).exists()
        ),
        timeout=3000,
    )

    monkeypatch.setattr(CallLogDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    qtbot.mouseClick(panel.call_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            Event.select().where((Event.contact == contact_id) & (Event.kind == "call")).exists()
        ),
        timeout=3000,
    )

    # the call that ended got its own 24-hour follow-up
    qtbot.waitUntil(lambda: Task.select().where(Task.contact == contact_id).exists(), timeout=3000)
    assert Task.get(Task.contact == contact_id).title == "Follow up on the completed call"

    panel.follow_title.setText("Check the refund arrived")
    qtbot.mouseClick(panel.follow_button, Qt.MouseButton.LeftButton)
    mine = (Task.contact == contact_id) & (Task.title == "Check the refund arrived")
    qtbot.waitUntil(lambda: Task.select().where(mine).exists(), timeout=3000)
    task = Task.get(mine)
    assert task.owner_id == window.actor.id
    qtbot.waitUntil(
        lambda: any(
            # item(r, 1) is None only for a cell that was never filled
            window.card.tasks_table.item(r, 1).text() == task.title  # type: ignore[union-attr]
            for r in range(window.card.tasks_table.rowCount())
        ),
        timeout=3000,
    )

    # the follow-up that is no longer needed is deleted from the card
    table = window.card.tasks_table
    # item(r, 1) is None only for a cell that was never filled
    row = next(r for r in range(table.rowCount()) if table.item(r, 1).text() == task.title)  # type: ignore[union-attr]
    table.selectRow(row)
    assert window.card.task_delete_button.isEnabled()
    qtbot.mouseClick(window.card.task_delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: Task.get_by_id(task.id).state == "deleted", timeout=3000)
    qtbot.waitUntil(
        lambda: all(
            # item(r, 1) is None only for a cell that was never filled
            table.item(r, 1).text() != task.title  # type: ignore[union-attr]
            for r in range(table.rowCount())
        ),
        timeout=3000,
    )

    panel.status_combo.setCurrentText("resolved")
    panel.status_combo.activated.emit(panel.status_combo.currentIndex())
    qtbot.waitUntil(lambda: Contact.get_by_id(contact_id).status == "resolved", timeout=3000)
    qtbot.waitUntil(lambda: window.queue_model.row_of(contact_id) == -1, timeout=3000)
    kinds = [e.kind for e in Event.select(Event.kind).where(Event.contact == contact_id)]
    assert {"note", "call", "task", "status"} <= set(kinds)


def test_search_opens_customer_card(qtbot, window: MainWindow) -> None:
    row = window.queue_model.row_data(5)
    assert row is not None
    name = row["customer_name"]
    window.search_box.setText(name.split()[0])
    window.search.run_search()
    results = window.results_list
    assert window.left_stack.currentWidget() is results
    customers = [
        results.item(i)
        for i in range(results.count())
        if results.item(i).text().startswith("Customer:")
    ]
    assert customers
    window.search.on_result_activated(customers[0])
    assert window.card.customer_id is not None
    window.search_box.setText('refund "AND* (')  # FTS syntax characters are harmless
    window.search.run_search()
    window.search_box.clear()
    window.search.run_search()
    assert window.left_stack.currentWidget() is window.queue_view


def test_training_window_is_unmistakable_and_sends_nothing(
    qtbot, training_window: MainWindow
) -> None:
    window = training_window
    assert "TRAINING" in window.windowTitle()
    banner = window.findChild(type(window.count_label), "TrainingBanner")
    assert banner is not None and banner.isVisible()
    contact_id = _select_unassigned(qtbot, window)
    window.contact_panel.composer.setPlainText("Practice reply")
    qtbot.mouseClick(window.contact_panel.reply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: Outbound.select().where(Outbound.contact == contact_id).exists(), timeout=3000
    )
    assert Outbound.get(Outbound.contact == contact_id).state == "simulated"


def test_sla_sweep_alerts_the_supervisor(qtbot, workspace_app, unexpected) -> None:
    from tests.ui.conftest import _window

    gen = _window(qtbot, workspace_app, unexpected, "ana")
    window = next(gen)
    try:
        qtbot.waitUntil(lambda: window.attention_button.isVisible(), timeout=5000)
        assert "alert" in window.attention_button.text()
        window.attention_button.click()
        assert window.left_stack.currentWidget() is window.results_list
        first = window.results_list.item(window.results_list.count() - 1)
        assert first is not None and "SLA breached" in first.text()
        window.search.on_result_activated(first)
        assert window.contact_panel.contact_id is not None
    finally:
        with __import__("contextlib").suppress(StopIteration):
            next(gen)


def test_offer_accepted_claims_and_expired_marks_not_responding(qtbot, window: MainWindow) -> None:
    from ui.offer import OfferDialog

    window.app.rules.offer_timeout_seconds = 1
    window.offers_check.setChecked(True)
    qtbot.waitUntil(lambda: window.offers.offer_dialog is not None, timeout=3000)
    dialog = window.offers.offer_dialog
    assert isinstance(dialog, OfferDialog)
    offered = dialog.contact_id
    dialog.take_button.click()
    qtbot.waitUntil(
        lambda: Contact.get_by_id(offered).assigned_to_id == window.actor.id, timeout=3000
    )
    window.offers.make_offer()
    second = window.offers.offer_dialog
    assert second is not None and second.contact_id != offered
    qtbot.waitUntil(lambda: window.offers.offer_dialog is None, timeout=4000)  # nobody answered
    qtbot.waitUntil(lambda: Agent.get_by_id(window.actor.id).presence == "away", timeout=3000)
    assert "not responding" in window.message_bar.text()
    window.offers_check.setChecked(False)


def test_a_colleagues_reply_arriving_from_elsewhere_shows_in_the_card_beside_it(
    qtbot, window: MainWindow
) -> None:
    """Issue 14: after a pull (or another writer's commit) the queue row changed but the
    history beside it did not; an outside change refreshes the card on screen."""
    import sqlite3
    import uuid

    customer_id = window.card.customer_id
    contact_id = window.contact_panel.contact_id
    assert customer_id and contact_id
    model = window.card.history_model

    def shown() -> list[str]:
        qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)
        while model.canFetchMore():  # pages are read on the database thread
            model.fetchMore()
            qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)
        items = (model.item(r) for r in range(model.rowCount()))
        return [str(item.get("body")) for item in items if item]

    assert "Done by Ana" not in shown()
    other = sqlite3.connect(window.app.workspace.database_path)  # another writer
    try:
        other.execute(
            "INSERT INTO event (id, customer_id, contact_id, at, channel, kind, subject, body, "
            "data) VALUES (?, ?, ?, ?, 'email', 'reply', 'Re: colleague', 'Done by Ana', '{}')",
            (
                str(uuid.uuid4()),
                customer_id,
                contact_id,
                int(window.app.clock.now().timestamp() * 1000),
            ),
        )
        other.commit()
    finally:
        other.close()
    qtbot.waitUntil(lambda: not window.executor.busy, timeout=3000)
    window.timers.on_poll_tick()
    assert "Done by Ana" in shown()


def test_the_cards_follow_ups_say_the_time_left_as_the_clock_moves(
    qtbot, window: MainWindow
) -> None:
    from desktop.clock import FixedClock

    contact_id = _select_unassigned(qtbot, window)
    panel, table = window.contact_panel, window.card.tasks_table
    panel.follow_title.setText("Ring back about the parcel")
    qtbot.mouseClick(panel.follow_button, Qt.MouseButton.LeftButton)
    mine = (Task.contact == contact_id) & (Task.title == "Ring back about the parcel")
    qtbot.waitUntil(lambda: Task.select().where(mine).exists(), timeout=3000)

    def due_shown() -> str:
        for r in range(table.rowCount()):
            # item(r, c) is None only for a cell that was never filled
            if table.item(r, 1).text() == "Ring back about the parcel":  # type: ignore[union-attr]
                return table.item(r, 0).text()  # type: ignore[union-attr]  # filled with column 1
        return ""

    qtbot.waitUntil(lambda: bool(due_shown()), timeout=3000)
    before = due_shown()
    due = Task.get(mine).due_at
    window.card._clock = FixedClock(due + timedelta(hours=3))
    window.timers.on_clock_tick()  # the window's 30-s tick; nothing in the data changed
    assert due_shown() != before
    assert "late" in due_shown(), due_shown()
