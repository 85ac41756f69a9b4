"""A supervisor's window: an influencer's post raises an alarm that shows in the attention
list with its evidence, goes out as a notification titled by its kind, and is acknowledged
from the list's context menu action (issue 13)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.app import Application
from desktop.ops import alerts as alert_ops
from models.schema import Alert
from tests.ui.conftest import Errors, _window
from ui.controllers.attention import AlertRole
from ui.main_window import MainWindow


@pytest.fixture
def lead_window(qtbot, workspace_app: Application, unexpected: Errors) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    yield from _window(qtbot, workspace_app, unexpected, "ana")


def test_an_alarm_shows_with_its_evidence_notifies_and_is_acknowledged(
    qtbot, lead_window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    w = lead_window
    app = w.app
    alert_ops.add_rule(app.mutator, alert_ops.rule_fields("influencer"))
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    app.intake.ingest(
        [
            (
                1,
                {
                    "type": "contact",
                    "channel": "social",
                    "external_id": "big-post",
                    "received_at": now,
                    "from": {"handle": "@bigvoice", "network": "twitter", "followers": 50_000},
                    "body": "Your delivery is a joke #fail",
                },
            )
        ]
    )
    (alert,) = Alert.select().where(Alert.kind == "influencer")
    w.tray.refresh()
    (notice,) = [n for n in w.tray.sent if n.contact_id == alert.contact_id]
    assert notice.title == "Influencer mention" and "50,000 followers" in notice.text
    w.attention.refresh_attention()
    assert "alert" in w.attention_button.text()
    w.attention.show_attention()
    rows = [w.results_list.item(i) for i in range(w.results_list.count())]
    (row,) = [r for r in rows if r.data(AlertRole) == alert.id]
    assert "50,000 followers" in row.text()
    assert "Followers: 50,000 (threshold 10,000)" in row.toolTip()
    if os.environ.get("LASTMILE_SCREENSHOTS"):
        for size in ((1366, 768), (1920, 1080)):
            w.resize(*size)
            qtbot.wait(50)
            w.grab().save(str(Path(os.environ["LASTMILE_SCREENSHOTS"]) / f"alerts-{size[0]}.png"))
    w.attention.acknowledge(alert.id)
    qtbot.waitUntil(lambda: Alert.get_by_id(alert.id).state == "acknowledged", timeout=5000)
    qtbot.waitUntil(
        lambda: all(
            w.results_list.item(i).data(AlertRole) != alert.id
            for i in range(w.results_list.count())
        ),
        timeout=5000,
    )
