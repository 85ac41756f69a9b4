"""The real window, driven like an agent would drive it, for the crash campaign.

    python -m benchmarks.crash_driver --workspace WS [window options]

Starts the real window (``ui.main.main``: the same startup, event loop, sync controller,
backups and integrity check as ``lastmile``) and, once it is shown, works through the
open contacts with the real widgets: select the contact, *Take it*, type a note and click
*Add internal note*, type a reply and click *Send reply*, pick *waiting* in the status box,
*Set follow-up*. After each action whose operation returned and whose confirmation the
window showed (the status bar message of ``MainWindow.run_op``, then the window's own
``changes_applied`` handling), one JSON line goes to ``$LASTMILE_CRASH_ACK`` and is
fsync'ed: the list of what the user was told is done. ``crash_bench`` kills this process
with SIGKILL at random moments and checks that list against the database.

Nothing here is imported by the application: it wraps ``MainWindow.show`` in this process
only. ``$LASTMILE_CRASH_STATE`` (optional) gets a line ``sync+`` / ``sync-`` whenever the
window's sync cycle starts or ends, so that the campaign can tell a kill mid-sync.
``$LASTMILE_CRASH_QUIT_AFTER=N`` closes the window normally after N acknowledged actions.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from desktop.changes import Changes
from models.schema import Contact
from ui import main_window

STEPS = ("take", "note", "status", "reply", "follow_up")  # a reply itself sets waiting
EXPECTED = {  # what the status bar says when the operation returned
    "take": "Taken.",
    "note": "Note added.",
    "reply": "Reply queued",
    "status": "Status set to waiting.",
    "follow_up": "Follow-up set for",
}
TIMEOUT_MS = 15_000
SHOW_TIMEOUT_S = 10.0  # a contact selected shows within this (else it is gone)


class Driver(QObject):
    def __init__(self, window: main_window.MainWindow) -> None:
        super().__init__(window)
        self.window = window
        # both files stay open for the life of the process (it is killed, never closed)
        self.ack = open(os.environ["LASTMILE_CRASH_ACK"], "a", encoding="utf-8")  # noqa: SIM115
        state = os.environ.get("LASTMILE_CRASH_STATE")
        self.state = open(state, "a", encoding="utf-8") if state else None  # noqa: SIM115 - as above
        self.quit_after = int(os.environ.get("LASTMILE_CRASH_QUIT_AFTER", "0") or 0)
        self.run = uuid.uuid4().hex[:8]
        self.acked = 0
        self.contacts: list[str] = [
            str(c.id)
            for c in Contact.select(Contact.id)
            .where(Contact.assigned_to.is_null() & (Contact.status == "open"))
            .order_by(Contact.received_at, Contact.id)
            .limit(400)
        ]
        self.step = 0
        self.expect: dict[str, Any] | None = None
        self.timeout = QTimer(self)
        self.timeout.setSingleShot(True)
        self.timeout.timeout.connect(self.on_timeout)
        window.changes_applied.connect(self.on_applied)
        self._syncing = False
        if window.sync is not None and self.state is not None:
            watch = QTimer(self)
            watch.timeout.connect(self.watch_sync)
            watch.start(5)
        self.write({"ready": True, "run": self.run, "contacts": len(self.contacts)})
        QTimer.singleShot(0, self.next)

    def write(self, entry: dict[str, Any]) -> None:
        self.ack.write(json.dumps(entry) + "\n")
        self.ack.flush()
        os.fsync(self.ack.fileno())

    def watch_sync(self) -> None:
        assert self.window.sync is not None and self.state is not None
        busy = self.window.sync.executor.busy
        if busy != self._syncing:
            self._syncing = busy
            self.state.write("sync+\n" if busy else "sync-\n")
            self.state.flush()

    def next(self) -> None:
        if not self.contacts:
            self.write({"done": True})
            return
        contact_id = self.contacts[0]
        window, panel = self.window, self.window.contact_panel
        if panel.contact_id != contact_id:
            # the contact is read on the database thread and shown when it arrives
            window.queue.show_contact(contact_id)
            self.wait_shown(contact_id, time.monotonic() + SHOW_TIMEOUT_S)
            return
        self.act(contact_id)

    def wait_shown(self, contact_id: str, deadline: float) -> None:
        if self.window.contact_panel.contact_id == contact_id:
            self.act(contact_id)
        elif time.monotonic() > deadline:  # not there any more
            self.advance(whole_contact=True)
            QTimer.singleShot(0, self.next)
        else:
            QTimer.singleShot(20, lambda: self.wait_shown(contact_id, deadline))

    def act(self, contact_id: str) -> None:
        kind = STEPS[self.step]
        panel = self.window.contact_panel
        token = f"{kind}-{self.run}-{len(self.contacts)}-{uuid.uuid4().hex[:10]}"
        entry: dict[str, Any] = {"kind": kind, "contact": contact_id, "token": token}
        self.expect = entry
        self.timeout.start(TIMEOUT_MS)
        if kind == "take":
            if not panel.claim_button.isEnabled():
                self.expect = None
                self.advance(whole_contact=True)
                QTimer.singleShot(0, self.next)
                return
            panel.claim_button.click()
        elif kind in ("note", "reply"):
            entry["body"] = f"{kind} {token}"
            panel.composer.setPlainText(entry["body"])
            (panel.note_button if kind == "note" else panel.reply_button).click()
        elif kind == "status":
            panel.status_combo.setCurrentText("waiting")
            panel.status_combo.activated.emit(panel.status_combo.currentIndex())
        else:
            entry["title"] = f"Call back {token}"
            panel.follow_title.setText(entry["title"])
            panel.follow_button.click()

    def on_applied(self, _changes: Changes) -> None:
        entry = self.expect
        if entry is None:
            return
        shown = self.window.statusBar().currentMessage()
        if not shown.startswith(EXPECTED[entry["kind"]]):
            return
        self.expect = None
        self.timeout.stop()
        self.write({**entry, "acked_at": time.time()})
        self.acked += 1
        self.advance()
        if self.quit_after and self.acked >= self.quit_after:
            self.window.close()
            app = QApplication.instance()
            if app is not None:
                app.quit()
            return
        QTimer.singleShot(0, self.next)

    def on_timeout(self) -> None:
        if self.expect is not None:
            self.write({"timeout": self.expect, "message": self.window.message_bar.text()})
            self.expect = None
        self.advance(whole_contact=True)
        self.next()

    def advance(self, whole_contact: bool = False) -> None:
        self.step += 1
        if whole_contact or self.step == len(STEPS):
            self.step = 0
            self.contacts.pop(0)


def install() -> None:
    shown = main_window.MainWindow.show

    def show(self: main_window.MainWindow) -> None:
        shown(self)
        if getattr(self, "_crash_driver", None) is None:
            self._crash_driver = Driver(self)  # type: ignore[attr-defined]  # kept on the window

    # the crash run's window starts its driver when shown (patched in this process only)
    main_window.MainWindow.show = show  # type: ignore[method-assign,assignment]


if __name__ == "__main__":
    install()
    from ui.main import main

    sys.exit(main(sys.argv[1:]))
