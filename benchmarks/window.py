"""What the window does, timed where the user feels it: the UI thread.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.window --workdir /work/bench-1m \
        [--label before] [--out benchmarks/results/window.json] [--depth 50000]

Opens the real main window (offscreen) on a seeded workspace (seed it with
``python -m benchmarks.scale --workdir DIR`` or ``lastmile seed``), runs a 10 ms heartbeat
QTimer on the UI thread and performs each action of issue 14 the way the window does it:
select a contact, Next contact, take, reply, note, status, a filter change, resetting all
filters, search, scrolling to row 50,000, the common actions again with 50,000 rows loaded,
an outside commit seen by the poll tick, a sync pull arriving, the biggest customer's card.

Per action it records

- ``max_gap_ms``: the largest pause between two heartbeats minus the 10 ms period, i.e.
  the longest the UI thread could not paint or take input (the figure the target is on);
- ``ui_cpu_ms``: CPU time of the UI thread from the action until everything it started
  (work on the database thread included) came back and was shown;
- ``worker_ms``: time spent on the database thread for the action;
- ``wall_ms``: from the action to the last result shown;
- ``raw_ms``: the bare query time of the same action in plain sqlite3 on the same file
  (the SQL the action needs, hand-written), and ``ratio`` = max_gap / raw.

The workspace is written to (claims, replies, notes): use a copy you do not mind changing.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from desktop.app import Application
from desktop.workspace import Workspace
from models.base import to_ms

PERIOD_MS = 10


class Heartbeat:
    """A 10 ms timer on the UI thread; the gaps between its ticks are the stalls."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(PERIOD_MS)
        self.clock = QElapsedTimer()
        self.last = 0.0
        self.gaps: list[float] = []
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.clock.start()
        self.last = self.clock.nsecsElapsed() / 1e6
        self.timer.start()

    def reset(self) -> None:
        self.gaps = []
        self.last = self.clock.nsecsElapsed() / 1e6

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed() / 1e6
        self.gaps.append(now - self.last)
        self.last = now

    def close_window(self) -> float:
        """The largest gap so far, including the one still open now."""
        now = self.clock.nsecsElapsed() / 1e6
        return max([*self.gaps, now - self.last])


class Bench:
    def __init__(self, qt: QApplication, window: Any, executor: Any, raw: sqlite3.Connection):
        self.qt = qt
        self.window = window
        self.executor = executor
        self.raw = raw
        self.heart = Heartbeat()
        self.results: list[dict[str, Any]] = []
        self.worker_ms = 0.0
        # the other database threads settle() waits for (the sync client's, when signed in)
        self.other_executors: Callable[[], list[Any]] = list
        self.profile = False
        self.profiles: dict[str, str] = {}
        original = executor.run

        def timed_run(fn: Callable[[], Any], ok: Any = None, failed: Any = None) -> None:
            def wrapped() -> Any:
                started = time.perf_counter()
                try:
                    return fn()
                finally:
                    self.worker_ms += (time.perf_counter() - started) * 1000

            original(wrapped, ok, failed)

        executor.run = timed_run  # the window calls it through the attribute

    def pump(self, ms: float) -> None:
        """Run the window's event loop for ``ms`` (blocked in Qt's own wait, as the app is
        when idle; processEvents in a sleep loop cost the UI thread ~30 us per ms by
        itself, which was counted into every action's UI CPU in proportion to its wall
        time)."""
        loop = QEventLoop()
        QTimer.singleShot(max(1, round(ms)), loop.quit)
        loop.exec()

    def settle(self, quiet_ms: float = 250, limit_s: float = 30) -> None:
        """Until the database thread is idle and nothing came back for ``quiet_ms``."""
        end = time.perf_counter() + limit_s
        self.pump(20)
        while time.perf_counter() < end:
            busy = self.executor.busy or any(
                getattr(e, "busy", False) for e in self.other_executors()
            )
            if not busy:
                self.pump(quiet_ms)
                if not self.executor.busy:
                    return
            self.pump(5)

    def action(
        self,
        name: str,
        do: Callable[[], Any],
        raw: Callable[[], Any] | None = None,
        quiet_ms: float = 250,
        note: str = "",
    ) -> dict[str, Any]:
        self.settle()
        self.worker_ms = 0.0
        self.heart.reset()
        profiler = cProfile.Profile(time.thread_time) if self.profile else None
        if profiler is not None:
            profiler.enable()
        cpu0, wall0 = time.thread_time(), time.perf_counter()
        do()
        sync_ms = (time.perf_counter() - wall0) * 1000
        self.settle(quiet_ms)
        if profiler is not None:
            profiler.disable()
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(40)
            self.profiles[name] = text.getvalue()
        gap = self.heart.close_window()
        cpu = (time.thread_time() - cpu0) * 1000
        wall = (time.perf_counter() - wall0) * 1000 - quiet_ms
        raw_ms = timed_raw(raw) if raw is not None else None
        max_gap = max(0.0, gap - PERIOD_MS)
        out = {
            "action": name,
            "max_gap_ms": round(max_gap, 1),
            "sync_call_ms": round(sync_ms, 1),
            "ui_cpu_ms": round(cpu, 1),
            "worker_ms": round(self.worker_ms, 1),
            "wall_ms": round(wall, 1),
            "raw_ms": raw_ms,
            "ratio": round(max_gap / raw_ms, 1) if raw_ms else None,
            "rows_loaded": self.window.queue_model.rowCount(),
        }
        if note:
            out["note"] = note
        self.results.append(out)
        print(
            f"{name:<40} gap {max_gap:7.1f} ms  ui-cpu {cpu:7.1f}  worker "
            f"{self.worker_ms:7.1f}  wall {wall:7.1f}  raw {raw_ms if raw_ms is not None else '-'}"
            f"  rows {out['rows_loaded']}",
            flush=True,
        )
        return out


