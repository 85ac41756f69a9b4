"""Every control a keyboard reaches has a name a screen reader can say (issue 15, item 12).

Walks the real focus chain of each window and dialog and asks Qt's accessibility layer
(what AT-SPI / UI Automation read) for each focusable widget's name.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QComboBox, QWidget

from ui.main_window import MainWindow


def focus_chain(root: QWidget) -> list[QWidget]:
    chain: list[QWidget] = []
    widget = root.nextInFocusChain()
    while widget is not None and widget is not root and len(chain) < 2000:
        if (
            root.isAncestorOf(widget)
            and widget.isVisibleTo(root)
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def spoken_name(widget: QWidget) -> str:
    """What a screen reader says; for a drop-down (whose name on Linux is its value) the
    accessible name given to it."""
    if isinstance(widget, QComboBox):
        return widget.accessibleName()
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def unnamed(root: QWidget) -> list[str]:
    return [
        f"{type(w).__name__} {w.objectName() or '(no object name)'}"
        for w in focus_chain(root)
        if not spoken_name(w)
    ]


def test_every_focusable_widget_of_the_main_window_has_a_name(window: MainWindow) -> None:
    chain = focus_chain(window)
    assert len(chain) > 25
    assert unnamed(window) == []


def labelled_by(widget: QWidget) -> list[str]:
    iface = QAccessible.queryAccessibleInterface(widget)
    return [
        other.text(QAccessible.Text.Name)
        for other, _rel in iface.relations(QAccessible.RelationFlag.Label)
    ]


def test_drop_downs_are_announced_by_their_label_not_their_value(window: MainWindow) -> None:
    """On Linux Qt gives a combo box its value as the name; AT-SPI then reads the label
    through the "labelled by" relation of a buddy label. Both must say what it is."""
    for combo in window.findChildren(QComboBox):
        if combo.isVisibleTo(window):
            values = {combo.itemText(i) for i in range(combo.count())}
            assert combo.accessibleName() and combo.accessibleName() not in values, combo
            assert labelled_by(combo) and labelled_by(combo)[0] not in values, combo
    assert window.presence_combo.accessibleName() == "Presence"
    assert labelled_by(window.contact_panel.status_combo) == ["Status"]


def test_every_dialog_names_its_controls(qtbot, window: MainWindow) -> None:
    from models.schema import Customer
    from ui.app import FirstAgentDialog
    from ui.contact_panel import CallLogDialog
    from ui.customer_dialogs import EditCustomerDialog, UnknownCallerDialog
    from ui.merge_dialog import MergeDialog
    from ui.shortcuts_dialog import ShortcutsDialog
    from ui.sign_in import SignInDialog

    customer = window.card.customer_id
    assert customer
    for dialog in (
        ShortcutsDialog(window),
        CallLogDialog(window),
        MergeDialog(customer, customer, ["same name"], 0.4, window),
        EditCustomerDialog(Customer.get_by_id(customer), window),
        UnknownCallerDialog(window.app.db, "+15550001", "+1 555 0001", "", window),
        SignInDialog(lambda *a: None, "", "ben", window),
        FirstAgentDialog(lambda login, name: None),
    ):
        qtbot.addWidget(dialog)
        dialog.show()
        assert focus_chain(dialog), type(dialog).__name__
        assert unnamed(dialog) == [], type(dialog).__name__
        dialog.close()
