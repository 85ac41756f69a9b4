"""The window's clocks and the background services of a live workspace.

- every 30 s the queue's countdowns tick;
- every 2 s the database's data_version is read: another process (an import, a second
  window, the mail fetcher) committed, so the window shows it;
- every 60 s (and once at start) the rules sweep: SLA warnings/breaches and invoice
  reminders, off the UI thread;
- in a live workspace: scheduled backups and the integrity check at opening.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from desktop import reads
from desktop.automation import minute_sweep
from desktop.backup import BackupService
from desktop.changes import Changes
from desktop.ops import tasks as task_ops
from ui.controllers.base import Controller
from ui.formatting import when
from ui.integrity import FullIntegrityCheck, IntegrityCheck

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger("lastmile.ui")


class Timers(Controller):
    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.data_version = self.read_data_version()
        self.clock_timer = QTimer(self)
        self.clock_timer.setInterval(30_000)
        self.clock_timer.timeout.connect(self.on_clock_tick)
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(2_000)
        self.poll_timer.timeout.connect(self.on_poll_tick)
        self.sweep_timer = QTimer(self)
        self.sweep_timer.setInterval(60_000)
        self.sweep_timer.timeout.connect(self.run_sweep)
        self.backups: BackupService | None = None
        self.integrity: IntegrityCheck | None = None
        self.full_check: FullIntegrityCheck | None = None

    def start(self) -> None:
        self.sweep_timer.start()
        QTimer.singleShot(0, self.run_sweep)
        self.clock_timer.start()
        self.poll_timer.start()

    def start_services(self) -> None:
        """Backups on their schedule and the integrity check (live workspaces only)."""
        app = self.win.app
        self.backups = BackupService(
            app.workspace, every_hours=app.rules.backup_every_hours, keep=app.rules.backup_keep
        )
        self.backups.start()
        self.integrity = IntegrityCheck(app.workspace.database_path, self.win)
        self.integrity.finished.connect(self.on_integrity_finished)
        self.integrity.start()
        # the full check, once a day, when no operation waits on the database
        self.full_check = FullIntegrityCheck(
            app.workspace.database_path, app.workspace.log_dir / "integrity-check.json", self.win
        )
        self.full_check.finished.connect(self.on_integrity_finished)
        self.full_check.start(lambda: self.win.executor.busy)

    def stop(self) -> None:
        if self.backups is not None:
            self.backups.stop()
        if self.full_check is not None:
            self.full_check.stop()
        self.clock_timer.stop()
        self.poll_timer.stop()
        self.sweep_timer.stop()

    def on_clock_tick(self) -> None:
        w = self.win
        w.queue_model.refresh_clocks()
        w.card.refresh_clocks()
        w.as_of_label.setText(self.tr("as of {when}").format(when=when(w.app.clock.now())))

    def read_data_version(self) -> int:
        return int(self.win.app.db.execute_sql("PRAGMA data_version").fetchone()[0])

    def note_data_version(self) -> None:
        """The window has shown what is committed now: poll from here."""
        self.data_version = self.read_data_version()

    def on_poll_tick(self) -> None:
        """Another process (an import, a second window) committed: show it."""
        w = self.win
        version = self.read_data_version()
        if version != self.data_version and not w.executor.busy:
            self.data_version = version
            w.queue.on_changes_applied(Changes(queue=True, external=True))
            w.queue.refresh_counts()
            if w.mail is not None:
                w.executor.run(reads.mailboxes, w.mail.show)

    def run_sweep(self) -> None:
        """SLA warnings/breaches, overdue tasks, contacts assigned by a supervisor and invoice
        reminders, once a minute, off the UI thread."""
        app = self.win.app
        db, clock, rules, mutator = app.db, app.clock, app.rules, app.mutator

        def sweep() -> None:
            if not minute_sweep(db, now=clock.now(), rules=rules):
                return  # the database stayed busy (an import beside): next minute
            task_ops.run_rules(mutator, rules)  # reminders are synced: the server keeps them too

        self.win.executor.run(sweep, lambda _r: self.win.attention.refresh_attention())

    def on_integrity_finished(self, result: str) -> None:
        if result == "ok":
            return
        log.error("workspace database damaged: %s", result)
        self.win.message_bar.show_message(
            self.tr(
                "The workspace database is damaged ({value}). Close Lastmile and "
                "restore the latest backup: lastmile restore --latest --workspace "
                "{root}"
            ).format(value=result[:200], root=self.win.app.workspace.root),
            error=True,
            seconds=3600,
        )
