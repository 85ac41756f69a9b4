"""The main toolbar at narrow widths (issue 15: German at 1366 px, several teams at 1280).

QToolBar hides what does not fit behind its » extension, from the end: the agent's name
first, then buttons. The brand and the agent's name are in the title bar too, so they
leave the toolbar as soon as it is too narrow, before any control would go behind ».
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar


class ToolbarFit(QObject):
    """Keeps ``spare`` actions of ``toolbar`` shown only while everything fits."""

    def __init__(self, toolbar: QToolBar, spare: list[QAction]) -> None:
        super().__init__(toolbar)
        self.toolbar = toolbar
        self.spare = spare
        toolbar.installEventFilter(self)

    def fit(self) -> None:
        for action in self.spare:
            action.setVisible(True)
        if self.toolbar.sizeHint().width() > self.toolbar.width():
            for action in self.spare:
                action.setVisible(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.toolbar and event.type() == QEvent.Type.Resize:
            self.fit()
        return False
