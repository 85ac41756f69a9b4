"""Incoming calls from the telephony bridge: the caller's card, or who is this?"""

from __future__ import annotations

import html
import time
from typing import Any

from desktop import reads
from desktop.callpop import identify_caller
from desktop.changes import Changes
from desktop.ops import customers as customer_ops
from ui.controllers.base import Controller
from ui.customer_dialogs import UnknownCallerDialog


class CallPopController(Controller):
    unknown_caller_dialog: UnknownCallerDialog | None = None

    def on_ipc_message(self, message: dict[str, Any]) -> dict[str, Any]:
        w = self.win
        if message.get("type") != "call":
            return {"ok": False, "error": f"unknown message type {message.get('type')!r}"}
        started = time.perf_counter()
        caller = identify_caller(str(message.get("from", "")))
        line = str(message.get("to") or "")
        w.raise_()
        w.activateWindow()
        if caller.known and caller.customer_id:
            w.left_stack.setCurrentWidget(w.queue_view)
            self.follow_customer(caller.customer_id, caller.name)
            where = f" on {line}" if line else ""
            w.message_bar.show_message(
                self.tr("☎ Incoming call{where} from {name} ({display})").format(
                    where=where, name=caller.name, display=caller.display
                ),
                seconds=30,
            )
            return {
                "ok": True,
                "customer_id": caller.customer_id,
                "shown_ms": round((time.perf_counter() - started) * 1000, 1),
            }
        dialog = UnknownCallerDialog(w.app.db, caller.number, caller.display, line, w)
        dialog.new_customer_requested.connect(self.on_unknown_caller_new)
        dialog.existing_customer_chosen.connect(self.on_unknown_caller_existing)
        dialog.setModal(False)
        dialog.show()
        self.unknown_caller_dialog = dialog
        return {
            "ok": True,
            "customer_id": None,
            "unknown": True,
            "shown_ms": round((time.perf_counter() - started) * 1000, 1),
        }

    def follow_customer(self, customer_id: str, name: str) -> None:
        """The card shows this customer; what the contact panel acts on must belong to
        them too: their newest open contact is selected, or the panel is emptied with a
        line saying why (a reply must never go to the previous caller's contact)."""
        w = self.win
        w.card.show_customer(customer_id)
        current = w.contact_panel.contact_id
        newest = reads.newest_open_contact(customer_id, unless=current)
        if current and newest == current:
            return
        row = w.queue_model.row_of(newest) if newest is not None else -1
        if row >= 0:
            w.queue.select_row(row)
            return
        # no current row either: a row update that restores the current row (or a read of
        # the previous selection still on its way) must not bring the last caller back
        w.queue_view.clearSelection()
        w.queue_view.selectionModel().clearCurrentIndex()
        w.queue.show_selected(None)
        w.queue.hold_empty = True  # no refresh selects the first row behind the caller's card
        w.contact_panel.subject_label.setText(
            self.tr(
                "No open contact of {name} is selected: the card shows them; log the "
                "call from their card or pick one of their contacts"
            ).format(name=html.escape(name or self.tr("this caller")))
        )

    def on_unknown_caller_new(self, number: str, name: str) -> None:
        w = self.win
        mut, actor, team = w.app.mutator, w.actor, w.teams.for_new_rows()

        def create() -> Changes:
            customer_id = customer_ops.create_customer(
                mut, actor, name=name or number, identities=[("phone", number)], team=team
            )
            return Changes(customers={customer_id})

        def done(changes: Changes) -> None:
            w.card.show_customer(next(iter(changes.customers)))

        w.executor.run(create, done, lambda e: w.message_bar.show_message(str(e), error=True))

    def on_unknown_caller_existing(self, number: str, customer_id: str) -> None:
        w = self.win
        mut, actor = w.app.mutator, w.actor
        w.executor.run(
            lambda: customer_ops.add_identity(mut, actor, customer_id, "phone", number),
            lambda _c: w.card.show_customer(customer_id),
            lambda e: w.message_bar.show_message(str(e), error=True),
        )
