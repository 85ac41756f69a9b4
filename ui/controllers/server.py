"""The server: the status bar's Server button (sync now, sign in, sign out), the sync
status, and working as the server's account once signed in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu, QToolButton

from desktop import reads
from models.base import parse_iso
from ui.controllers.attachments import AttachmentFetch
from ui.controllers.base import Controller
from ui.formatting import when
from ui.i18n import role_label
from ui.sync_status import SyncController
from ui.widgets import named

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.sign_in import SignInDialog


class ServerController(Controller):
    def __init__(self, win: MainWindow, sync: SyncController) -> None:
        super().__init__(win)
        self.sync = sync
        self.sign_in_dialog: SignInDialog | None = None
        sync.status_changed.connect(self.show_sync_status)

    def wire(self) -> None:
        """The sync's signals, the Server button; starts syncing when signed in."""
        w, sync = self.win, self.sync
        sync.refused.connect(lambda text: w.message_bar.show_message(text, error=True, seconds=30))
        sync.synced.connect(lambda _c: self.act_as_signed_in())
        sync.synced.connect(lambda _c: w.teams.refresh())  # teams added or removed
        sync.synced.connect(w.queue.on_changes_applied)
        w.changes_applied.connect(lambda _c: sync.soon())
        # teammates' attachments: fetched off the window's thread, small ones after a pull
        self.attachments = AttachmentFetch(w, sync)
        self.add_server_button()
        if SyncController.configured():
            w.sync_label.setText(self.tr("○ connecting…"))
            sync.start()
            self.update_as_of()

    def add_server_button(self) -> None:
        self.server_button = named(QToolButton(), "ServerButton")
        self.server_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.server_button.setAutoRaise(True)
        menu = QMenu(self.server_button)
        self.sync_now_action = menu.addAction(self.tr("Sync now"))
        self.sync_now_action.triggered.connect(self.sync_now)
        self.sign_in_action = menu.addAction(self.tr("Sign in to a server…"))
        self.sign_in_action.triggered.connect(self.open_sign_in)
        self.sign_out_action = menu.addAction(self.tr("Sign out"))
        self.sign_out_action.triggered.connect(self.sign_out)
        self.server_button.setMenu(menu)
        self.win.statusBar().addPermanentWidget(self.server_button)
        self.update_server_button()

    def update_server_button(self) -> None:
        signed = SyncController.configured()
        self.server_button.setText(self.tr("Server ▾") if signed else self.tr("Sign in…"))
        self.sync_now_action.setEnabled(signed)
        self.sign_out_action.setEnabled(signed)
        self.win.sync_label.setToolTip(
            self.tr("Syncs in the background; click Server to sync now or sign out")
            if signed
            else self.tr("Not connected: work stays on this computer until you sign in to a server")
        )

    def show_sync_status(self, text: str) -> None:
        self.win.sync_label.setText(text)
        self.win.as_of_label.hide()  # the sync status carries the time the data is as of
        self.update_server_button()
        self.update_as_of()

    def sync_now(self) -> None:
        self.sync.sync_now()

    def open_sign_in(self) -> None:
        from desktop.sync.account import signed_in
        from ui.sign_in import SignInDialog

        w = self.win
        server, login = signed_in() or ("", w.actor.login)
        dialog = SignInDialog(self.sync.sign_in, server, login, w)
        self.sign_in_dialog = dialog

        def accepted() -> None:
            from desktop.sync.account import describe_teams

            account = dialog.account
            if account is not None:
                w.message_bar.show_message(
                    self.tr("Signed in as {display_name} ({teams}); syncing…").format(
                        display_name=account.display_name, teams=describe_teams(account)
                    ),
                    seconds=10,
                )
            self.update_server_button()

        dialog.accepted.connect(accepted)
        dialog.open()

    def sign_out(self) -> None:
        def done(login: str | None) -> None:
            self.update_server_button()
            self.server_button.setText(self.tr("Sign in…"))
            if login:
                self.win.message_bar.show_message(
                    self.tr(
                        "Signed {login} out; your pending changes are kept for the next sign-in."
                    ).format(login=login),
                    seconds=10,
                )

        self.sync.sign_out(done)

    def act_as_signed_in(self) -> None:
        """After signing in, work as the server's account once its agent row has arrived."""
        from desktop.sync.account import signed_in

        w = self.win
        current = signed_in()
        if current is None or current[1] == w.actor.login:
            return
        if reads.agent_by_login(current[1]) is None:
            return
        w.actor = w.app.sign_in(current[1])
        w.contact_panel.set_actor(w.actor)
        w.assignee_filter.setItemData(1, w.actor.id)
        w.agent_label.setText(f" {w.actor.display_name} · {role_label(w.actor.role)} ")
        w.update_title()
        w.admin.refresh_entry()

    def update_as_of(self) -> None:
        """In a synced workspace the data is the team's as of the last successful sync."""
        last = reads.meta("sync_last")
        if last:
            offline = self.sync.online is False
            at = when(parse_iso(last))
            self.win.queue_title.setText(
                self.tr("Queue · team data as of {when}").format(when=at)
                + (self.tr(" (offline)") if offline else "")
            )
        else:
            self.win.queue_title.setText(self.tr("Queue"))
