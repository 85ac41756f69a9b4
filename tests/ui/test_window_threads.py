"""The window's common actions read nothing on the UI thread; late results are dropped.

Statements are counted through the UI thread's own SQLite connection (its trace hook):
the database thread has a connection of its own, so whatever shows up here ran on the
UI thread, where it stalls painting and typing (issue 14)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from models.schema import Contact, Customer
from ui.history_model import HistoryModel
from ui.main_window import MainWindow
from ui.queue_model import COLUMNS

# the one statement the UI thread keeps: whether another process committed (a counter in
# the connection, no page read)
ALLOWED = ("PRAGMA data_version",)


@contextmanager
def ui_statements(window: MainWindow) -> Iterator[list[str]]:
    conn = window.app.db.connection()
    assert isinstance(conn, sqlite3.Connection)
    seen: list[str] = []

    def trace(sql: str) -> None:
        if not sql.strip().startswith(ALLOWED):
            seen.append(sql)

    conn.set_trace_callback(trace)
    try:
        yield seen
    finally:
        conn.set_trace_callback(None)


def settle(qtbot: Any, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)
    qtbot.wait(50)  # queued callbacks and the repaint they cause
    qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)


def _unassigned(window: MainWindow, start: int) -> tuple[int, str]:
    model = window.queue_model
    for row in range(start, model.rowCount()):
        item = model.row_data(row)
        if item and item["assigned_to"] is None and item["status"] == "open":
            return row, item["id"]
    raise AssertionError("no unassigned open contact")


def test_selecting_a_contact_reads_nothing_on_the_ui_thread(qtbot, window: MainWindow) -> None:
    settle(qtbot, window)
    row, contact_id = _unassigned(window, 4)
    with ui_statements(window) as seen:
        window.queue.select_row(row)
        qtbot.waitUntil(lambda: window.contact_panel.contact_id == contact_id, timeout=3000)
        settle(qtbot, window)
    assert seen == []
    customer = Contact.get_by_id(contact_id).customer_id
    assert window.card.customer_id == customer
    assert window.card.name_label.text() == (Customer.get_by_id(customer).name or "(no name)")
    assert window.contact_panel.claim_button.isEnabled()


def test_take_reply_and_status_read_nothing_on_the_ui_thread(qtbot, window: MainWindow) -> None:
    row, contact_id = _unassigned(window, 2)
    window.queue.select_row(row)
    qtbot.waitUntil(lambda: window.contact_panel.contact_id == contact_id, timeout=3000)
    settle(qtbot, window)
    with ui_statements(window) as seen:
        window.contacts.on_panel_claim_requested(contact_id)
        qtbot.waitUntil(
            lambda: (window.queue_model.row_data(row) or {}).get("assigned_to") == window.actor.id,
            timeout=3000,
        )
        settle(qtbot, window)
        window.contacts.on_panel_reply_requested(contact_id, "On its way.")
        settle(qtbot, window)
        window.contacts.on_panel_status_requested(contact_id, "waiting")
        qtbot.waitUntil(
            lambda: (window.queue_model.row_data(row) or {}).get("status") == "waiting",
            timeout=3000,
        )
        settle(qtbot, window)
    assert seen == []
    assert window.contact_panel.contact_id == contact_id
    assert window.contact_panel.status_combo.currentText() == "waiting"
    assert not window.contact_panel.claim_button.isEnabled()  # taken: by this agent


def test_poll_tick_after_an_outside_commit_reads_nothing_on_the_ui_thread(
    qtbot, window: MainWindow
) -> None:
    settle(qtbot, window)
    victim = window.queue_model.contact_id(1) or ""
    other = sqlite3.connect(str(window.app.workspace.database_path))
    other.execute("UPDATE contact SET subject = 'Changed elsewhere' WHERE id = ?", [victim])
    other.commit()
    other.close()
    with ui_statements(window) as seen:
        window.timers.on_poll_tick()
        qtbot.waitUntil(
            lambda: (window.queue_model.row_data(1) or {}).get("subject") == "Changed elsewhere",
            timeout=3000,
        )
        settle(qtbot, window)
    assert seen == []


def test_a_contact_read_for_an_older_selection_is_dropped(qtbot, window: MainWindow) -> None:
    settle(qtbot, window)
    first, second = window.queue_model.contact_id(3), window.queue_model.contact_id(5)
    assert first and second
    shown: list[str] = []
    original = window.contact_panel.show_contact

    def spy(contact: Any, *args: Any, **kwargs: Any) -> None:
        shown.append(contact["id"] if contact else "")
        original(contact, *args, **kwargs)

    window.contact_panel.show_contact = spy  # type: ignore[method-assign]  # a spy in its place
    window.queue.show_selected(first)
    window.queue.show_selected(second)
    # both are being read: the panel keeps what it showed, its actions off
    assert not window.contact_panel.reply_button.isEnabled()
    settle(qtbot, window)
    assert first not in shown and shown[-1] == second  # (a sweep may show it again)
    assert window.contact_panel.contact_id == second


def test_a_card_read_for_an_older_customer_is_dropped(qtbot, window: MainWindow) -> None:
    settle(qtbot, window)
    card = window.card
    a, b = (c.id for c in Customer.select().where(Customer.id != card.customer_id).limit(2))
    before = card.name_label.text()
    applied: list[str] = []
    original = card.apply_view

    def spy(view: Any, token: Any = None) -> bool:
        shown = original(view, token)
        if shown:
            applied.append(view.card.customer.id)
        return shown

    card.apply_view = spy  # type: ignore[method-assign]  # a spy in its place
    card.show_customer(a)
    card.show_customer(b)
    assert card.loading and card.customer_id == b
    assert card.name_label.text() == before  # the old card stays until the new one is read
    settle(qtbot, window)
    assert applied == [b]
    assert not card.loading and card.customer_id == b
    assert not card.loading_label.isVisible()
    assert card.name_label.text() == (Customer.get_by_id(b).name or "(no name)")


def test_history_pages_on_scroll_off_the_ui_thread(qtbot, window: MainWindow, monkeypatch) -> None:
    from desktop.card import card_view

    monkeypatch.setattr(HistoryModel, "PAGE", 3)
    settle(qtbot, window)
    busiest = window.app.db.execute_sql(
        "SELECT customer_id FROM event GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    view = card_view(window.app.db, busiest, window.app.clock.now(), history_limit=3)
    assert len(view.history) == 3 and view.history_has_more
    # a model of its own (no view asking for more): the pages come when asked
    model = HistoryModel(window.app.db, None, window.executor)
    model.set_customer(view.card.history_ids, first_page=view.history, has_more=True)
    assert model.rowCount() == 3 and model.canFetchMore()
    with ui_statements(window) as seen:
        model.fetchMore()
        assert not model.canFetchMore()  # one page at a time
        qtbot.waitUntil(lambda: model.rowCount() == 6, timeout=3000)
    assert seen == []
    ats = [(model.item(r) or {})["at_ms"] for r in range(6)]
    assert ats == sorted(ats, reverse=True)
    # a page read for the customer shown before is dropped
    model.fetchMore()
    model.set_customer([])
    settle(qtbot, window)
    assert model.rowCount() == 0


def test_the_card_shows_the_first_history_page_read_with_it(qtbot, window: MainWindow) -> None:
    settle(qtbot, window)
    customer = window.app.db.execute_sql(
        "SELECT customer_id FROM event GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    with ui_statements(window) as seen:
        window.card.show_customer(customer)
        settle(qtbot, window)
    assert seen == []
    model = window.card.history_model
    n = window.app.db.execute_sql(
        "SELECT count(*) FROM event WHERE customer_id = ?", [customer]
    ).fetchone()[0]
    assert model.rowCount() == min(n, HistoryModel.PAGE) > 0


def test_rows_a_repaint_lacks_are_read_off_the_ui_thread(qtbot, window: MainWindow) -> None:
    settle(qtbot, window)
    model = window.queue_model
    subject = [c[0] for c in COLUMNS].index("subject")
    with ui_statements(window) as seen:
        model.reconcile(model.filter, model.keys())  # changed elsewhere: no row cached
        assert model.index(0, subject).data() == "…"  # said while it is read
        qtbot.waitUntil(lambda: model.index(0, subject).data() != "…", timeout=3000)
        settle(qtbot, window)
    assert seen == []
    contact = Contact.get_by_id(model.contact_id(0))
    assert str(model.index(0, subject).data()).endswith(contact.subject or "")


def test_a_change_to_the_card_shown_keeps_its_history_in_place(qtbot, window: MainWindow) -> None:
    row, contact_id = _unassigned(window, 2)
    window.queue.select_row(row)
    qtbot.waitUntil(lambda: window.contact_panel.contact_id == contact_id, timeout=3000)
    settle(qtbot, window)
    history, view = window.card.history_model, window.card.history_view
    assert history.rowCount() >= 2
    view.selectRow(1)
    picked = (history.item(1) or {})["id"]
    resets: list[int] = []
    history.modelReset.connect(lambda: resets.append(1))
    window.contacts.on_panel_claim_requested(contact_id)
    qtbot.waitUntil(lambda: (history.item(0) or {}).get("kind") == "claim", timeout=3000)
    settle(qtbot, window)
    assert resets == []  # the new line was inserted at the top, nothing reset
    assert (history.item(view.currentIndex().row()) or {})["id"] == picked


def test_next_contact_brings_the_rows_it_jumps_to(qtbot, window: MainWindow) -> None:
    settle(qtbot, window)
    available = window.presence_combo.findData("available")
    window.presence_combo.setCurrentIndex(available)
    window.contacts.on_presence_activated(available)
    settle(qtbot, window)
    model = window.queue_model
    subject = [c[0] for c in COLUMNS].index("subject")
    model.reconcile(model.filter, model.keys())  # changed elsewhere: no row cached
    seen: list[Any] = []  # what the selected row says the moment it is selected
    window.queue_view.selectionModel().currentChanged.connect(
        lambda current, _previous: seen.append(model.index(current.row(), subject).data())
    )
    with ui_statements(window) as statements:
        window.contacts.on_next_triggered()
        qtbot.waitUntil(lambda: bool(seen), timeout=3000)
        settle(qtbot, window)
    assert statements == []
    taken = window.contact_panel.contact_id
    assert taken and Contact.get_by_id(taken).assigned_to_id == window.actor.id
    assert seen[0] != "…" and str(seen[0]).endswith(Contact.get_by_id(taken).subject or "")
