"""The supervisor desk (issue 13): ``install_desk`` hooks it into the main window
(Ctrl+Shift+S); supervisors and admins open it, anyone else is told why not."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from desktop.app import Application
from desktop.supervisor import may_open
from ui.executor import DbExecutor
from ui.supervisor.view import SupervisorWindow

SHORTCUT = "Ctrl+Shift+S"


class _MessageBar(Protocol):
    def show_message(self, text: str, *, error: bool = False, seconds: int = 8) -> None: ...


class Host(Protocol):
    """What the desk needs of the main window."""

    app: Application
    executor: DbExecutor
    changes_applied: SignalInstance
    message_bar: _MessageBar

    def addAction(self, action: QAction) -> None: ...


def install_desk(window: QWidget) -> QAction:
    """Add the desk's action (and shortcut) to the window; returns it."""
    action = QAction(QCoreApplication.translate("SupervisorWindow", "Supervisor desk"), window)
    action.setShortcut(QKeySequence(SHORTCUT))
    action.setObjectName("SupervisorDeskAction")
    action.triggered.connect(lambda: open_desk(window))
    window.addAction(action)
    return action


def open_desk(window: QWidget, *, wallboard: bool = False) -> SupervisorWindow | None:
    """Open (or raise) the desk for the window's signed-in agent; None when refused."""
    host: Host = window  # type: ignore[assignment]  # the main window (a QWidget) is the Host
    app = host.app
    actor = app.require_actor()
    refused = may_open(actor.role, app.workspace.kind)
    if refused is not None:
        host.message_bar.show_message(refused, error=True)
        return None
    desk: SupervisorWindow | None = getattr(window, "supervisor_desk", None)
    if desk is None:  # built once; closing hides it, so it opens again at once
        desk = SupervisorWindow(
            app,
            host.executor,
            lambda text: host.message_bar.show_message(text, error=True),
            parent=window,
        )
        host.changes_applied.connect(desk.on_changes_applied)
        desk.changes_made.connect(host.changes_applied.emit)
        window.supervisor_desk = desk  # type: ignore[attr-defined]  # built once, kept on the window
    desk.show()
    desk.raise_()
    desk.activateWindow()
    if wallboard and not desk.wallboard:
        desk.toggle_wallboard()
    return desk