class Window:
    """The window's actions by name, on the window or on the controller that has them
    (the window was split into controllers; older checkouts have them on the window)."""

    def __init__(self, window: Any) -> None:
        self._w = window

    def __getattr__(self, name: str) -> Any:
        if hasattr(self._w, name):
            return getattr(self._w, name)
        for part in ("queue", "contacts", "timers", "customers", "search"):
            owner = getattr(self._w, part, None)
            if owner is not None and hasattr(owner, name):
                return getattr(owner, name)
        raise AttributeError(name)


def timed_raw(fn: Callable[[], Any], repeat: int = 5) -> float:
    fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workdir", default="/work/bench-1m")
    parser.add_argument("--label", default="run")
    parser.add_argument("--depth", type=int, default=50_000)
    parser.add_argument("--login", default="ben")
    parser.add_argument("--out", default="benchmarks/results/window.json")
    parser.add_argument(
        "--session",
        type=int,
        default=0,
        help="then ROUNDS of an hour's work compressed (scroll deeper, cards, history pages, "
        "outside commits, pulls), with the resident memory after each round",
    )
    parser.add_argument(
        "--profile", help="write each action's UI-thread CPU profile (cProfile) to this file"
    )
    parser.add_argument(
        "--only",
        choices=("all", "common"),
        default="all",
        help="common: only the baseline and the common actions on the first page (a short run)",
    )
    args = parser.parse_args(argv)

    root = Path(args.workdir)
    qt = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qt, QApplication)
    app = Application.open(Workspace(root))
    from ui.app import build_window

    raw = sqlite3.connect(str(app.workspace.database_path))
    raw.execute("PRAGMA busy_timeout = 5000")
    started = time.perf_counter()
    window, executor = build_window(app, args.login)
    window.resize(1440, 900)
    window.show()
    bench = Bench(qt, window, executor, raw)
    bench.profile = bool(args.profile)
    if window.sync is not None:
        sync = window.sync
        bench.other_executors = lambda: [sync.executor]
    bench.pump(200)
    open_ms = (time.perf_counter() - started) * 1000
    print(f"window open in {open_ms:.0f} ms", flush=True)
    bench.heart.start()
    w, model = Window(window), window.queue_model
    now_ms = to_ms(app.clock.now())

    # the agent is available (Next contact routes only then)
    available = w.presence_combo.findData("available")
    w.presence_combo.setCurrentIndex(available)
    w.on_presence_activated(available)
    bench.settle()

    def raw_select(cid: str) -> Callable[[], None]:
        def run() -> None:
            row = raw.execute("SELECT customer_id FROM contact WHERE id = ?", [cid]).fetchone()
            raw.execute("SELECT * FROM customer WHERE id = ?", [row[0]]).fetchall()
            raw.execute("SELECT * FROM identity WHERE customer_id = ?", [row[0]]).fetchall()
            raw.execute(
                "SELECT * FROM event WHERE customer_id = ? ORDER BY at DESC, seq DESC LIMIT 100",
                [row[0]],
            ).fetchall()
            raw.execute(
                "SELECT body FROM event WHERE contact_id = ? AND kind = 'inbound' "
                "ORDER BY at LIMIT 1",
                [cid],
            ).fetchall()

        return run

    def unassigned_row(start: int = 0) -> tuple[int, str]:
        for row in range(start, model.rowCount()):
            data = model.row_data(row)
            if data and data["assigned_to"] is None and data["status"] == "open":
                return row, data["id"]
        return start, model.contact_id(start) or ""

    def write_raw(sql: str, params: list[Any]) -> Callable[[], None]:
        def run() -> None:
            raw.execute("BEGIN IMMEDIATE")
            raw.execute(sql, params)
            raw.execute("ROLLBACK")

        return run

    def common(suffix: str) -> None:
        row, cid = unassigned_row(
            min(10, model.rowCount() - 1) if not suffix else max(0, model.rowCount() - 300)
        )
        bench.action(f"select a contact{suffix}", lambda: w.select_row(row), raw_select(cid))
        bench.action(
            f"take{suffix}",
            lambda: w.on_panel_claim_requested(cid),
            write_raw("UPDATE contact SET assigned_to_id = ? WHERE id = ?", [w.actor.id, cid]),
        )
        bench.action(
            f"reply{suffix}",
            lambda: w.on_panel_reply_requested(
                cid, "Thanks for waiting, the replacement is on its way. " * 4
            ),
            write_raw(
                "INSERT INTO event (id, customer_id, contact_id, at, channel, kind, subject, "
                "body, data) SELECT 'bench-reply', customer_id, id, ?, channel, 'reply', "
                "'', 'x', '{}' "
                "FROM contact WHERE id = ?",
                [now_ms, cid],
            ),
        )
        bench.action(
            f"note{suffix}",
            lambda: w.on_panel_note_requested(cid, "Checked stock."),
            write_raw(
                "INSERT INTO event (id, customer_id, contact_id, at, channel, kind, "
                "subject, body, data) SELECT 'bench-note', customer_id, id, ?, "
                "channel, 'note', '', 'x', '{}' FROM contact WHERE id = ?",
                [now_ms, cid],
            ),
        )
        bench.action(
            f"status{suffix}",
            lambda: w.on_panel_status_requested(cid, "waiting"),
            write_raw("UPDATE contact SET status = 'waiting' WHERE id = ?", [cid]),
        )
        bench.action(
            f"Next contact{suffix}",
            w.on_next_triggered,
            lambda: raw.execute(
                "SELECT id FROM contact WHERE status = 'open' AND assigned_to_id IS NULL "
                "ORDER BY received_at LIMIT 1"
            ).fetchall(),
        )

    # what the measuring costs by itself (the heartbeat, waiting for things to settle):
    # subtract its ui_cpu_ms from the others' to see the action's own cost
    bench.action("nothing (baseline of the measuring)", lambda: None)

    # -- shallow: the first page loaded ------------------------------------------------
    common("")
    if args.only == "common":
        return finish(args, app, bench, window, executor, raw, None, open_ms, None)

    def set_filter() -> None:
        w.channel_filter.setCurrentIndex(w.channel_filter.findData("email"))

    bench.action(
        "filter change (channel email)",
        set_filter,
        lambda: raw.execute(
            "SELECT received_at, id FROM contact WHERE status <> 'resolved' AND channel = 'email' "
            "ORDER BY received_at, id LIMIT 200"
        ).fetchall(),
    )
    w.skill_filter.setCurrentIndex(min(1, w.skill_filter.count() - 1))
    w.status_filter.setCurrentIndex(w.status_filter.findData("open"))
    w.assignee_filter.setCurrentIndex(w.assignee_filter.findData("unassigned"))
    bench.settle()

    def reset_filters() -> None:
        for combo in (w.channel_filter, w.skill_filter, w.status_filter, w.assignee_filter):
            combo.setCurrentIndex(0)

    bench.action(
        "reset all filters",
        reset_filters,
        lambda: raw.execute(
            "SELECT received_at, id FROM contact WHERE status <> 'resolved' "
            "ORDER BY received_at, id LIMIT 200"
        ).fetchall(),
    )

    def search() -> None:
        w.search_box.setText("refund")

    bench.action(
        "search 'refund'",
        search,
        lambda: raw.execute(
            "SELECT e.id FROM message_fts JOIN event e ON e.seq = message_fts.rowid "
            "WHERE message_fts MATCH '\"refund\"*' ORDER BY message_fts.rowid DESC LIMIT 50"
        ).fetchall(),
        quiet_ms=400,
    )
    w.search_box.clear()
    bench.settle()

    # -- deep: scroll to row N (or as deep as the queue goes) -------------------------
    queued = raw.execute("SELECT count(*) FROM contact WHERE status <> 'resolved'").fetchone()[0]
    args.depth = max(1, min(args.depth, queued - 400))
    view = w.queue_view

    def scroll_deep() -> None:
        bar = view.verticalScrollBar()
        while model.rowCount() <= args.depth and model.canFetchMore():
            bar.setValue(bar.maximum())
            qt.processEvents()
        view.scrollTo(model.index(args.depth, 0))

    def raw_scroll() -> None:
        after = raw.execute(
            "SELECT received_at, id FROM contact WHERE status <> 'resolved' "
            "ORDER BY received_at, id LIMIT 1 OFFSET ?",
            [args.depth - 200],
        ).fetchone()
        raw.execute(
            "SELECT received_at, id FROM contact WHERE status <> 'resolved' AND "
            "(received_at > ? OR (received_at = ? AND id > ?)) ORDER BY received_at, id "
            "LIMIT 200",
            [after[0], after[0], after[1]],
        ).fetchall()

    bench.action(
        f"scroll to row {args.depth:,}",
        scroll_deep,
        raw_scroll,
        note="max gap over the whole scroll; raw = one keyset page at that depth",
    )
    select_deep = max(0, args.depth - 5)
    w.select_row(select_deep)
    bench.settle()
    common(f" ({args.depth:,} rows loaded)")

    # someone else commits (another window, an import, the mail connector)
    other = sqlite3.connect(str(app.workspace.database_path))
    victim = model.contact_id(model.rowCount() - 50) or ""

    def outside_commit() -> None:
        other.execute("UPDATE contact SET subject = 'Changed elsewhere' WHERE id = ?", [victim])
        other.commit()
        w.on_poll_tick()

    bench.action(
        "poll tick sees an outside commit",
        outside_commit,
        lambda: raw.execute("PRAGMA data_version").fetchall(),
    )

    # a sync pull arriving: the rows written as the checkpoint writes them, then what the
    # sync controller does when its cycle returns with pulled changes
    def pull() -> None:
        other.execute(
            "UPDATE contact SET assigned_to_id = (SELECT id FROM agent WHERE login "
            "<> ? LIMIT 1) WHERE id = ?",
            [args.login, victim],
        )
        other.commit()
        if w.sync is not None:
            from desktop.sync.client import SyncReport

            report = SyncReport()
            report.pulled = 1
            mark_pulled(report, victim)
            w.sync._on_done(report)
        else:
            w.on_poll_tick()

    bench.action(
        "a sync pull arrives (1 contact changed)",
        pull,
        lambda: raw.execute("SELECT * FROM contact WHERE id = ?", [victim]).fetchall(),
    )

    # the biggest customer's card
    biggest = raw.execute(
        "SELECT customer_id, count(*) n FROM contact GROUP BY customer_id ORDER BY n DESC LIMIT 1"
    ).fetchone()

    def big_card() -> None:
        w.card.show_customer(biggest[0])

    def raw_card() -> None:
        raw.execute("SELECT * FROM customer WHERE id = ?", [biggest[0]]).fetchall()
        raw.execute(
            "SELECT * FROM event WHERE customer_id = ? ORDER BY at DESC, seq DESC LIMIT 100",
            [biggest[0]],
        ).fetchall()
        raw.execute(
            "SELECT count(*) FROM contact WHERE customer_id = ? AND status = 'open' "
            "AND due_at <= ?",
            [biggest[0], now_ms + 900_000],
        ).fetchall()

    bench.action(f"biggest customer's card ({biggest[1]:,} contacts)", big_card, raw_card)

    session = None
    if args.session:
        session = run_session(bench, w, model, raw, other, args.session)
    return finish(args, app, bench, window, executor, raw, other, open_ms, session)


