"""The desk's first figures, audit view, influencer list, sentiment on the contact panel and
the volume chart's legend (issue 13), in the real window offscreen; the screenshots at
1366x768 and 1920x1080, light and dark (ui/theme.py), go to LASTMILE_SCREENS if set."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from desktop.app import Application
from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from desktop.supervisor import FloorFigures
from models.base import new_id, to_ms
from models.queries import queue_rows
from models.schema import Agent, Contact
from tests.ui.test_supervisor_view import _desk, lead_window  # noqa: F401  (the fixture)
from ui import theme
from ui.main_window import MainWindow
from ui.supervisor.charts import BarChart

SHOTS_DIR = os.environ.get("LASTMILE_SCREENS")
CHANNELS = ("email", "phone", "fax", "chat", "webform", "sms", "social", "session")


def test_the_counters_figures_come_first_and_agree(qtbot, lead_window: MainWindow) -> None:  # noqa: F811
    firsts: list[dict[str, Any]] = []
    lead_window.supervisor_action.trigger()
    desk = lead_window.supervisor_desk  # type: ignore[attr-defined]
    desk.first_figures_shown.connect(firsts.append)
    qtbot.waitUntil(lambda: desk.snapshot is not None, timeout=5000)
    assert firsts, "the counters' figures were not shown before the rest"
    counts, full = firsts[0]["counts"], desk.snapshot["backlog"]
    assert counts["total"] == full["total"] and counts["unassigned"] == full["unassigned"]
    assert counts["by_channel"] == full["by_channel"]
    assert desk.tiles["backlog"].value.text() == f"{full['total']:,}"
    desk.close()


def _audit_lines(app: Application) -> None:
    ana = app.require_actor()
    free = [
        c.id
        for c in Contact.select()
        .where((Contact.status == "open") & Contact.assigned_to.is_null())
        .limit(2)
    ]
    contact_ops.claim(app.mutator, ana, free[0])
    ben = Agent.get(Agent.login == "ben")
    contact_ops.assign(app.mutator, ana, free[1], ben.id)
    b = Actor(ben.id, ben.login, ben.display_name, ben.role)
    contact_ops.reply(app.mutator, b, free[1], "On its way")
    trainee = Agent.get(Agent.role == "trainee")
    app.db.execute_sql(
        "INSERT INTO audit (at, agent_id, action, entity, entity_id, detail) VALUES "
        "(?, ?, 'contact.claim', 'contact', ?, '{}')",
        (to_ms(app.clock.now()), trainee.id, free[0]),
    )


def test_the_audit_view_filters_and_exports(qtbot, lead_window: MainWindow, tmp_path: Path) -> None:  # noqa: F811
    app = lead_window.app
    _audit_lines(app)
    desk = _desk(qtbot, lead_window)
    desk.tabs.setCurrentWidget(desk.audit_tab)
    audit = desk.audit
    model = audit.table.rows_model
    qtbot.waitUntil(lambda: model.rowCount() >= 3, timeout=5000)
    logins = {model.text(r, 1) for r in range(model.rowCount())}
    assert {"ana", "ben"} <= logins and "dana" not in logins  # trainees never appear
    audit.agent_box.setCurrentIndex(audit.agent_box.findData("ben"))
    qtbot.waitUntil(
        lambda: (
            model.rowCount() > 0 and {model.text(r, 1) for r in range(model.rowCount())} == {"ben"}
        ),
        timeout=5000,
    )
    assert any("reply" in model.text(r, 2) for r in range(model.rowCount()))
    audit.agent_box.setCurrentIndex(0)
    audit.action_box.setCurrentIndex(audit.action_box.findData("claim"))
    qtbot.waitUntil(
        lambda: (
            model.rowCount() > 0
            and all("claim" in model.text(r, 2) for r in range(model.rowCount()))
        ),
        timeout=5000,
    )
    audit.text_box.setText("no such contact anywhere")
    qtbot.waitUntil(lambda: model.rowCount() == 0, timeout=5000)
    audit.text_box.clear()
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=5000)
    out = tmp_path / "audit.csv"
    assert audit.table.export_csv(str(out)) == model.rowCount()
    with out.open(encoding="utf-8") as f:
        lines = list(csv.reader(f))
    assert lines[0][:3] == ["When", "Agent", "Action"] and len(lines) == model.rowCount() + 1
    desk.close()


def test_the_influencer_list_and_their_posts(qtbot, lead_window: MainWindow) -> None:  # noqa: F811
    app = lead_window.app
    cust = app.db.execute_sql(
        "SELECT customer_id FROM contact WHERE customer_id IS NOT NULL GROUP BY customer_id "
        "ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    app.db.execute_sql("UPDATE customer SET reach = 0, influencer = 0")
    app.db.execute_sql("UPDATE customer SET reach = 250000 WHERE id = ?", (cust,))
    desk = _desk(qtbot, lead_window)
    desk.tabs.setCurrentWidget(desk.influencers_tab)
    panel = desk.influencers
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=5000)
    assert panel.table.rows_model.key(0) == cust
    assert panel.table.rows_model.text(0, 1) == "250,000"
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: panel.posts.rowCount() > 0, timeout=5000)
    desk.close()


def test_the_contact_panel_shows_the_sentiment(qtbot, lead_window: MainWindow) -> None:  # noqa: F811
    app = lead_window.app
    ids = [c.id for c in Contact.select(Contact.id).limit(2)]
    Contact.update(sentiment=-0.62).where(Contact.id == ids[0]).execute()
    Contact.update(sentiment=None).where(Contact.id == ids[1]).execute()
    rows = queue_rows(app.db, ids)
    panel = lead_window.contact_panel
    panel.show_contact(rows[ids[0]], None, {})
    assert "sentiment -0.62 negative" in panel.meta_label.text()
    panel.show_contact(rows[ids[1]], None, {})
    assert "sentiment: not scored" in panel.meta_label.text()


def test_the_legend_of_eight_channels_wraps_inside_the_chart(qtbot) -> None:
    chart = BarChart("Contacts per hour")
    qtbot.addWidget(chart)
    chart.resize(420, 240)
    chart.set_data([f"{h:02d}" for h in range(24)], [(c, [1.0] * 24) for c in CHANNELS])
    metrics = QFontMetrics(chart.font())
    places = chart.legend_places(metrics)
    assert max(row for _x, row in places) >= 1  # eight do not fit on one line of 420 px
    for (name, _v), (x, _row) in zip(chart.series, places, strict=True):
        assert x + 13 + metrics.horizontalAdvance(name) <= chart.width() - 4, name
    chart.resize(1600, 240)
    assert {row for _x, row in chart.legend_places(metrics)} == {0}


def test_screens_with_all_channels(qtbot, lead_window: MainWindow, tmp_path: Path) -> None:  # noqa: F811
    """Every channel in the volume chart (the legend at its widest), both themes, both sizes,
    each tab of the desk; a person looks at them (LASTMILE_SCREENS)."""
    app = lead_window.app
    now = to_ms(app.clock.now())
    for i, channel in enumerate(CHANNELS):
        app.db.execute_sql(
            "INSERT INTO contact (id, channel, direction, received_at, subject, preview, "
            "skill, priority, status, updated_at, team) VALUES (?, ?, 'inbound', ?, 's', '', "
            "'general', 0, 'open', ?, '')",
            (new_id(), channel, now - (i + 1) * 600_000, now),
        )
    desk = _desk(qtbot, lead_window)
    assert len(desk.snapshot["volume"]["series"]) == 8
    shots = Path(SHOTS_DIR) if SHOTS_DIR else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    qt = QApplication.instance()
    assert isinstance(qt, QApplication)
    before = qt.palette()
    try:
        for scheme in ("light", "dark"):
            qt.setPalette(theme.palette(scheme))
            qt.setStyleSheet(theme.stylesheet(False, scheme))
            for size in ((1366, 768), (1920, 1080)):
                desk.resize(*size)
                for tab in (0, 5, 6):
                    desk.tabs.setCurrentIndex(tab)
                    qtbot.wait(60)
                    name = f"desk-{scheme}-{size[0]}-tab{tab}.png"
                    assert desk.grab().save(str(shots / name))
            for size in ((1366, 768), (1920, 1080)):  # the wallboard: type 1.6x larger
                desk.toggle_wallboard()
                desk.showNormal()  # (the offscreen screen is 800x800)
                desk.resize(*size)
                qtbot.wait(60)
                assert desk.grab().save(str(shots / f"wall-{scheme}-{size[0]}.png"))
                desk.toggle_wallboard()
    finally:
        qt.setPalette(before)
        qt.setStyleSheet("")
    json.dumps(desk.snapshot)  # plain data
    assert FloorFigures  # (the figures the desk shows are checked in tests/test_supervisor*)
    desk.close()


def test_the_desk_sweeps_old_contacts_off_the_ui_thread(qtbot, lead_window: MainWindow) -> None:  # noqa: F811
    ids = [c.id for c in Contact.select(Contact.id).limit(3)]
    Contact.update(sentiment=None, subject="Awful service, I am furious").where(
        Contact.id.in_(ids)
    ).execute()
    desk = _desk(qtbot, lead_window)
    desk.sweep.chunk = 2  # several chunks, one after the other
    qtbot.waitUntil(lambda: desk.sweep.done, timeout=15000)
    assert desk.sweep.scored >= 3
    scores = [Contact.get_by_id(i).sentiment for i in ids]
    assert all(s is not None and s < -0.05 for s in scores), scores
    desk.close()
