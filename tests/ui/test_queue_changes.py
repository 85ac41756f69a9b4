"""Typed changes reach the queue as row updates, inserts and removals, never a reset."""

from __future__ import annotations

import sqlite3

from desktop.changes import Changes
from desktop.ops import contacts as contact_ops
from models.queries import QueueFilter, queue_page
from models.schema import Contact
from ui.main_window import MainWindow


class Resets:
    def __init__(self, window: MainWindow) -> None:
        self.count = 0
        window.queue_model.modelReset.connect(self._reset)

    def _reset(self) -> None:
        self.count += 1


def _shown(window: MainWindow) -> list[str]:
    model = window.queue_model
    return [model.contact_id(r) or "" for r in range(model.rowCount())]


def _expected(window: MainWindow) -> list[str]:
    flt = window.queue_model.filter
    return [k[1] for k in queue_page(window.app.db, flt, limit=window.queue_model.rowCount() + 5)]


def _unassigned(window: MainWindow, start: int = 0) -> tuple[int, str]:
    model = window.queue_model
    for row in range(start, model.rowCount()):
        item = model.row_data(row)
        if item and item["assigned_to"] is None and item["status"] == "open":
            return row, item["id"]
    raise AssertionError("no unassigned open contact")


def test_claim_updates_one_row_and_keeps_selection(qtbot, window: MainWindow) -> None:
    resets = Resets(window)
    row, contact_id = _unassigned(window, 3)
    window.queue.select_row(row)
    window.contacts.on_panel_claim_requested(contact_id)
    qtbot.waitUntil(
        lambda: (window.queue_model.row_data(row) or {}).get("assigned_to") == window.actor.id,
        timeout=3000,
    )
    assert resets.count == 0
    assert window.queue_view.currentIndex().row() == row
    assert window.contact_panel.contact_id == contact_id
    assert _shown(window) == _expected(window)


def test_resolving_removes_the_row_and_reopening_puts_it_back(qtbot, window: MainWindow) -> None:
    resets = Resets(window)
    before = window.queue_model.rowCount()
    row, contact_id = _unassigned(window, 2)
    window.contacts.on_panel_status_requested(contact_id, "resolved")
    qtbot.waitUntil(lambda: window.queue_model.row_of(contact_id) < 0, timeout=3000)
    assert window.queue_model.rowCount() == before - 1
    assert _shown(window) == _expected(window)
    window.contacts.on_panel_status_requested(contact_id, "open")
    qtbot.waitUntil(lambda: window.queue_model.row_of(contact_id) == row, timeout=3000)
    assert window.queue_model.rowCount() == before
    assert _shown(window) == _expected(window)
    assert resets.count == 0


def test_outside_commit_is_reconciled_off_the_ui_thread(qtbot, window: MainWindow) -> None:
    """Another process resolves one contact and reopens another: the poll tick moves just
    those rows, the selection and the card stay."""
    resets = Resets(window)
    model = window.queue_model
    window.queue.select_row(1)
    qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)
    selected = window.contact_panel.contact_id
    gone = model.contact_id(4) or ""
    back = Contact.select().where(Contact.status == "resolved").first()
    other = sqlite3.connect(str(window.app.workspace.database_path))
    other.execute("UPDATE contact SET status = 'resolved' WHERE id = ?", [gone])
    other.execute(
        "UPDATE contact SET status = 'open', subject = 'Back again' WHERE id = ?", [back.id]
    )
    other.commit()
    other.close()
    window.timers.on_poll_tick()
    qtbot.waitUntil(lambda: model.row_of(gone) < 0, timeout=3000)
    assert resets.count == 0
    assert _shown(window) == _expected(window)
    in_range = model.row_of(back.id) >= 0
    assert in_range == (
        back.received_at <= Contact.get_by_id(model.contact_id(model.rowCount() - 1)).received_at
        or not model.canFetchMore()
    )
    assert window.contact_panel.contact_id == selected
    assert window.queue_view.currentIndex().row() == model.row_of(selected or "")


def test_a_change_of_another_filter_value_leaves_the_queue(qtbot, window: MainWindow) -> None:
    """Under 'Unassigned', claiming a contact takes it out of the list."""
    window.assignee_filter.setCurrentIndex(window.assignee_filter.findData("unassigned"))
    model = window.queue_model
    assert model.filter == QueueFilter(assignee="unassigned")
    _row, contact_id = _unassigned(window)
    changes = contact_ops.claim(window.app.mutator, window.actor, contact_id)
    window.queue.on_changes_applied(changes)
    qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)
    assert model.row_of(contact_id) < 0
    assert _shown(window) == _expected(window)
    window.queue.on_changes_applied(Changes(contacts={"no-such-contact"}))
    qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)
    assert _shown(window) == _expected(window)
