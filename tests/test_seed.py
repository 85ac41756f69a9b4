"""Demo and benchmark data: deterministic, exactly as much as asked, believable."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop.seed import SeedReport, seed
from desktop.seed_data import DEMO_AGENTS
from models.base import to_ms
from models.schema import CHANNELS
from tests.conftest import NOW, open_app, table_counts

DUMPS = {
    "contact": "SELECT id, channel, subject, customer_id, received_at, status, skill, "
    "assigned_to_id, due_at FROM contact ORDER BY id",
    "customer": "SELECT id, name, timezone, vip, influencer, reach FROM customer ORDER BY id",
    "identity": "SELECT id, customer_id, kind, value FROM identity ORDER BY id",
    "event": "SELECT id, customer_id, contact_id, at, kind, subject, body FROM event ORDER BY id",
    "agent": "SELECT id, login, display_name, role FROM agent ORDER BY id",
    "purchase": "SELECT id, customer_id, product, amount_cents FROM purchase ORDER BY id",
    "invoice": "SELECT id, customer_id, number, sent_at, paid_at FROM invoice ORDER BY id",
    "task": "SELECT id, contact_id, title, due_at FROM task ORDER BY id",
}


def make(root: Path, **kwargs: Any) -> SeedReport:
    options: dict[str, Any] = {"customers": 40, "contacts": 300, "seed_value": 7, "now": NOW}
    options.update(kwargs)
    app = open_app(root)
    try:
        return seed(app.db, **options)
    finally:
        app.close()


def dump(root: Path) -> dict[str, list[tuple[Any, ...]]]:
    db = sqlite3.connect(root / "lastmile.sqlite3")
    try:
        return {table: db.execute(sql).fetchall() for table, sql in DUMPS.items()}
    finally:
        db.close()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SeedReport]:
    root = tmp_path_factory.mktemp("seed") / "a"
    return root, make(root)


def test_same_seed_and_now_give_the_same_rows(
    seeded: tuple[Path, SeedReport], tmp_path: Path
) -> None:
    root, report = seeded
    again = make(tmp_path / "b")
    assert again == report
    first, second = dump(root), dump(tmp_path / "b")
    for table in DUMPS:
        assert first[table] == second[table], table


def test_another_seed_or_anchor_gives_other_rows(
    seeded: tuple[Path, SeedReport], tmp_path: Path
) -> None:
    root, _ = seeded
    make(tmp_path / "other-seed", seed_value=8)
    make(tmp_path / "later", now=NOW + timedelta(days=1))
    base = dump(root)["contact"]
    assert dump(tmp_path / "other-seed")["contact"] != base
    # the same day of work, a day later
    later = dump(tmp_path / "later")["contact"]
    assert [r[4] for r in later] == [r[4] + 86_400_000 for r in base]
    assert [r[1:3] for r in later] == [r[1:3] for r in base]  # channels and subjects


def test_counts_are_what_was_asked_and_what_is_reported(seeded: tuple[Path, SeedReport]) -> None:
    root, report = seeded
    counts = table_counts(root / "lastmile.sqlite3")
    assert (report.customers, report.contacts) == (40, 300)
    assert counts["customer"] == 40
    assert counts["contact"] == 300
    assert counts["event"] == report.events
    assert counts["agent"] == report.agents == len(DEMO_AGENTS)
    assert counts["purchase"] == report.purchases > 0
    assert counts["invoice"] == report.invoices > 0
    assert counts["outbox"] == 0  # seeding is an admin tool: nothing to sync


def test_the_data_is_a_believable_day(seeded: tuple[Path, SeedReport]) -> None:
    root, _ = seeded
    db = sqlite3.connect(root / "lastmile.sqlite3")
    try:
        channels = {r[0] for r in db.execute("SELECT DISTINCT channel FROM contact")}
        assert channels == set(CHANNELS)
        open_rows = db.execute(
            "SELECT received_at FROM contact WHERE status <> 'resolved'"
        ).fetchall()
        assert len(open_rows) == 30  # the default open share of a tenth
        now_ms = to_ms(NOW)
        assert all(now_ms - 9 * 3_600_000 <= r[0] <= now_ms for r in open_rows)
        orphans = db.execute(
            "SELECT count(*) FROM contact c LEFT JOIN customer cu ON cu.id = c.customer_id "
            "WHERE cu.id IS NULL"
        ).fetchone()[0]
        assert orphans == 0
        unresolved = db.execute(
            "SELECT count(*) FROM contact WHERE status = 'resolved' AND resolved_at IS NULL"
        ).fetchone()[0]
        assert unresolved == 0
        logins = {r[0] for r in db.execute("SELECT login FROM agent")}
        assert {login for login, *_ in DEMO_AGENTS} <= logins
        templates = db.execute("SELECT count(*) FROM template").fetchone()[0]
        assert templates > 0
        # every message is findable
        fts = db.execute("SELECT count(*) FROM message_fts WHERE message_fts MATCH 'delivery'")
        assert fts.fetchone()[0] > 0
    finally:
        db.close()


def test_nothing_to_seed_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        make(tmp_path / "x", customers=0)


def test_no_contacts_at_all(tmp_path: Path) -> None:
    report = make(tmp_path / "quiet", customers=3, contacts=0)
    counts = table_counts(tmp_path / "quiet" / "lastmile.sqlite3")
    assert (counts["customer"], counts["contact"]) == (3, 0)
    assert counts["event"] == report.events
