"""Actions on the selected contact, Next contact and the agent's presence."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop import reads
from desktop.changes import Changes
from desktop.channels.smtp import can_send
from desktop.ops import agents as agent_ops
from desktop.ops import contacts as contact_ops
from desktop.ops import tasks as task_ops
from desktop.routing import take_next
from ui.controllers.base import Controller
from ui.formatting import when
from ui.i18n import presence_label, user_text
from ui.queue_model import STATUS_LABELS
from ui.queue_reads import rows_from

# Next contact's result: the contact taken (None: nothing for you), its changes, and the
# display rows where the window jumps to
_Taken = tuple[str | None, Changes, dict[str, dict[str, Any]]]


def _status(status: str) -> str:
    """A status as the queue says it ("resolved" → "erledigt")."""
    return QCoreApplication.translate("QueueModel", STATUS_LABELS.get(status, status))


class ContactActions(Controller):
    def on_panel_claim_requested(self, contact_id: str) -> None:
        mut, actor = self.win.app.mutator, self.win.actor
        self.win.run_op(lambda: contact_ops.claim(mut, actor, contact_id), self.tr("Taken."))

    def on_panel_release_requested(self, contact_id: str) -> None:
        mut, actor = self.win.app.mutator, self.win.actor
        self.win.run_op(
            lambda: contact_ops.release(mut, actor, contact_id), self.tr("Handed back.")
        )

    def on_panel_status_requested(self, contact_id: str, status: str) -> None:
        w = self.win
        mut, actor, rules = w.app.mutator, w.actor, w.app.rules
        was: dict[str, str] = {}  # the status and subject before, read with the change

        def change() -> Changes:
            contact = reads.contact(contact_id)
            if contact is not None:
                was.update(status=contact.status, subject=contact.subject or "contact")
            return contact_ops.set_status(mut, actor, contact_id, status, rules)

        def offer_undo(_changes: Changes) -> None:
            # resolving takes the contact out of the queue: a slip is undone in place
            before = was.get("status")
            if status == "resolved" and before and before != "resolved":
                w.message_bar.show_undo(
                    self.tr("Resolved “{subject}”: it left the queue.").format(
                        subject=was["subject"]
                    ),
                    lambda: w.run_op(
                        lambda: contact_ops.set_status(mut, actor, contact_id, before, rules),
                        self.tr("Status back to {status}.").format(status=_status(before)),
                    ),
                )

        done = self.tr("Status set to {status}.").format(status=_status(status))
        w.run_op(change, done, then=offer_undo)

    def on_panel_reply_requested(self, contact_id: str, body: str) -> None:
        w = self.win
        mut, actor = w.app.mutator, w.actor
        w.contact_panel.clear_draft()
        training = w.app.is_training
        said: dict[str, str] = {}

        def send() -> Changes:
            changes = contact_ops.reply(mut, actor, contact_id, body)
            # how it goes out (the mailboxes, the server) is read here, not on the UI thread
            said["sent"] = (
                self.tr("Reply kept in the practice outbox (training).")
                if training
                else self.tr("Reply queued: {how}.").format(how=user_text(can_send()))
            )
            return changes

        w.run_op(send, then=lambda _c: w.statusBar().showMessage(said["sent"], 5000))
        if w.mail is not None:
            w.mail.poke()

    def on_panel_note_requested(self, contact_id: str, body: str) -> None:
        mut, actor = self.win.app.mutator, self.win.actor
        self.win.contact_panel.clear_draft()
        self.win.run_op(
            lambda: contact_ops.add_note(mut, actor, contact_id, body), self.tr("Note added.")
        )

    def on_panel_call_log_requested(self, contact_id: str, values: dict[str, Any]) -> None:
        mut, actor = self.win.app.mutator, self.win.actor
        self.win.run_op(
            lambda: contact_ops.log_call(mut, actor, contact_id, **values), self.tr("Call logged.")
        )

    def on_panel_follow_up_requested(self, contact_id: str, title: str, due: datetime) -> None:
        mut, actor, team = self.win.app.mutator, self.win.actor, self.win.teams.for_new_rows()
        self.win.run_op(
            lambda: task_ops.create_task(  # (about a contact: in the contact's team)
                mut, actor, title=title, due_at=due, contact_id=contact_id, team=team
            ),
            self.tr("Follow-up set for {when}.").format(when=when(due)),
        )

    def on_next_triggered(self) -> None:
        """Routing picks and claims the next contact for this agent's skills and capacity."""
        w = self.win
        if w.presence_combo.currentData() != "available":
            w.message_bar.show_message(
                self.tr("You are not available: set your presence to Available to get contacts.")
            )
            return
        mut, actor, rules = w.app.mutator, w.actor, w.app.rules
        db, model = w.app.db, w.queue_model
        flt, epoch = model.filter, model.epoch

        def take() -> _Taken:
            contact_id, changes = take_next(mut, actor, rules)
            # the window jumps to it: the rows there are read here too, so that the
            # screenful is painted once, not as "…" first (issue 14)
            rows = rows_from(db, flt, contact_id) if contact_id else {}
            return contact_id, changes, rows

        def taken(result: _Taken) -> None:
            contact_id, changes, rows = result
            if contact_id is None:
                w.message_bar.show_message(
                    self.tr("Nothing waiting for your skills right now (or your capacity is full).")
                )
                return
            if model.filter == flt:
                model.prime(rows, epoch)
            w.changes_applied.emit(changes)
            w.queue.show_contact(contact_id)
            w.contact_panel.composer.setFocus()  # typing can start while it is read

        w.executor.run(take, taken, lambda e: w.message_bar.show_message(user_text(e), error=True))

    def on_presence_activated(self, _index: int) -> None:
        state = self.win.presence_combo.currentData()
        mut, agent_id = self.win.app.mutator, self.win.actor.id
        done = self.tr("You are {presence}.").format(presence=presence_label(state).lower())
        self.win.run_op(lambda: agent_ops.set_presence(mut, agent_id, state), done)
