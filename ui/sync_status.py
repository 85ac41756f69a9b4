"""Background sync for the window: timer-driven with backoff, on its own thread, and a
status line (online/offline, pending changes, last sync, refused actions).

While signed in, the server's event stream (desktop/sync/stream.py, a coroutine on the
window's qasync loop, ui/aio.py) pokes when the team's change log moved: the window pulls
at once, unless its last pull already reached the heads the poke names (its own push
pokes it too). Without the stream (an older server, a proxy that drops it) the 15-second
timer goes on as before.

The sync cycle itself stays on its own database thread (``DbExecutor``): it interleaves
HTTP with SQLite transactions on that thread's connection, used by the CLI and the tests
as one synchronous call; as a coroutine it would need an async transport and every
database step handed to the thread and back, for no gain the window would feel."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from desktop import reads
from desktop.app import Application
from desktop.changes import Changes
from desktop.errors import UserFacingError
from desktop.sync.account import Account, sign_in, sign_out
from desktop.sync.backoff import Backoff
from desktop.sync.client import SyncClient, SyncReport, SyncUnavailable, load_token
from desktop.sync.stream import EventStream, Heads, behind, merged
from desktop.sync.transport import NETWORK_CAUSES
from models.base import parse_iso
from ui.aio import ui_loop
from ui.executor import DbExecutor
from ui.formatting import when
from ui.i18n import user_text

log = logging.getLogger("lastmile.ui.sync")


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("SyncStatus", text, None, n)


def network_words(error: SyncUnavailable) -> str:
    """Why the server is out of reach, in the user's language (the causes' English lives
    in desktop/sync/transport.NETWORK_CAUSES; their German in the catalogue, context
    "Network")."""
    return QCoreApplication.translate("Network", NETWORK_CAUSES.get(error.cause, ""))


INTERVAL_S = 15.0
MAX_BACKOFF_S = 300.0
MAX_TYPED_CONTACTS = 500  # a bigger pull re-reads the queue off the UI thread instead


class SyncController(QObject):
    status_changed = Signal(str)
    synced = Signal(object)  # Changes
    refused = Signal(str)

    def __init__(
        self,
        app: Application,
        parent: QObject | None = None,
        loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.loop = loop or ui_loop()  # the event stream's (the window's qasync loop)
        self.executor = DbExecutor(app.db, self)  # its own thread: HTTP never blocks edits
        self.executor.on_unexpected = lambda e: log.error("sync failed: %s", e)
        self.backoff = Backoff(interval=INTERVAL_S, maximum=MAX_BACKOFF_S)
        self._delay = int(INTERVAL_S * 1000)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.sync_now)
        self.online: bool | None = None
        self._quarantined = 0  # pulled changes this desktop could not apply
        self._unreachable: SyncUnavailable | None = None  # the last network failure
        self.stream: EventStream | None = None
        self.live = False  # the event stream is connected
        self._again = False  # a poke came during a cycle: pull again when it ends
        self._wanted: Heads | None = {}  # the heads those pokes named (None: unknown)
        self.pokes = self.pokes_skipped = 0  # pokes, and those the last pull had covered

    @staticmethod
    def configured() -> bool:
        return bool(reads.meta("server_url")) and bool(reads.meta("sync_login"))

    def start(self) -> None:
        self._timer.start(500)
        self.start_stream()

    def start_stream(self) -> None:
        """Listen to the server's pokes (restarted on every sign-in)."""
        self.stop_stream()
        server, login = reads.meta("server_url"), reads.meta("sync_login")
        if not server or not login:
            return

        def token() -> str | None:
            return load_token(server, login)

        self.stream = EventStream(
            server, token, self.pull_now, self._on_stream_state, kind=reads.meta("kind") or "live"
        )
        self.stream.start(self.loop)

    def stop_stream(self) -> None:
        if self.stream is not None:
            self.stream.stop()
            self.stream = None
        self.live = False

    def pull_now(self, heads: Heads | None = None) -> None:
        """The server says the team's change log moved (to ``heads``): sync now, or right
        after the cycle under way, unless the last pull already reached those heads."""
        self.pokes += 1
        if not behind(heads):
            self.pokes_skipped += 1
            return
        if self.executor.busy:
            self._wanted = merged(self._wanted, heads) if self._again else heads
            self._again = True
        else:
            self.sync_now()

    def _on_stream_state(self, up: bool) -> None:
        if up != self.live:
            self.live = up
            if self.online:
                self._publish()

    def sign_in(
        self,
        server: str,
        login: str,
        password: str,
        done: Callable[[Account], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Sign in on the sync thread (never blocks the window), then start syncing."""
        app = self.app

        def started(account: Account) -> None:
            self.backoff.succeeded()
            self.online = None
            done(account)
            self.status_changed.emit(tr("○ connecting…"))
            self._timer.start(0)
            self.start_stream()

        self.executor.run(lambda: sign_in(app, server, login, password), started, failed)

    def sign_out(self, done: Callable[[str | None], None]) -> None:
        self._timer.stop()
        self.stop_stream()
        app = self.app

        def finished(login: str | None) -> None:
            self.online = False
            self.status_changed.emit(tr("signed out · changes are kept for the next sign-in"))
            done(login)

        self.executor.run(lambda: sign_out(app), finished, finished_with_error(finished))

    def stop(self) -> None:
        self._timer.stop()
        self.stop_stream()
        self.executor.shutdown()

    def soon(self) -> None:
        """Push shortly after a local change."""
        if self.online is not False and self._timer.remainingTime() > 1500:
            self._timer.start(1000)

    def sync_now(self) -> None:
        if self.executor.busy:
            return
        app = self.app

        def cycle() -> SyncReport:
            client = SyncClient(app)
            try:
                return client.sync_once()
            finally:
                client.close()

        self.executor.run(cycle, self._on_done, self._on_failed)

    def _on_done(self, report: SyncReport) -> None:
        self.online = True
        self._unreachable = None
        self._delay = int(self.backoff.succeeded() * 1000)
        for notice in [*report.rejected, *report.notices]:
            self.refused.emit(notice)
        if report.pulled or report.rejected:
            self.synced.emit(self.shown(report.changes))
        self._quarantined = report.quarantined
        self._publish()
        # a poke during the cycle: pull again only if this pull did not reach its heads
        # (the poke of our own push usually did not need one)
        again = self._again and behind(self._wanted)
        if self._again and not again:
            self.pokes_skipped += 1
        self._timer.start(0 if again else self._delay)
        self._again, self._wanted = False, {}

    @staticmethod
    def shown(changes: Changes) -> Changes:
        """What the window is told a pull changed: the rows it names (a colleague's reply
        updates its row, and the card when the card shows its customer), or, for a big
        pull or one that moved the whole queue (rules, merges, erasures), a re-read of the
        queue off the UI thread and the card."""
        if changes.external or len(changes.contacts) > MAX_TYPED_CONTACTS:
            return Changes(
                customers=changes.customers,
                tasks=changes.tasks,
                agents=changes.agents,
                queue=True,
                external=True,
            )
        return changes

    def _on_failed(self, error: BaseException) -> None:
        self.online = False
        if isinstance(error, SyncUnavailable):
            self._delay = int(self.backoff.failed() * 1000)
            self._unreachable = error if error.where else None
        else:  # signed out, update needed, refused by the server: say so, retry rarely
            self._delay = int(self.backoff.refused() * 1000)
            self.refused.emit(user_text(error))
        self._publish(user_text(error) if isinstance(error, UserFacingError) else "")
        self._again, self._wanted = False, {}
        self._timer.start(self._delay)

    def _publish(self, problem: str = "") -> None:
        pending = reads.pending_intents()
        last = reads.meta("sync_last")
        as_of = (
            tr("as of {when}").format(when=when(self._parse(last))) if last else tr("never synced")
        )
        if self.online:
            text = tr("● online · %n pending · {as_of}", pending).format(as_of=as_of)
            if self.live:
                text += tr(" · live")
            if self._quarantined:
                text += tr(
                    " · ⚠ %n server change(s) held back (see sync status)", self._quarantined
                )
        elif self._unreachable is not None:
            text = tr(
                "○ Server not reachable at {where} ({why}) — working offline; will retry in"
                " {seconds} s · %n pending · {as_of}",
                pending,
            ).format(
                where=self._unreachable.where,
                why=network_words(self._unreachable),
                seconds=self._delay // 1000,
                as_of=as_of,
            )
        else:
            text = tr("○ offline, retrying in {seconds} s · %n pending · {as_of}", pending).format(
                seconds=self._delay // 1000, as_of=as_of
            )
        self.status_changed.emit(text)
        if problem:
            log.info("sync: %s", problem)

    @staticmethod
    def _parse(value: str) -> datetime:
        return parse_iso(value)


def finished_with_error(finished: Callable[[str | None], None]) -> Callable[[BaseException], None]:
    def on_error(error: BaseException) -> None:
        log.warning("sign-out: %s", error)
        finished(None)

    return on_error


def notices() -> list[dict[str, str]]:
    return list(json.loads(reads.meta("sync_notices") or "[]"))
