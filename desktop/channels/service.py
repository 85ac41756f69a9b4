"""The mail connectors of a desktop alone, in background threads: one per mailbox
(fetch, then IMAP IDLE or a poll, reconnecting with backoff; a failing mailbox never
blocks the others) and one sender. Used by the window and by ``lastmile mail run``.

No Qt: the window learns of new contacts as of any other writer's commit (it watches
the database's data_version).
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable

from desktop.app import Application
from desktop.channels import imap, smtp, webhook
from desktop.channels import mailbox as boxes
from desktop.training.guard import ensure_live
from models.imap import IDLE_S, POLL_S, Watch
from models.schema import Mailbox

log = logging.getLogger("lastmile.mail")

SEND_S = 15.0
RESCAN_S = 10.0  # mailboxes added or removed while running


class MailService:
    def __init__(
        self,
        app: Application,
        *,
        poll_s: float = POLL_S,
        idle_s: float = IDLE_S,
        send_s: float = SEND_S,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        ensure_live(app.workspace.kind, "fetch or send mail")
        self.app = app
        self.poll_s, self.idle_s, self.send_s = poll_s, idle_s, send_s
        self.on_change = on_change or (lambda: None)
        self._stop = threading.Event()
        self._send_now = threading.Event()
        self._threads: dict[str, threading.Thread] = {}
        self._open: set[Watch] = set()  # mailboxes in view, interrupted on stop (ends IDLE)
        self._sender = smtp.Sender(app.db, kind=app.workspace.kind)
        # SMS, chat and social replies leave by their integration's webhook, in the same loop
        self._gateway = webhook.GatewaySender(app.db, kind=app.workspace.kind)

    def start(self) -> None:
        self._spawn("sender", self._send_loop)
        self._spawn("mailboxes", self._watch_loop)

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._send_now.set()
        for watch in list(self._open):
            watch.interrupt()
        for thread in list(self._threads.values()):
            thread.join(timeout)

    def poke(self) -> None:
        """A reply was queued: send now rather than at the next round."""
        self._send_now.set()

    def _spawn(self, name: str, target: Callable[[], None]) -> None:
        thread = threading.Thread(
            target=self._guarded(name, target), name=f"mail-{name}", daemon=True
        )
        self._threads[name] = thread
        thread.start()

    def _guarded(self, name: str, target: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                target()
            except Exception:  # a bug: logged with its traceback, the rest goes on
                log.exception("mail %s stopped", name)
            finally:
                self.app.db.close()  # this thread's own connection

        return run

    def _watch_loop(self) -> None:
        while not self._stop.is_set():
            if boxes.runs_here():
                for box in Mailbox.select(Mailbox.name):
                    key = f"box:{box.name}"
                    if key not in self._threads or not self._threads[key].is_alive():
                        self._spawn(key, functools.partial(self._mailbox_loop, box.name))
            self.app.db.close()
            self._stop.wait(RESCAN_S)

    def _mailbox_loop(self, name: str) -> None:
        """The mailbox kept in view (models/imap.Watch: fetch, IDLE or poll, reconnect with
        backoff) until it is removed or a sync server takes over."""
        kind = self.app.workspace.kind

        def wanted() -> bool:
            return Mailbox.get_or_none(Mailbox.name == name) is not None and boxes.runs_here()

        def connect() -> imap.Session:
            box = boxes.get(name)
            return imap.connect(box, boxes.load_password(name), kind=kind)

        def take_in(connection: imap.Session) -> None:
            box = Mailbox.get_or_none(Mailbox.name == name)
            if box is None:
                return
            report = imap.fetch(connection, box, self.app.intake, now=self.app.clock.now())
            imap.record_fetch(report, now=self.app.clock.now())
            if report.new:
                log.info("mailbox %s: %d new", name, report.new)
                self.on_change()
                self._send_now.set()  # their acknowledgements

        def record(error: str, _mode: str, delay: float) -> None:
            if error:
                imap.record_state(
                    name,
                    ok=False,
                    error=f"{error} (retrying in {delay:.0f} s)",
                    now=self.app.clock.now(),
                )

        watch = Watch(
            name,
            connect=connect,
            take_in=take_in,
            record=record,
            stop=self._stop,
            wanted=wanted,
            poll_s=self.poll_s,
            idle_s=self.idle_s,
            after_round=self.app.db.close,
        )
        self._open.add(watch)
        try:
            watch.run()
        finally:
            self._open.discard(watch)

    def _send_loop(self) -> None:
        recovered = self._sender.recover(self.app.clock.now())
        if recovered:
            log.warning("%d message(s) were interrupted while sending", recovered)
        while not self._stop.is_set():
            report = self._sender.send_due(self.app.clock.now())
            posted = self._gateway.send_due(self.app.clock.now())
            if any((r.sent or r.failed or r.retrying) for r in (report, posted)):
                self.on_change()
            self.app.db.close()
            self._send_now.wait(self.send_s)
            self._send_now.clear()
