"""Offers: routing pushes the next contact to an available agent, who accepts in time or is
marked not responding and the contact goes back to the queue."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ui.accessibility import name_from_labels
from ui.icons import channel_label


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Offer", text, None, n)


class OfferDialog(QDialog):
    accepted_offer = Signal(str)
    declined_offer = Signal(str)
    expired_offer = Signal(str)

    def __init__(
        self, row: dict[str, object], timeout_seconds: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("OfferDialog")
        self.setWindowTitle(tr("New contact for you"))
        self.contact_id = str(row["id"])
        self._left = timeout_seconds
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                tr("<b>{channel}</b> from <b>{customer}</b><br>{subject}").format(
                    channel=html.escape(channel_label(str(row["channel"]))),
                    customer=html.escape(str(row["customer_name"] or tr("unknown"))),
                    subject=html.escape(str(row["subject"] or row["preview"] or "")),
                )
            )
        )
        self.countdown = QLabel()
        layout.addWidget(self.countdown)
        buttons = QDialogButtonBox()
        self.take_button = buttons.addButton(tr("Take it"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("Not now"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.on_take)
        buttons.rejected.connect(self.on_decline)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.on_tick)
        self._timer.start()
        self._update()
        name_from_labels(self)  # a screen reader can say every field

    def _update(self) -> None:
        self.countdown.setText(tr("Returns to the queue in {left} s").format(left=self._left))

    def on_tick(self) -> None:
        self._left -= 1
        self._update()
        if self._left <= 0:
            self._timer.stop()
            self.expired_offer.emit(self.contact_id)
            self.reject()

    def on_take(self) -> None:
        self._timer.stop()
        self.accepted_offer.emit(self.contact_id)
        self.accept()

    def on_decline(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.declined_offer.emit(self.contact_id)
        self.reject()
