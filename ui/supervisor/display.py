"""The supervisor desk's figures put on its widgets (issue 13): the tiles, the charts and
the tables of ui/supervisor/view.py's ``SupervisorWindow``, which takes these methods from
``DeskFigures`` (a mixin: the window builds the widgets, these fill them from a snapshot of
desktop/supervisor.py). Its strings are translated in this class's context (PySide6 looks
a string up along the window's classes)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QLabel

from ui.icons import channel_label
from ui.supervisor.charts import BarChart, LineChart
from ui.supervisor.tables import RowsTable, Timed
from ui.supervisor.widgets import AGE_SHORT, Tile, _fill, minutes, percent


class DeskFigures:
    """The desk's ``_show_*`` methods (mixed into ``SupervisorWindow``)."""

    if TYPE_CHECKING:  # what the window builds
        tiles: dict[str, Tile]
        volume_chart: BarChart
        trend_chart: LineChart
        age_chart: BarChart
        backlog_table: RowsTable
        skill_table: RowsTable
        channel_table: RowsTable
        agent_table: RowsTable
        agents_table: RowsTable
        complaints_table: RowsTable
        unanswered_table: RowsTable
        unanswered_label: QLabel
        tasks_label: QLabel
        tasks_table: RowsTable

        def tr(self, text: str, /, disambiguation: str | None = ..., n: int = ...) -> str: ...

        def selected_tasks(self) -> list[str]: ...

    def _show_tiles(self, snap: dict[str, Any]) -> None:
        backlog, today = snap["backlog"], snap["today"]
        t = self.tiles
        t["backlog"].show_value(
            f"{backlog['total']:,}",
            self.tr("oldest {age}").format(age=minutes(backlog["oldest_minutes"]))
            if backlog["oldest_minutes"] is not None
            else "",
        )
        t["unassigned"].show_value(
            f"{backlog['unassigned']:,}",
            self.tr("{n:,} waiting on customer").format(n=backlog["waiting_on_customer"]),
        )
        t["breached"].show_value(
            f"{backlog['breached']:,}",
            self.tr("unanswered past due"),
            alarm=backlog["breached"] > 0,
        )
        sla = today["sla"]
        t["sla_today"].show_value(
            percent(sla["compliance"]),
            self.tr("{met:,} met · {breached:,} breached").format(
                met=sla["met"], breached=sla["breached"]
            ),
            alarm=sla["compliance"] is not None and sla["compliance"] < 0.8,
        )
        first, res = today["all"]["first_response"], today["all"]["resolution"]
        t["frt_today"].show_value(
            minutes(first["median"]),
            self.tr("p90 {p90} · {n:,} answered").format(p90=minutes(first["p90"]), n=first["n"]),
        )
        t["res_today"].show_value(
            minutes(res["median"]),
            self.tr("p90 {p90} · {n:,} resolved").format(p90=minutes(res["p90"]), n=res["n"]),
        )
        un = snap["unanswered"]
        t["unacknowledged"].show_value(
            f"{un['unacknowledged']:,}",
            self.tr("{n:,} parked, no follow-up").format(n=un["waiting_without_follow_up"]),
            alarm=un["unacknowledged"] > 0,
        )
        comp = snap["complaints"]
        oldest = comp["oldest"][0]["age_minutes"] if comp["oldest"] else None
        t["complaints"].show_value(
            f"{comp['total']:,}",
            self.tr("oldest {age}").format(age=minutes(oldest)) if oldest is not None else "",
            alarm=comp["total"] > 0,
        )
        tasks = snap["tasks"]
        t["tasks_overdue"].show_value(
            f"{tasks['overdue']:,}",
            self.tr("of {open:,} open · {team:,} the team's").format(
                open=tasks["open"], team=tasks["team"]
            ),
            alarm=tasks["overdue"] > 0,
        )

    def _show_charts(self, snap: dict[str, Any]) -> None:
        self._show_volume(snap)
        self._show_trend_and_ages(snap)

    def _show_volume(self, snap: dict[str, Any]) -> None:
        vol = snap["volume"]
        first = datetime.fromtimestamp(vol["first_hour"] / 1000, UTC).astimezone()
        labels = [f"{(first.hour + h) % 24:02d}" for h in range(vol["hours"])]
        series = sorted(vol["series"].items(), key=lambda kv: -sum(kv[1]))
        self.volume_chart.set_data(
            labels, [(channel_label(c), [float(v) for v in vs]) for c, vs in series]
        )

    def _show_trend_and_ages(self, snap: dict[str, Any]) -> None:
        trend = snap["trend"]
        day0 = trend["first_day"]
        days = [
            datetime.fromtimestamp((day0 + i * 86_400_000) / 1000, UTC).strftime("%d")
            for i in range(len(trend["points"]))
        ]
        self.trend_chart.set_data(
            days,
            [
                ("median", [p["median"] for p in trend["points"]]),
                ("p90", [p["p90"] for p in trend["points"]]),
            ],
            unit=" min",
        )
        self.age_chart.set_data(
            [AGE_SHORT.get(label, label) for label, _n in snap["backlog"]["by_age"]],
            [("open", [float(n) for _l, n in snap["backlog"]["by_age"]])],
        )

    def _show_backlog(self, snap: dict[str, Any]) -> None:
        backlog = snap["backlog"]
        _fill(
            self.backlog_table,
            [
                [channel_label(channel), total, *backlog["by_channel_age"].get(channel, [])]
                for channel, total in backlog["by_channel"].items()
            ],
        )
        _fill(self.skill_table, [[s, n] for s, n in backlog["by_skill"].items()])

    def _show_times(self, snap: dict[str, Any]) -> None:
        period = snap["period"]
        rows = []
        for channel, entry in period["by_channel"].items():
            fr, rs = entry["first_response"], entry["resolution"]
            sla = entry.get("sla", {"met": 0, "breached": 0, "compliance": None})
            rows.append(
                [
                    channel_label(channel),
                    fr["n"],
                    minutes(fr["median"]),
                    minutes(fr["p90"]),
                    rs["n"],
                    minutes(rs["median"]),
                    minutes(rs["p90"]),
                    sla["met"],
                    sla["breached"],
                    percent(sla["compliance"]),
                ]
            )
        _fill(self.channel_table, rows)
        self.channel_table.setToolTip(
            self.tr("Contacts received in: {period_name}").format(period_name=snap["period_name"])
        )
        names = {a["id"]: a["name"] for a in snap["agents"]}
        rows = []
        for agent_id, entry in sorted(
            period["by_agent"].items(), key=lambda kv: names.get(kv[0], "~")
        ):
            fr, rs = entry["first_response"], entry["resolution"]
            rows.append(
                [
                    names.get(agent_id, self.tr("former agent")),
                    fr["n"],
                    minutes(fr["median"]),
                    minutes(fr["p90"]),
                    rs["n"],
                    minutes(rs["median"]),
                    minutes(rs["p90"]),
                ]
            )
        _fill(self.agent_table, rows)

    def _show_agents(self, snap: dict[str, Any]) -> None:
        rows = []
        for a in snap["agents"]:
            cap = sum(a["capacity"].values())
            per = ", ".join(f"{c} {n}/{a['capacity'].get(c, '–')}" for c, n in a["load"].items())
            rows.append(
                [
                    a["name"],
                    a["team"],
                    a["presence"],
                    a["held"],
                    cap,
                    percent(a["utilisation"]),
                    per,
                ]
            )
        _fill(self.agents_table, rows, [a["id"] for a in snap["agents"]])

    def _show_waiting(self, snap: dict[str, Any]) -> None:
        names = {a["id"]: a["name"] for a in snap["agents"]}
        comp = snap["complaints"]
        _fill(
            self.complaints_table,
            [
                [
                    minutes(c["age_minutes"]),
                    channel_label(c["channel"]),
                    names.get(c["assigned_to"] or "", self.tr("nobody")),
                    c["subject"],
                ]
                for c in comp["oldest"]
            ],
            [c["id"] for c in comp["oldest"]],
        )
        un = snap["unanswered"]
        self.unanswered_label.setText(
            self.tr(
                "Not acknowledged and not answered: {unacknowledged:,} (oldest below) ·"
                " waiting on the customer with no follow-up: "
                "{waiting_without_follow_up:,}"
            ).format(
                unacknowledged=un["unacknowledged"],
                waiting_without_follow_up=un["waiting_without_follow_up"],
            )
        )
        _fill(
            self.unanswered_table,
            [
                [minutes(c["age_minutes"]), channel_label(c["channel"]), c["subject"]]
                for c in un["oldest"]
            ],
            [c["id"] for c in un["oldest"]],
        )

    def _show_tasks(self, snap: dict[str, Any]) -> None:
        tasks = snap["tasks"]
        self.tasks_label.setText(
            self.tr(
                "{open:,} open tasks, {overdue:,} overdue; the team's (nobody's yet): "
                "{team:,}, {team_overdue:,} overdue"
            ).format(
                open=tasks["open"],
                overdue=tasks["overdue"],
                team=tasks["team"],
                team_overdue=tasks["team_overdue"],
            )
        )
        selected = set(self.selected_tasks())
        now = snap["as_of"]
        rows = []
        for t in tasks["rows"]:
            due = datetime.fromtimestamp(t["due_at"] / 1000, UTC).astimezone()
            late = (
                self.tr("  overdue {age}").format(age=minutes((now - t["due_at"]) / 60_000))
                if t["overdue"]
                else ""
            )
            rows.append(
                [
                    Timed(due, late),
                    t["kind"].replace("_", " "),
                    t["owner"] or self.tr("(team)"),
                    t["title"],
                ]
            )
        _fill(
            self.tasks_table,
            rows,
            [t["id"] for t in tasks["rows"]],
            [t["overdue"] for t in tasks["rows"]],
        )
        model = self.tasks_table.selectionModel()
        for r, t in enumerate(tasks["rows"]):
            if t["id"] in selected:
                model.select(
                    self.tasks_table.model().index(r, 0),
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
