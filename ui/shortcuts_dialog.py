"""F1 / Ctrl+/: every shortcut of the window, from the same table as the menu bar."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.accessibility import name_from_labels
from ui.menus import ACTIONS, plain, shortcut_text

EXTRA = (  # keys that belong to a widget rather than to a menu action
    ("Everywhere", "Move to the next / previous control", "Tab, Shift+Tab"),
    ("Queue", "Move between contacts", "↑ ↓, Page Up/Down"),
    ("Queue and history", "Context menu of the row", "Menu key, Shift+F10"),
    ("Search box", "Move into the results / open one / back to the queue", "↓, Enter, Esc"),
)


def tr(text: str) -> str:
    return QCoreApplication.translate("ShortcutsDialog", text)


class ShortcutsDialog(QDialog):
    """A filterable list: where, what, keys."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ShortcutsDialog")
        self.setWindowTitle(tr("Keyboard shortcuts"))
        self.resize(620, 560)
        layout = QVBoxLayout(self)
        label = QLabel(tr("&Find a shortcut"))
        self.filter = QLineEdit()
        self.filter.setObjectName("ShortcutFilter")
        self.filter.setAccessibleName(tr("Find a shortcut"))
        self.filter.setPlaceholderText(tr("Type part of an action or a key"))
        self.filter.setClearButtonEnabled(True)
        label.setBuddy(self.filter)
        layout.addWidget(label)
        layout.addWidget(self.filter)
        rows = [
            (
                plain(QCoreApplication.translate("Menus", s.menu)),
                plain(QCoreApplication.translate("Menus", s.text)).rstrip("…"),
                shortcut_text(s),
            )
            for s in ACTIONS
            if s.shortcuts
        ]
        rows += [(tr(a), tr(b), c) for a, b, c in EXTRA]
        self.table = QTableWidget(len(rows), 3)
        self.table.setObjectName("ShortcutTable")
        self.table.setAccessibleName(tr("Shortcuts"))
        self.table.setHorizontalHeaderLabels([tr("Menu"), tr("Action"), tr("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        for r, values in enumerate(rows):
            for c, text in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self.on_filter_text_changed)
        name_from_labels(self)  # a screen reader can say every field

    def on_filter_text_changed(self, text: str) -> None:
        needle = text.strip().casefold()
        for r in range(self.table.rowCount()):
            cells = [self.table.item(r, c) for c in range(3)]
            hay = " ".join(c.text() for c in cells if c is not None).casefold()
            self.table.setRowHidden(r, bool(needle) and needle not in hay)

    def visible_rows(self) -> list[str]:
        return [
            item.text()
            for r in range(self.table.rowCount())
            if not self.table.isRowHidden(r) and (item := self.table.item(r, 1))
        ]
