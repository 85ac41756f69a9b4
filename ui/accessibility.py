"""Names a screen reader can say, for every control a keyboard reaches.

Three layers, so that a new widget is named even when nobody thought of it:
1. ``WINDOW_NAMES``: the main window's controls, named and described on purpose;
2. every window and dialog calls ``name_from_labels(self)`` at the end of its build: a
   field is named after the label whose buddy it is (QFormLayout rows, "&Find" labels),
   else after its placeholder or tool tip (an application-wide event filter would do it
   for every dialog, at the cost of a Python call per Qt event);
3. drop-downs get a buddy label when they have none (hidden in the toolbar, where there
   is no room): on Linux Qt announces a combo box by its value and AT-SPI reads the
   label through the "labelled by" relation the buddy creates.
tests/ui/test_accessibility.py walks each window's focus chain and fails on a focusable
widget without a name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("Accessibility", text)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip().rstrip(":")


def window_names(w: MainWindow) -> list[tuple[QWidget, str, str]]:
    """(widget, name, description) for the main window's controls."""
    p, c = w.contact_panel, w.card
    items: list[tuple[QWidget, str, str]] = [
        (w.channel_filter, tr("Channel"), tr("Show the queue of one channel")),
        (w.skill_filter, tr("Skill"), tr("Show the queue of one skill")),
        (w.status_filter, tr("Status filter"), tr("Open and waiting, or one status")),
        (w.assignee_filter, tr("Assigned to"), tr("Anyone, mine or unassigned")),
        (w.search_box, tr("Search"), tr("Customers by name, email or phone, and messages")),
        (w.presence_combo, tr("Presence"), tr("Only available agents get contacts")),
        (w.queue_view, tr("Queue"), tr("Contacts waiting, oldest first")),
        (w.results_list, tr("Search results"), ""),
        (p.message_view, tr("Message"), tr("What the customer wrote")),
        (p.status_combo, tr("Status"), tr("Open, waiting on the customer, or resolved")),
        (p.template_combo, tr("Template"), tr("Inserted at the cursor")),
        (p.composer, tr("Reply"), tr("Ctrl+Enter sends; Ctrl+Shift+Enter keeps it as a note")),
        (p.follow_title, tr("Follow-up title"), ""),
        (p.follow_due, tr("Follow-up due"), tr("When the follow-up is due")),
        (c.tabs, tr("Customer card"), tr("History, purchases, invoices, follow-ups")),
        (c.history_filter, tr("Show in the history"), ""),
        (c.history_view, tr("History"), tr("Everything with this customer, newest first")),
        (c.history_detail, tr("History item"), tr("The selected item in full")),
        (c.purchases_table, tr("Purchases"), ""),
        (c.invoices_table, tr("Invoices"), ""),
        (c.tasks_table, tr("Follow-ups"), ""),
    ]
    return items


def name_window(w: MainWindow) -> None:
    for widget, name, description in window_names(w):
        widget.setAccessibleName(name)
        if description:
            widget.setAccessibleDescription(description)
    name_from_labels(w)


def _buddies(root: QWidget) -> dict[QWidget, QLabel]:
    return {
        label.buddy(): label for label in root.findChildren(QLabel) if label.buddy() is not None
    }


def name_from_labels(root: QWidget) -> None:
    """Name what has no name after its buddy label, placeholder or tool tip; give a
    drop-down without a buddy a hidden one carrying its name."""
    buddies = _buddies(root)
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QAbstractSpinBox):
            continue  # the spin box's own editor: the spin box is what is announced
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox):
            continue
        if not widget.accessibleName():
            label = buddies.get(widget)
            name = _plain(label.text()) if label is not None else ""
            if not name and isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
                name = widget.placeholderText().strip()
            if not name and not isinstance(widget, QAbstractButton | QLabel):
                name = widget.toolTip().split("(")[0].strip()
            if name:
                widget.setAccessibleName(name)
        if (
            isinstance(widget, QComboBox)
            and widget.accessibleName()
            and widget not in buddies
            and widget.parentWidget() is not None
        ):
            hidden = QLabel(widget.accessibleName(), widget.parentWidget())
            hidden.setObjectName("AccessibleLabel")
            hidden.setBuddy(widget)
            hidden.hide()
            buddies[widget] = hidden
    # the editor inside a spin box or an editable drop-down takes the focus: same name
    for box in [*root.findChildren(QAbstractSpinBox), *root.findChildren(QComboBox)]:
        editor = box.findChild(QLineEdit)
        if editor is not None and box.accessibleName() and not editor.accessibleName():
            editor.setAccessibleName(box.accessibleName())
