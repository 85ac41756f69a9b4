"""The admin entry: Admin… in the status bar and Ctrl+Shift+A, for admins and supervisors."""

from __future__ import annotations

from desktop.changes import Changes
from desktop.permissions import may_administer
from ui.admin.base import AdminContext
from ui.admin.dialog import AdminDialog
from ui.controllers.base import Controller


class AdminController(Controller):
    dialog: AdminDialog | None = None

    def available(self) -> bool:
        """Admins and supervisors, in a live workspace (a practice window has none)."""
        return may_administer(self.win.actor.role) and not self.win.app.is_training

    def refresh_entry(self) -> None:
        """Show the entry to those who may use it (again after signing in as another)."""
        on = self.available()
        self.win.admin_button.setVisible(on)
        self.win.admin_action.setEnabled(on)

    def open_admin(self) -> None:
        w = self.win
        if not self.available():
            return
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        self.dialog = AdminDialog(AdminContext(w.app, w.executor, w.actor), w)
        self.dialog.changes_applied.connect(self.on_saved)
        self.dialog.show()

    def on_saved(self, changes: Changes) -> None:
        self.win.queue.refresh_skill_filter()
        self.win.changes_applied.emit(changes)
