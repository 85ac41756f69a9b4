"""The supervisor desk (issue 13): the floor at a glance — tiles, charts and tables over the
figures of desktop/supervisor.py, read off the UI thread (ui/supervisor/worker.py) and
refreshed from the change sets the main window receives, and every 30 s for the clock.

F11 turns it into a wallboard: large type, full screen, tiles and charts only. Assigning a
team task runs through the window's executor like any other write (a synced intent).

The desk's layout and refresh wiring (the counters' first figures, then the rest; the
audit and influencer tabs built when first opened) are here; the figures are put on the
widgets by ui/supervisor/display.py (``DeskFigures``), and its widgets, tables, charts and
those tabs are modules of their own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.app import Application
from desktop.changes import Changes
from desktop.supervisor import AGE_BUCKETS, PERIODS, clock_ms
from ui.executor import DbExecutor
from ui.formatting import when as human
from ui.supervisor.actions import DeskWrites
from ui.supervisor.audit import AuditPanel, InfluencerPanel
from ui.supervisor.charts import BarChart, Chart, LineChart
from ui.supervisor.display import DeskFigures
from ui.supervisor.sweep import SentimentSweep
from ui.supervisor.tables import RowsTable
from ui.supervisor.widgets import TILES, Tile, _table
from ui.supervisor.worker import FiguresWorker
from ui.widgets import named

log = logging.getLogger("lastmile.supervisor")
REFRESH_MS = 30_000
WALLBOARD_REFRESH_MS = 15_000
SWEEP_AFTER_MS = 2_000


class SupervisorWindow(QMainWindow, DeskFigures):
    """The desk. Built by ``open_desk``, which checks who may open it."""

    changes_made = Signal(object)  # an assignment made here: the main window refreshes
    figures_shown = Signal(object)  # each snapshot once shown (tests and the benchmark)
    first_figures_shown = Signal(object)  # the counters' figures, shown before the rest

    def __init__(
        self,
        app: Application,
        executor: DbExecutor,
        on_error: Callable[[str], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.actor = app.require_actor()
        self.executor = executor
        self.on_error = on_error
        self.snapshot: dict[str, Any] | None = None
        self.wallboard = False
        self.setWindowTitle(self.tr("Lastmile — supervisor desk"))
        self.setObjectName("SupervisorWindow")
        self._build()
        self.writes = DeskWrites(self)
        self.worker = FiguresWorker(
            app.workspace.database_path,
            lambda: clock_ms(app.clock),
            app.rules.timezone,
            self.period_box.currentText(),
            self,
        )
        # built when first opened (the desk's first figures do not wait for them)
        self._audit: AuditPanel | None = None
        self._influencers: InfluencerPanel | None = None
        self.audit_tab, self.influencers_tab = QWidget(), QWidget()
        self._audit_layout = QVBoxLayout(self.audit_tab)
        self._influencers_layout = QVBoxLayout(self.influencers_tab)
        for layout in (self._audit_layout, self._influencers_layout):
            layout.setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.audit_tab, self.tr("Audit"))
        self.tabs.addTab(self.influencers_tab, self.tr("Influencers"))
        self._connect_signals()
        self.worker.request()
        # contacts from before scoring get their sentiment, after the first figures
        self.sweep = SentimentSweep(executor, app.db, self.changes_made.emit, parent=self)
        self.sweep.start(SWEEP_AFTER_MS)

    # -- building ---------------------------------------------------------------------

    def _build(self) -> None:
        self.resize(1280, 720)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(8, 8, 8, 8)
        head = QHBoxLayout()
        self.heading = named(QLabel(self.tr("The floor")), "PanelTitle")
        head.addWidget(self.heading)
        self.as_of = named(QLabel(self.tr("reading…")), "CountLabel")
        head.addWidget(self.as_of, 1)
        self.period_label = QLabel(self.tr("Period:"))
        head.addWidget(self.period_label)
        self.period_box = QComboBox()
        self.period_box.addItems(PERIODS)
        self.period_box.setCurrentText("7 days")
        self.period_box.setToolTip(self.tr("The period of the response-time tables"))
        head.addWidget(self.period_box)
        self.wallboard_button = QPushButton(self.tr("Wallboard (F11)"))
        head.addWidget(self.wallboard_button)
        outer.addLayout(head)

        self.tiles_box = QWidget()
        grid = QGridLayout(self.tiles_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.tiles_grid = grid
        self.tiles: dict[str, Tile] = {key: Tile(self.tr(title)) for key, title in TILES}
        self._lay_tiles(len(TILES))
        outer.addWidget(self.tiles_box)

        self.volume_chart = BarChart(self.tr("Contacts per hour, last 24 h (by channel)"))
        self.trend_chart = LineChart(self.tr("First response per day, minutes (median, p90)"))
        self.age_chart = BarChart(self.tr("Backlog by age"))
        self.charts_box = QSplitter(Qt.Orientation.Horizontal)
        for chart in (self.volume_chart, self.trend_chart, self.age_chart):
            self.charts_box.addWidget(chart)
        self.charts_box.setSizes([500, 400, 300])

        self.tabs = QTabWidget()
        self.backlog_table = _table(
            [self.tr("Channel"), self.tr("Open"), *[b for b, _l in AGE_BUCKETS]], False
        )
        self.skill_table = _table([self.tr("Skill"), self.tr("Open")], False)
        floor = QSplitter(Qt.Orientation.Horizontal)
        floor.addWidget(self.backlog_table)
        floor.addWidget(self.skill_table)
        floor.setSizes([800, 250])
        self.tabs.addTab(floor, self.tr("Backlog"))
        headers = [
            "",
            self.tr("Answered"),
            self.tr("First resp. median"),
            "p90",
            self.tr("Resolved"),
            self.tr("Resolution median"),
            "p90",
            self.tr("SLA met"),
            self.tr("Breached"),
            self.tr("Compliance"),
        ]
        self.channel_table = _table([self.tr("Channel"), *headers[1:]], False)
        self.agent_table = _table([self.tr("Agent"), *headers[1:7]], False)
        self.agent_table.set_widths(160)
        times = QSplitter(Qt.Orientation.Vertical)
        times.addWidget(self.channel_table)
        times.addWidget(self.agent_table)
        self.tabs.addTab(times, self.tr("Response times"))
        self.agents_table = _table(
            [
                self.tr("Agent"),
                self.tr("Team"),
                self.tr("Presence"),
                self.tr("Held"),
                self.tr("Capacity"),
                self.tr("Load"),
                self.tr("Per channel"),
            ]
        )
        self.agents_table.set_widths(160)
        agents_tab = QWidget()
        al = QVBoxLayout(agents_tab)
        al.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Presence and load against capacity (open contacts held)")), 1)
        self.take_back_button = QPushButton(self.tr("Take back their contacts"))
        self.take_back_button.setToolTip(
            self.tr(
                "Return every contact the selected agent holds to the queue (an agent who is away)"
            )
        )
        self.take_back_button.setEnabled(False)
        bar.addWidget(self.take_back_button)
        al.addLayout(bar)
        al.addWidget(self.agents_table)
        self.tabs.addTab(agents_tab, self.tr("Agents"))
        self.complaints_table = _table(
            [self.tr("Age"), self.tr("Channel"), self.tr("Held by"), self.tr("Subject")]
        )
        self.complaints_table.set_widths(80, 80, 140)
        self.unanswered_table = _table([self.tr("Age"), self.tr("Channel"), self.tr("Subject")])
        self.unanswered_label = QLabel()
        waiting = QWidget()
        wl = QVBoxLayout(waiting)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.addWidget(named(QLabel(self.tr("Open complaints, oldest first")), "TileTitle"))
        wl.addWidget(self.complaints_table)
        wl.addWidget(self.unanswered_label)
        wl.addWidget(self.unanswered_table)
        self.contact_button = QPushButton(self.tr("Assign contact to…"))
        self.contact_button.setToolTip(
            self.tr("Give the selected complaint or waiting contact to an agent (they are told)")
        )
        self.contact_menu = QMenu(self.contact_button)
        self.contact_button.setMenu(self.contact_menu)
        self.contact_button.setEnabled(False)
        wl.addWidget(self.contact_button, 0, Qt.AlignmentFlag.AlignRight)
        self.tabs.addTab(waiting, self.tr("Waiting"))
        tasks = QWidget()
        tl = QVBoxLayout(tasks)
        tl.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.tasks_label = QLabel()
        bar.addWidget(self.tasks_label, 1)
        self.assign_button = QPushButton(self.tr("Assign to…"))
        self.assign_button.setEnabled(False)
        self.assign_menu = QMenu(self.assign_button)
        self.assign_button.setMenu(self.assign_menu)
        bar.addWidget(self.assign_button)
        tl.addLayout(bar)
        self.tasks_table = _table(
            [self.tr("Due"), self.tr("Kind"), self.tr("Owner"), self.tr("Title")]
        )
        self.tasks_table.set_widths(200, 110, 140)
        self.tasks_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        tl.addWidget(self.tasks_table)
        self.tabs.addTab(tasks, self.tr("Tasks"))

        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.charts_box)
        body.addWidget(self.tabs)
        body.setSizes([260, 420])
        outer.addWidget(body, 1)
        self.setCentralWidget(central)

        self.wallboard_action = QAction(self.tr("Wallboard"), self)
        self.wallboard_action.setShortcut(QKeySequence("F11"))
        self.addAction(self.wallboard_action)
        self.leave_action = QAction(self.tr("Leave the wallboard"), self)
        self.leave_action.setShortcut(QKeySequence("Escape"))
        self.addAction(self.leave_action)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)

    @property
    def audit(self) -> AuditPanel:
        if self._audit is None:

            def now() -> int:
                return clock_ms(self.app.clock)

            self._audit = AuditPanel(self.worker, now, self.app.rules.timezone)
            self._audit_layout.addWidget(self._audit)
        return self._audit

    @property
    def influencers(self) -> InfluencerPanel:
        if self._influencers is None:
            self._influencers = InfluencerPanel(self.worker, lambda: clock_ms(self.app.clock))
            self._influencers_layout.addWidget(self._influencers)
        return self._influencers

    def _lay_tiles(self, columns: int) -> None:
        for i, tile in enumerate(self.tiles.values()):
            self.tiles_grid.removeWidget(tile)
            self.tiles_grid.addWidget(tile, i // columns, i % columns)

    def _connect_signals(self) -> None:
        self.worker.ready.connect(self.on_worker_ready)
        self.worker.failed.connect(self.on_worker_failed)
        self.period_box.currentTextChanged.connect(lambda name: self.worker.request(period=name))
        self.wallboard_button.clicked.connect(self.toggle_wallboard)
        self.wallboard_action.triggered.connect(self.toggle_wallboard)
        self.leave_action.triggered.connect(self.on_leave_triggered)
        self.timer.timeout.connect(lambda: self.worker.request(clock=True))
        self.tabs.currentChanged.connect(self.on_tab_changed)
        self._picked: RowsTable | None = None
        for table in (self.complaints_table, self.unanswered_table):
            table.selectionModel().selectionChanged.connect(
                lambda *_a, t=table: self._on_contact_picked(t)
            )
        self.agents_table.selectionModel().selectionChanged.connect(
            lambda *_a: self.take_back_button.setEnabled(
                self.agents_table.selectionModel().hasSelection()
            )
        )
        self.take_back_button.clicked.connect(self.writes.take_back)
        self.tasks_table.selectionModel().selectionChanged.connect(
            lambda *_a: self.on_tasks_selection_changed()
        )
        self.timer.start()

    # -- figures ----------------------------------------------------------------------

    def on_changes_applied(self, changes: Changes) -> None:
        """What the main window was told changed (own writes, sync pulls, other processes)."""
        if changes:
            self.worker.request(changes)

    def on_worker_failed(self, text: str) -> None:
        self.as_of.setText(text)
        if self.on_error is not None:
            self.on_error(text)

    def on_worker_ready(self, snap: dict[str, Any]) -> None:
        if snap.get("partial"):
            self._show_first(snap)
            self.first_figures_shown.emit(snap)
            return
        self.snapshot = snap
        at = datetime.fromtimestamp(snap["as_of"] / 1000, UTC).astimezone()
        synced = snap.get("last_sync")
        when = (
            self.tr("last sync {when}").format(
                when=human(datetime.fromisoformat(synced.replace("Z", "+00:00")))
            )
            if synced
            else self.tr("not synced")
        )
        self.as_of.setText(
            self.tr("from this computer's database ({when}), as of {at}").format(
                when=when, at=human(at)
            )
        )
        self._show_tiles(snap)
        self._show_charts(snap)
        self._show_tables(snap)
        if snap["agents"] is not getattr(self, "_menu_agents", None):  # the list changed
            self._menu_agents = snap["agents"]
            self._fill_assign_menu(snap)
        self.figures_shown.emit(snap)

    def _show_first(self, snap: dict[str, Any]) -> None:
        """The figures read from the counters, shown while the rest is read."""
        counts, tasks = snap["counts"], snap["tasks"]
        self.tiles["backlog"].show_value(f"{counts['total']:,}", self.tr("reading ages…"))
        self.tiles["unassigned"].show_value(
            f"{counts['unassigned']:,}",
            self.tr("{n} waiting on customer").format(n=f"{counts['waiting_on_customer']:,}"),
        )
        self.tiles["tasks_overdue"].show_value(
            f"{tasks['overdue']:,}",
            self.tr("of {open} open · {team} the team's").format(
                open=f"{tasks['open']:,}", team=f"{tasks['team']:,}"
            ),
            alarm=tasks["overdue"] > 0,
        )
        self._show_volume(snap)
        if self.snapshot is None:
            self.as_of.setText(self.tr("reading the response times, ages and lists…"))

    def _show_tables(self, snap: dict[str, Any]) -> None:
        """Only the tab in sight is filled now; the others when they are opened."""
        self._filled: set[int] = set()
        if not self.wallboard:
            self.on_tab_changed(self.tabs.currentIndex())

    def on_tab_changed(self, index: int) -> None:
        snap = self.snapshot
        if snap is None or index in getattr(self, "_filled", set()) or index < 0:
            return
        self._filled.add(index)
        widget = self.tabs.widget(index)
        if widget is self.audit_tab or widget is self.influencers_tab:
            panel = self.audit if widget is self.audit_tab else self.influencers
            panel.refresh()  # read again once per snapshot while in sight
            return
        (
            self._show_backlog,
            self._show_times,
            self._show_agents,
            self._show_waiting,
            self._show_tasks,
        )[index](snap)

    def _fill_assign_menu(self, snap: dict[str, Any]) -> None:
        w = self.writes
        for menu, act, last in (
            (self.assign_menu, w.assign_tasks, self.tr("The team (nobody yet)")),
            (self.contact_menu, w.assign_contact, self.tr("Back to the queue")),
        ):
            menu.clear()
            for agent in snap["agents"]:
                action = menu.addAction(f"{agent['name']} ({agent['presence']})")
                action.triggered.connect(lambda _c=False, a=agent["id"], f=act: f(a))
            menu.addSeparator()
            menu.addAction(last).triggered.connect(lambda _c=False, f=act: f(None))

    def selected_contact(self) -> str | None:
        """The contact picked last in the complaints or the waiting table."""
        table = self._picked or self.complaints_table
        rows = table.selectionModel().selectedRows()
        return table.rows_model.key(rows[0].row()) if rows else None

    def _on_contact_picked(self, table: RowsTable) -> None:
        self._picked = table
        other = self.unanswered_table if table is self.complaints_table else self.complaints_table
        if table.selectionModel().hasSelection():
            other.clearSelection()
        self.contact_button.setEnabled(self.selected_contact() is not None)

    def selected_tasks(self) -> list[str]:
        rows = sorted({i.row() for i in self.tasks_table.selectionModel().selectedRows()})
        return [key for r in rows if (key := self.tasks_table.rows_model.key(r)) is not None]

    def on_tasks_selection_changed(self) -> None:
        self.assign_button.setEnabled(bool(self.selected_tasks()))

    def on_leave_triggered(self) -> None:
        if self.wallboard:
            self.toggle_wallboard()

    def toggle_wallboard(self) -> None:
        self.wallboard = not self.wallboard
        scale = 2.0 if self.wallboard else 1.0
        for tile in self.tiles.values():
            tile.set_scale(scale)
        charts: list[Chart] = [self.volume_chart, self.trend_chart, self.age_chart]
        for chart in charts:
            chart.scale = 1.6 if self.wallboard else 1.0
            chart.update()
        self._lay_tiles(5 if self.wallboard else len(TILES))
        self.tabs.setVisible(not self.wallboard)
        for widget in (self.period_label, self.period_box, self.wallboard_button):
            widget.setVisible(not self.wallboard)
        for label, size in ((self.heading, 15), (self.as_of, 9)):
            font = QFont(label.font())
            font.setPointSizeF(size * scale)
            label.setFont(font)
        self.timer.setInterval(WALLBOARD_REFRESH_MS if self.wallboard else REFRESH_MS)
        if self.wallboard:
            self.showFullScreen()
        else:
            self.showNormal()
            self.on_tab_changed(self.tabs.currentIndex())  # tables were not kept up meanwhile

    def showEvent(self, event: QShowEvent) -> None:
        if not self.timer.isActive():  # shown again: catch up with the clock
            self.timer.start()
            self.worker.request(clock=True)
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing hides the desk (it opens again at once, with its cache warm); the
        figures' thread ends with the main window (``shutdown``)."""
        self.timer.stop()
        if self.wallboard:
            self.toggle_wallboard()
        super().closeEvent(event)

    def shutdown(self) -> None:
        self.sweep.stop()
        self.timer.stop()
        self.worker.stop()
