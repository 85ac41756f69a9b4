"""Actions on the customer card: edit, merge and split back, invoices, follow-ups."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog

from desktop import reads
from desktop.changes import Changes
from desktop.mutator import Mutator
from desktop.ops import Actor
from desktop.ops import customers as customer_ops
from desktop.ops import invoices as invoice_ops
from desktop.ops import tasks as task_ops
from ui.controllers.base import Controller
from ui.customer_dialogs import EditCustomerDialog
from ui.merge_dialog import ask_and_merge


class CustomerActions(Controller):
    def on_card_task_done_requested(self, task_id: str) -> None:
        mut, actor = self.win.app.mutator, self.win.actor
        self.win.run_op(
            lambda: task_ops.complete_task(mut, actor, task_id), self.tr("Follow-up done.")
        )

    def on_card_task_delete_requested(self, task_id: str) -> None:
        mut, actor = self.win.app.mutator, self.win.actor
        self.win.run_op(
            lambda: task_ops.delete_task(mut, actor, task_id), self.tr("Follow-up deleted.")
        )

    def on_card_invoice_action_requested(self, action: str, invoice_id: str) -> None:
        mut, actor = self.win.app.mutator, self.win.actor
        operations: dict[str, Callable[[Mutator, Actor, str], Changes]] = {
            "send": lambda m, a, i: invoice_ops.send(m, a, i),
            "remind": lambda m, a, i: invoice_ops.remind(m, a, i),
            "escalate": lambda m, a, i: invoice_ops.escalate(m, a, i),
        }
        messages = {
            "send": "Invoice sent.",
            "remind": "Reminder sent.",
            "escalate": "Invoice handed to collections.",
        }
        self.win.run_op(lambda: operations[action](mut, actor, invoice_id), messages[action])

    def on_card_edit_requested(self, customer_id: str) -> None:
        customer = reads.customer(customer_id)
        if customer is None:
            return
        dialog = EditCustomerDialog(customer, self.win)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values, identity = dialog.values(), dialog.identity()
        mut, actor = self.win.app.mutator, self.win.actor

        def save() -> Changes:
            changes = customer_ops.update_customer(mut, actor, customer_id, values)
            if identity is not None:
                changes.merge(customer_ops.add_identity(mut, actor, customer_id, *identity))
            return changes

        self.win.run_op(save, self.tr("Customer saved."))

    def on_card_remove_identity_requested(self, identity_id: str) -> None:
        mut, actor = self.win.app.mutator, self.win.actor
        self.win.run_op(
            lambda: customer_ops.remove_identity(mut, actor, identity_id),
            self.tr("Removed from the card."),
        )

    def on_card_merge_requested(self, survivor: str, duplicate: str, evidence: list[str]) -> None:
        # asks with the evidence first, then offers Undo in place (ui/merge_dialog.py)
        ask_and_merge(
            self.win, survivor, duplicate, evidence, self.win.card.confidence_of(duplicate)
        )

    def on_card_unmerge_requested(self, merge_id: str) -> None:
        mut, actor = self.win.app.mutator, self.win.actor
        self.win.run_op(lambda: customer_ops.unmerge(mut, actor, merge_id), self.tr("Split back."))

    def on_card_dismiss_suggestion_requested(self, suggestion_id: str) -> None:
        mut, actor, card = self.win.app.mutator, self.win.actor, self.win.card
        self.win.run_op(
            lambda: customer_ops.dismiss_suggestion(mut, actor, suggestion_id).merge(
                Changes(customers={card.customer_id or ""})
            )
        )
