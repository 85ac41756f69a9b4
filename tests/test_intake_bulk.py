"""Import through the one door (issue 16): real clock stamps, one audit per chunk, a second
import of the same file changes nothing, rejected lines reported with line and reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import desktop.intake
from desktop.app import Application
from desktop.importer import read_file
from desktop.workspace import Workspace
from models.database import get_meta

TABLES = ("customer", "identity", "contact", "event", "outbox", "audit", "message_fts")


def _write(path: Path, n: int) -> None:
    lines = []
    for i in range(n):
        lines.append(
            json.dumps(
                {
                    "type": "contact",
                    "channel": ("email", "sms", "chat")[i % 3],
                    "external_id": f"b-{i}",
                    "received_at": f"2026-03-02T10:{i % 60:02d}:00+00:00",
                    "from": {"name": f"P {i}", "email": f"p{i % 7}@example.net"},
                    "subject": f"About order {i}",
                    "body": "word " * (40 + i),
                }
            )
        )
    lines.insert(3, "{not json")
    lines.insert(6, json.dumps({"type": "contact", "channel": "email"}))
    path.write_text("\n".join(lines) + "\n")


def _counts(app: Application) -> dict[str, int]:
    return {t: app.db.execute_sql(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_import_goes_through_the_one_door_and_twice_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(desktop.intake, "CHUNK", 10)  # several chunks
    app = Application.open(Workspace(tmp_path / "ws"))
    try:
        path = tmp_path / "in.jsonl"
        _write(path, 25)
        report = app.intake.ingest(read_file(path), source=str(path))
        assert report.imported == 25
        assert [(r.position, r.reason.split(":")[0]) for r in report.rejected] == [
            (4, "invalid JSON"),
            (7, report.rejected[1].reason.split(":")[0]),
        ]
        assert report.rejected[1].reason  # a reason for the record without its fields
        stamps = [r[0] for r in app.db.execute_sql("SELECT hlc FROM outbox ORDER BY rowid")]
        assert len(stamps) == 25
        assert stamps == sorted(stamps) and len(set(stamps)) == 25  # the real HLC, ticking
        assert not any(s.endswith("-intake") for s in stamps)
        node = get_meta("hlc")
        assert node == stamps[-1]
        audits = app.db.execute_sql(
            "SELECT action, entity, detail FROM audit WHERE action = 'intake'"
        ).fetchall()
        assert len(audits) == 3  # one per chunk of 10 records (the door's batch record)
        assert sum(json.loads(d)["intents"] for _, _, d in audits) == 25
        before = _counts(app)
        again = app.intake.ingest(read_file(path), source=str(path))
        assert again.imported == 0 and again.duplicates == 25
        assert _counts(app) == before
    finally:
        app.close()
