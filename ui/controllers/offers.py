"""Routing offers: while Offers is ticked, the routed next contact is offered every 3 s."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from desktop.reads import queue_rows
from desktop.routing import load_profile, route_next
from ui.controllers.base import Controller
from ui.offer import OfferDialog

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class OfferController(Controller):
    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.offer_timer = QTimer(self)
        self.offer_timer.setInterval(3000)
        self.offer_timer.timeout.connect(self.make_offer)
        self.offer_dialog: OfferDialog | None = None
        self._declined: dict[str, float] = {}

    def on_offers_toggled(self, on: bool) -> None:
        if on:
            self.offer_timer.start()
            self.make_offer()
        else:
            self.offer_timer.stop()

    def make_offer(self) -> None:
        """Offer the routed next contact, unless one is already on screen."""
        w = self.win
        if self.offer_dialog is not None or w.presence_combo.currentData() != "available":
            return
        now = time.monotonic()
        self._declined = {k: t for k, t in self._declined.items() if now - t < 120}
        profile = load_profile(w.app.db, w.actor.id)
        contact_id = route_next(
            w.app.db,
            profile,
            w.app.rules,
            w.app.clock.now(),
            exclude=tuple(self._declined),
        )
        if contact_id is None:
            return
        row = queue_rows(w.app.db, [contact_id]).get(contact_id)
        if row is None:
            return
        dialog = OfferDialog(row, w.app.rules.offer_timeout_seconds, w)
        dialog.accepted_offer.connect(self.on_offer_accepted)
        dialog.declined_offer.connect(lambda cid: self._declined.__setitem__(cid, now))
        dialog.expired_offer.connect(self.on_offer_expired)
        dialog.finished.connect(lambda _r: setattr(self, "offer_dialog", None))
        self.offer_dialog = dialog
        dialog.show()
        w.tray.notify_offer(row)

    def on_offer_accepted(self, contact_id: str) -> None:
        self.win.contacts.on_panel_claim_requested(contact_id)
        self.win.queue.show_contact(contact_id)

    def on_offer_expired(self, contact_id: str) -> None:
        """Not answered in time: back to the queue, and the agent is marked not responding."""
        w = self.win
        self._declined[contact_id] = time.monotonic()
        w.presence_combo.setCurrentIndex(w.presence_combo.findData("away"))
        w.contacts.on_presence_activated(w.presence_combo.currentIndex())
        w.message_bar.show_message(
            self.tr(
                "You did not answer an offer in time: your presence is now Away (not responding). "
                "Set Available to get contacts again."
            ),
            seconds=60,
        )

    def stop(self) -> None:
        self.offer_timer.stop()
