"""A wrong address on a card: a small remove action per identity, asked first (issue 16)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from models.schema import Customer, Identity
from ui.main_window import MainWindow


def _customer_with_two_identities() -> tuple[str, list[Identity]]:
    for customer in Customer.select().order_by(Customer.name):
        identities = list(Identity.select().where(Identity.customer == customer.id))
        if len(identities) >= 2:
            return customer.id, identities
    raise AssertionError("the seed has customers with an e-mail and a phone")


def test_removing_an_identity_asks_first_and_the_card_follows(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    customer_id, identities = _customer_with_two_identities()
    window.card.show_customer(customer_id)
    qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)
    label = window.card.identities_label
    for ident in identities:
        assert f'href="remove:{ident.id}"' in label.text()
    wrong = identities[0]
    asked: list[str] = []

    def answer(no_or_yes: QMessageBox.StandardButton):
        def question(_parent, _title, text, *_a, **_k):
            asked.append(text)
            return no_or_yes

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    label.linkActivated.emit(f"remove:{wrong.id}")
    qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)
    assert asked and "Remove" in asked[0]
    assert Identity.get_or_none(Identity.id == wrong.id) is not None  # "No" keeps it

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    label.linkActivated.emit(f"remove:{wrong.id}")
    qtbot.waitUntil(lambda: Identity.get_or_none(Identity.id == wrong.id) is None, timeout=5000)
    qtbot.waitUntil(lambda: f"remove:{wrong.id}" not in label.text(), timeout=5000)
    left = list(Identity.select().where(Identity.customer == customer_id))
    assert [i.id for i in left] == [i.id for i in identities[1:]]
    if len(left) == 1:  # the last way to reach the customer has no remove action
        assert f"remove:{left[0].id}" not in label.text()