def finish(
    args: argparse.Namespace,
    app: Any,
    bench: Bench,
    window: Any,
    executor: Any,
    raw: sqlite3.Connection,
    other: sqlite3.Connection | None,
    open_ms: float,
    session: dict[str, Any] | None,
) -> int:
    """Write the run's figures (kept beside earlier labels) and leave."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    counts = {
        t: raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("customer", "contact", "event")
    }
    counts["open"] = raw.execute(
        "SELECT count(*) FROM contact WHERE status <> 'resolved'"
    ).fetchone()[0]
    worst = max(r["max_gap_ms"] for r in bench.results)
    run = {
        "label": args.label,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": sys.version.split()[0],
            "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "dataset": counts,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "window_open_ms": round(open_ms),
        "max_rss_mb": round(rss, 1),
        "worst_gap_ms": worst,
        "target_gap_ms": 50,
        "meets_target": worst <= 50,
        "actions_run": args.only,
        "actions": bench.results,
    }
    if session is not None:
        run["session"] = session
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(out.read_text()) if out.exists() else {}
    previous[args.label] = run
    out.write_text(json.dumps(previous, indent=2) + "\n")
    print(f"worst gap {worst} ms, peak RSS {rss:.0f} MB -> {out}")
    if args.profile:
        Path(args.profile).write_text(
            "".join(f"==== {name}\n{text}\n" for name, text in bench.profiles.items())
        )
    window.close()
    executor.shutdown()
    if other is not None:
        other.close()
    raw.close()
    sys.stdout.flush()
    os._exit(0)  # PySide's teardown of a window this size can crash at interpreter exit


def rss_mb() -> dict[str, float]:
    """The resident memory now, in MB: all of it (VmRSS), the process's own (RssAnon) and
    mapped files (RssFile: SQLite's mmap of the database, libraries; given back under
    memory pressure)."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile"):
            out[key] = round(int(value.split()[0]) / 1024, 1)
    return out


