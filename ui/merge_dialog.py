"""Merging two customers asks first, with the evidence, and can be undone in place.

A 40 % "same name" suggestion used to merge on one click and the card jumped away, so
neither the result nor the way back was seen. Now a dialog shows both customers side by
side (identities, contacts, since when) and why they look alike; Cancel is the default.
After the merge the card stays on the survivor and the message bar offers Undo.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop import reads
from desktop.changes import Changes
from desktop.ops import customers as customer_ops
from ui.accessibility import name_from_labels
from ui.formatting import month

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("MergeDialog", text)


def describe(customer_id: str) -> str:
    """Name, identities, how many contacts and since when, as rich text."""
    summary = reads.customer_summary(customer_id)
    if summary is None:
        return tr("(unknown customer)")
    customer, idents, contacts = summary
    lines = [
        f"<b>{html.escape(customer.name or tr('(no name)'))}</b>",
        html.escape(", ".join(idents) or tr("no email or phone")),
        html.escape(
            tr("{n} contacts · customer since {since}").format(
                n=contacts, since=month(customer.created_at)
            )
        ),
    ]
    return "<br>".join(lines)


class MergeDialog(QDialog):
    """'Merge B into A?' with both customers and the evidence; Cancel by default."""

    def __init__(
        self,
        survivor: str,
        duplicate: str,
        evidence: list[str],
        confidence: float | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MergeDialog")
        self.setWindowTitle(tr("Merge two customers?"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        self.survivor_label = QLabel(tr("This card:") + "<br>" + describe(survivor))
        self.duplicate_label = QLabel(tr("Merged into it:") + "<br>" + describe(duplicate))
        why = "; ".join(evidence) or tr("chosen by hand")
        sure = tr(" (confidence {p:.0%})").format(p=confidence) if confidence is not None else ""
        self.evidence_label = QLabel(
            html.escape(tr("Why they look like one person: {why}{sure}").format(why=why, sure=sure))
        )
        self.note_label = QLabel(
            tr(
                "The card will show both histories. Nothing is moved or "
                "deleted: “split back” on the card (or Undo) separates "
                "them again."
            )
        )
        for label in (
            self.survivor_label,
            self.duplicate_label,
            self.evidence_label,
            self.note_label,
        ):
            label.setWordWrap(True)
            layout.addWidget(label)
        if confidence is not None and confidence < 0.6:
            self.evidence_label.setStyleSheet("color: #9A6700")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton(
            tr("Merge"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.merge_button.setAccessibleName(tr("Merge the two customers"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        cancel.setFocus()
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        name_from_labels(self)  # a screen reader can say every field


def ask_and_merge(
    window: MainWindow, survivor: str, duplicate: str, evidence: list[str], confidence: float | None
) -> MergeDialog:
    """Open the question; on Merge, merge, keep the card on the survivor, offer Undo."""
    dialog = MergeDialog(survivor, duplicate, evidence, confidence, window)
    mut, actor = window.app.mutator, window.actor
    merged: dict[str, str] = {}
    names = reads.customer_names([survivor, duplicate])

    def merge() -> Changes:
        merge_id, changes = customer_ops.merge(mut, actor, survivor, duplicate, evidence=evidence)
        merged["id"] = merge_id
        return changes

    def done(_changes: Changes) -> None:
        window.card.show_customer(survivor)
        window.message_bar.show_undo(
            tr("Merged {dup} into {name}: the card shows both histories.").format(
                dup=names.get(duplicate, "?"), name=names.get(survivor, "?")
            ),
            lambda: window.customers.on_card_unmerge_requested(merged["id"]),
            seconds=30,
        )

    dialog.accepted.connect(lambda: window.run_op(merge, "", then=done))
    window.merge_dialog = dialog
    dialog.open()
    return dialog
