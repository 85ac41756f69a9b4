"""Shared fixtures for the non-GUI tests: a temporary workspace on a fixed clock.

No Qt here: the Qt fixtures live in tests/ui/conftest.py.

``models.base.database_proxy`` is process-global, so every fixture that opens a
database closes it again in its teardown; a test that opens a second one must
close it itself.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop.app import Application
from desktop.clock import FixedClock
from desktop.intake import IntakeReport
from desktop.ops import Actor
from desktop.ops import agents as agent_ops
from desktop.workspace import Workspace
from models.schema import Agent
from tests.mailservers import dovecot, smtp_server  # noqa: F401 - fixtures for every test

DATA = Path(__file__).parent / "data"

# A Sunday morning in November; every record the tests make arrives shortly before it.
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)

Record = dict[str, Any]

_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(Z|[+-]\d{2}:\d{2})")


def as_of_now(source: Path, directory: Path) -> Path:
    """A copy of a sample file (same name, same lines) whose times are moved so that its
    latest record arrived half an hour ago: tests that run a real process with the real
    clock see a fresh morning whatever the date, so what depends on age (automatic
    acknowledgements and follow-ups only for fresh contacts, SLAs) behaves as on that day."""
    text = source.read_text(encoding="utf-8")

    def parse(match: re.Match[str]) -> datetime:
        return datetime.fromisoformat(match.group(1) + match.group(2).replace("Z", "+00:00"))

    latest = max(
        parse(m)
        for m in _STAMP.finditer(text)
        if '"received_at"' in text[max(0, m.start() - 20) : m.start()]
    )
    shift = (datetime.now(UTC) - timedelta(minutes=30)).replace(second=0, microsecond=0) - latest

    def moved(match: re.Match[str]) -> str:
        return (parse(match) + shift).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    target = directory / source.name
    target.write_text(_STAMP.sub(moved, text), encoding="utf-8")
    return target


def open_app(root: Path, kind: str = "live", clock: FixedClock | None = None) -> Application:
    return Application.open(Workspace(root, kind), clock=clock or FixedClock(NOW))


def table_counts(path: Path) -> dict[str, int]:
    """Rows in every table of a database file (read with plain sqlite3, closed again)."""
    db = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        db.close()


def contact_record(
    n: int = 1,
    *,
    channel: str = "email",
    minutes_ago: int = 30,
    sender: dict[str, Any] | None = None,
    **extra: Any,
) -> Record:
    """A good inbound contact in the format of DESIGN.md."""
    received = NOW.timestamp() - minutes_ago * 60
    record: Record = {
        "type": "contact",
        "channel": channel,
        "external_id": f"{channel}-{n}",
        "received_at": datetime.fromtimestamp(received, UTC).isoformat().replace("+00:00", "Z"),
        "from": sender
        if sender is not None
        else {"name": f"Customer {n}", "email": f"customer{n}@example.com"},
        "subject": f"Question {n}",
        "body": f"Body of question {n}",
    }
    record.update(extra)
    return record


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture(autouse=True)
def _one_workspace_per_test() -> Iterator[None]:
    """A workspace a test left open (no close) is let go after it: the next test may open
    its own (models/database.py refuses a second one while one is open; that refusal is
    tested in tests/test_second_database.py, not by every test after a leaky one)."""
    yield
    from models.base import database_proxy

    if getattr(database_proxy.obj, "bound_by", None) is not None:
        database_proxy.obj.bound_by = None


@pytest.fixture
def live_app(tmp_path: Path, clock: FixedClock) -> Iterator[Application]:
    app = open_app(tmp_path / "live", "live", clock)
    yield app
    app.close()


@pytest.fixture
def training_app(tmp_path: Path, clock: FixedClock) -> Iterator[Application]:
    app = open_app(tmp_path / "training", "training", clock)
    yield app
    app.close()


@pytest.fixture
def ingest() -> Callable[..., IntakeReport]:
    """Feed records (positions from 1) to an application's intake."""

    def run(app: Application, *records: Any, source: str = "") -> IntakeReport:
        return app.intake.ingest(enumerate(records, start=1), source=source)

    return run


@pytest.fixture
def make_agent() -> Callable[..., Actor]:
    """Add an agent through the real operation and return it as an Actor."""

    def run(
        app: Application,
        login: str,
        name: str,
        *,
        role: str = "agent",
        skills: dict[str, int] | None = None,
    ) -> Actor:
        agent_ops.add_agent(
            app.mutator, login=login, display_name=name, role=role, skills=skills or {}
        )
        return Actor.of(Agent.get(Agent.login == login))

    return run