def run_session(
    bench: Bench,
    w: Any,
    model: Any,
    raw: sqlite3.Connection,
    other: sqlite3.Connection,
    rounds: int,
) -> dict[str, Any]:
    """An hour of an agent's work, compressed: per round the queue is scrolled 2,000 rows
    deeper, ten contacts are opened (each with its card), five other customers' cards are
    shown with three more history pages each, another process commits (seen by the poll)
    and a pull changes one contact. The resident memory is taken after each round: a
    leak shows as growth that does not level off."""
    import random

    rng = random.Random(14)
    customers = [r[0] for r in raw.execute("SELECT id FROM customer ORDER BY random() LIMIT 500")]
    view = w.queue_view
    per_round: list[dict[str, float]] = []
    started = time.perf_counter()
    worst_gap = 0.0
    for n in range(rounds):
        bench.heart.reset()
        target = model.rowCount() + 2000
        while model.rowCount() < target and model.canFetchMore():
            model.fetchMore()
            bench.qt.processEvents()
        view.scrollTo(model.index(model.rowCount() - 1, 0))
        for _ in range(10):
            w.select_row(rng.randrange(model.rowCount()))
            bench.settle(quiet_ms=20)
        for cid in rng.sample(customers, 5):
            w.card.show_customer(cid)
            bench.settle(quiet_ms=20)
            history = w.card.history_model
            for _ in range(3):
                if history.canFetchMore():
                    history.fetchMore()
                    bench.settle(quiet_ms=20)
        victim = model.contact_id(rng.randrange(model.rowCount())) or ""
        other.execute("UPDATE contact SET subject = ? WHERE id = ?", [f"Changed {n}", victim])
        other.commit()
        w.on_poll_tick()
        bench.settle(quiet_ms=20)
        if w.sync is not None:
            from desktop.sync.client import SyncReport

            report = SyncReport()
            report.pulled = 1
            mark_pulled(report, victim)
            w.sync._on_done(report)
            bench.settle(quiet_ms=20)
        worst_gap = max(worst_gap, bench.heart.close_window() - PERIOD_MS)
        per_round.append(rss_mb())
        print(f"session round {n + 1}/{rounds}: {model.rowCount():,} rows, rss {per_round[-1]} MB")
    return {
        "rounds": rounds,
        "minutes": round((time.perf_counter() - started) / 60, 1),
        "rows_loaded": model.rowCount(),
        "rss_mb_per_round": per_round,
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "worst_gap_ms": round(worst_gap, 1),
        "what": "per round: 2,000 rows deeper, 10 contacts opened, 5 cards with 3 more "
        "history pages each, an outside commit seen by the poll, a pull",
    }


def mark_pulled(report: Any, contact_id: str) -> None:
    """Say which contact the pull changed, where the report can carry it."""
    changes = getattr(report, "changes", None)
    if changes is not None:
        changes.contacts.add(contact_id)


if __name__ == "__main__":
    sys.exit(main())
