"""Search results an agent can use, templates by language and merging that asks
(issue 15, items 7-9), through the real window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop.ops import customers as customer_ops
from models.schema import Customer, MergeRecord, Template
from ui.main_window import MainWindow
from ui.merge_dialog import MergeDialog
from ui.search_results import ResultRole


def namesakes(window: MainWindow) -> tuple[str, str]:
    mut, actor = window.app.mutator, window.actor
    a = customer_ops.create_customer(
        mut, actor, name="Wen Horvat", identities=[("email", "wen@horvat.example")]
    )
    b = customer_ops.create_customer(
        mut, actor, name="Wen Horvat", identities=[("phone", "+4915112345678")]
    )
    return a, b


def test_search_results_tell_namesakes_apart_count_and_take_the_keys(
    qtbot, window: MainWindow
) -> None:
    namesakes(window)
    window.activateWindow()
    box = window.search_box
    box.setFocus()
    qtbot.keyClicks(box, "Wen Horvat")
    qtbot.waitUntil(lambda: window.left_stack.currentWidget() is window.results_list, timeout=3000)
    results = window.results_list
    lines = [results.item(r).text() for r in range(results.count())]
    assert lines[0] == "2 customers · 0 messages"
    assert "Customer: Wen Horvat · wen@horvat.example" in lines
    assert any(line.startswith("Customer: Wen Horvat · +49") for line in lines)
    # ↓ moves into the results, Enter opens the customer, Esc goes back to the box
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is results and results.currentRow() == 1
    qtbot.keyClick(results, Qt.Key.Key_Return)
    assert window.card.customer_id == results.currentItem().data(ResultRole)[1]
    qtbot.keyClick(results, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is box
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc in the box: back to the queue
    assert box.text() == "" and QApplication.focusWidget() is window.queue_view
    assert window.left_stack.currentWidget() is window.queue_view


def test_message_hits_name_their_customer_and_more_loads_more(qtbot, window: MainWindow) -> None:
    window.search_box.setText("order")
    window.search.run_search()
    results = window.results_list
    header = results.item(0).text()
    assert "messages" in header
    messages = [
        results.item(r)
        for r in range(results.count())
        if (results.item(r).data(ResultRole) or ("",))[0] == "message"
    ]
    assert messages
    first = messages[0]
    owner = Customer.get_by_id(first.data(ResultRole)[1]).name
    assert f"  {owner} — " in first.text()
    last = results.item(results.count() - 1)
    if last.data(ResultRole)[0] == "more":  # more than a page of hits
        before = results.count()
        results.itemActivated.emit(last)
        qtbot.waitUntil(lambda: results.count() > before, timeout=3000)


def test_enter_in_the_search_box_opens_the_first_hit(qtbot, window: MainWindow) -> None:
    a, _b = namesakes(window)
    window.activateWindow()
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "wen@horvat")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.card.customer_id == a


def test_templates_in_the_customers_language_are_offered_first(qtbot, window: MainWindow) -> None:
    contact_id = window.contact_panel.contact_id
    assert contact_id is not None
    from models.schema import Contact

    customer = Contact.get_by_id(contact_id).customer
    assert customer is not None
    Template.create(name="Danke", language="de", body="Danke!", purpose="reply", channel="")
    Template.create(name="Aaa thanks", language="en", body="Thanks!", purpose="reply", channel="")
    for locale, first in (("de-DE", "(de)"), ("en", "(en)")):
        Customer.update(locale=locale).where(Customer.id == customer.id).execute()
        window.queue.show_contact(contact_id)
        window.queue.show_selected(contact_id)
        qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)
        combo = window.contact_panel.template_combo
        assert combo.itemText(1).endswith(first), (locale, combo.itemText(1))


def test_merging_asks_with_the_evidence_and_is_undone_in_place(qtbot, window: MainWindow) -> None:
    a, b = namesakes(window)
    window.card.show_customer(a)
    qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)
    window.card.merge_requested.emit(a, b, ["same name"])
    dialog = window.merge_dialog
    assert isinstance(dialog, MergeDialog) and dialog.isVisible()
    assert "same name" in dialog.evidence_label.text()
    assert "wen@horvat.example" in dialog.survivor_label.text()
    assert "+49" in dialog.duplicate_label.text()
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.isDefault()  # Enter does not merge
    cancel.click()
    assert not MergeRecord.select().exists()
    window.card.merge_requested.emit(a, b, ["same name"])
    assert window.merge_dialog is not None
    window.merge_dialog.merge_button.click()
    qtbot.waitUntil(lambda: Customer.get_by_id(b).merged_into == a, timeout=3000)
    qtbot.waitUntil(window.message_bar.isVisible, timeout=3000)
    assert window.card.customer_id == a  # the card stays where the result is seen
    assert "Merged Wen Horvat into Wen Horvat" in window.message_bar.text()
    window.message_bar.undo()
    qtbot.waitUntil(lambda: Customer.get_by_id(b).merged_into is None, timeout=3000)


def test_typing_searches_off_the_ui_thread_and_drops_stale_answers(
    qtbot, window: MainWindow
) -> None:
    namesakes(window)
    results = window.search.results
    shown: list[str] = []
    results.shown.connect(lambda: shown.append(window.results_list.item(0).text()))
    results.start("order")  # runs on the database thread
    assert results.searching
    results.start("Wen Hor")  # waits for it; replaced by the next one, never run
    results.start("Wen Horvat")
    qtbot.waitUntil(lambda: not results.searching and bool(shown), timeout=5000)
    # the answer for "order" arrived while the box wanted another text: dropped
    assert shown == ["2 customers · 0 messages"]
    results.start("order")
    results.cancel()  # the box was emptied meanwhile
    qtbot.waitUntil(lambda: not results.searching, timeout=5000)
    assert shown == ["2 customers · 0 messages"]
