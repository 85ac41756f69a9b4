"""The desk's audit view and influencer list (issue 13): both read in the figures' thread
(``FiguresWorker.read``), both tables export to CSV like every table of the desk.

Audit: who claimed, replied, assigned, merged, erased, exported, edited what and when,
filtered by agent, action, period and text (desktop/reports.audit_rows; trainees' lines
never appear, a training workspace has no desk). Influencers: customers by reach, their
networks and the last 30 days of posts and sentiment; picking one lists their recent posts
(desktop/reports.influencer_rows / influencer_posts).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop import reports
from desktop.supervisor import PERIODS, period_bounds
from ui.supervisor.tables import RowsTable
from ui.supervisor.worker import FiguresWorker

AUDIT_LIMIT = 1000


def _when(ms: int | None) -> str:
    if ms is None:
        return ""
    return f"{datetime.fromtimestamp(ms / 1000, UTC).astimezone():%Y-%m-%d %H:%M:%S}"


def sentiment_text(value: float | None) -> str:
    """A score the way the desk says it (None: not scored)."""
    if value is None:
        return QCoreApplication.translate("Sentiment", "not scored")
    word = (
        QCoreApplication.translate("Sentiment", "negative")
        if value <= -0.05
        else QCoreApplication.translate("Sentiment", "positive")
        if value >= 0.05
        else QCoreApplication.translate("Sentiment", "neutral")
    )
    return f"{value:+.2f} {word}"


class AuditPanel(QWidget):
    """Filters over the audit log, newest first (at most 1,000 lines a view)."""

    def __init__(
        self,
        worker: FiguresWorker,
        now_ms: Callable[[], int],
        timezone: str = "UTC",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.now_ms = now_ms
        self.timezone = timezone
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.agent_box = QComboBox()
        self.agent_box.addItem(self.tr("Everyone"), "")
        self.agent_box.setToolTip(self.tr("Whose actions"))
        self.action_box = QComboBox()
        self.action_box.addItem(self.tr("Every action"), "")
        for word in reports.AUDIT_ACTIONS:
            self.action_box.addItem(word.replace("_", " "), word)
        self.period_box = QComboBox()
        for name in PERIODS:
            self.period_box.addItem(name, name)
        self.period_box.addItem(self.tr("all time"), "")
        self.period_box.setCurrentIndex(PERIODS.index("7 days"))
        self.text_box = QLineEdit()
        self.text_box.setPlaceholderText(self.tr("Contact, customer or words in the detail"))
        self.text_box.setClearButtonEnabled(True)
        for label, widget in (
            (self.tr("Agent:"), self.agent_box),
            (self.tr("Action:"), self.action_box),
            (self.tr("Period:"), self.period_box),
        ):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.text_box, 1)
        layout.addLayout(bar)
        self.table = RowsTable(
            [
                self.tr("When"),
                self.tr("Agent"),
                self.tr("Action"),
                self.tr("On"),
                self.tr("Id"),
                self.tr("Detail"),
            ]
        )
        self.table.set_widths(150, 90, 130, 80, 120)
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        layout.addWidget(self.status)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(300)
        self._typing.timeout.connect(self.refresh)
        for box in (self.agent_box, self.action_box, self.period_box):
            box.currentIndexChanged.connect(self.refresh)
        self.text_box.textChanged.connect(lambda _t: self._typing.start())
        worker.read_ready.connect(self._on_read)
        self.loaded = False

    def filters(self) -> dict[str, Any]:
        period = self.period_box.currentData()
        start = end = None
        if period:
            start, end = period_bounds(period, self.now_ms(), self.timezone)
        return {
            "agent": self.agent_box.currentData() or None,
            "kind": self.action_box.currentData() or None,
            "start_ms": start,
            "end_ms": end,
            "text": self.text_box.text().strip() or None,
        }

    def refresh(self) -> None:
        """Read the lines the filters pick (in the figures' thread)."""
        self.loaded = True
        wanted = self.filters()

        def read(conn: Any) -> dict[str, Any]:
            logins = [
                r[0]
                for r in conn.execute(
                    "SELECT login FROM agent WHERE role <> 'trainee' ORDER BY login"
                )
            ]
            return {"logins": logins, "rows": reports.audit_rows(conn, **wanted, limit=AUDIT_LIMIT)}

        self.status.setText(self.tr("reading…"))
        self.worker.read("audit", read)

    def _on_read(self, key: str, result: Any) -> None:
        if key != "audit":
            return
        known = {self.agent_box.itemData(i) for i in range(self.agent_box.count())}
        for login in result["logins"]:
            if login not in known:
                self.agent_box.blockSignals(True)
                self.agent_box.addItem(login, login)
                self.agent_box.blockSignals(False)
        rows = [
            [_when(at), login or self.tr("(automatic)"), action, entity, entity_id, detail[:200]]
            for at, login, action, entity, entity_id, detail in result["rows"]
        ]
        self.table.set_rows(rows)
        more = self.tr(" (the newest {n}; narrow the filters for older ones)").format(
            n=f"{AUDIT_LIMIT:,}"
        )
        self.status.setText(
            (
                self.tr("1 line")
                if len(rows) == 1
                else self.tr("{n} lines").format(n=f"{len(rows):,}")
            )
            + (more if len(rows) >= AUDIT_LIMIT else "")
        )


class InfluencerPanel(QWidget):
    """Customers by reach, and the picked one's recent posts with their sentiment."""

    def __init__(
        self, worker: FiguresWorker, now_ms: Callable[[], int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.now_ms = now_ms
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(
            QLabel(self.tr("Watched influencers, and everyone whose reach is at least")), 0
        )
        self.reach_box = QSpinBox()
        self.reach_box.setRange(0, 100_000_000)
        self.reach_box.setSingleStep(1000)
        self.reach_box.setValue(1000)
        self.reach_box.setGroupSeparatorShown(True)
        bar.addWidget(self.reach_box)
        bar.addStretch(1)
        layout.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = RowsTable(
            [
                self.tr("Customer"),
                self.tr("Reach"),
                self.tr("Networks"),
                self.tr("Watched"),
                self.tr("Posts, 30 days"),
                self.tr("Negative"),
                self.tr("Mean sentiment"),
                self.tr("Last post"),
            ]
        )
        self.table.set_widths(180, 90, 140, 70, 120, 80, 130)
        self.posts = RowsTable(
            [self.tr("When"), self.tr("Channel"), self.tr("Sentiment"), self.tr("Post")]
        )
        self.posts.set_widths(150, 80, 130)
        split.addWidget(self.table)
        split.addWidget(self.posts)
        split.setSizes([300, 200])
        layout.addWidget(split, 1)
        self.reach_box.editingFinished.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._on_pick())
        worker.read_ready.connect(self._on_read)
        self.loaded = False

    def refresh(self) -> None:
        self.loaded = True
        now, reach = self.now_ms(), self.reach_box.value()
        self.worker.read(
            "influencers", lambda conn: reports.influencer_rows(conn, now, min_reach=reach)
        )

    def _on_pick(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        key = self.table.rows_model.key(rows[0].row()) if rows else None
        if key is None:
            self.posts.set_rows([])
            return
        self.worker.read("influencer_posts", lambda conn: reports.influencer_posts(conn, key))

    def _on_read(self, key: str, result: Any) -> None:
        if key == "influencers":
            self.table.set_rows(
                [
                    [
                        name or self.tr("(no name)"),
                        reach,
                        networks,
                        self.tr("yes") if watched else "",
                        n,
                        negative,
                        sentiment_text(mean) if n else "–",
                        _when(last),
                    ]
                    for _cid, name, reach, networks, watched, n, negative, mean, last in result
                ],
                [r[0] for r in result],
                [r[6] > 0 for r in result],
            )
        elif key == "influencer_posts":
            self.posts.set_rows(
                [
                    [
                        _when(at),
                        channel,
                        sentiment_text(score),
                        " — ".join(t for t in (subject, preview) if t),
                    ]
                    for _id, at, channel, subject, preview, score in result
                ],
                [r[0] for r in result],
            )
