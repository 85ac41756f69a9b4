"""Opening workspaces: migrations, pragmas, kind checks, client ids, full-text index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.database import open_database, schema_version
from models.errors import WorkspaceKindError
from models.queries import search_messages
from models.schema import ALL_TABLES, Event, Intent


def test_new_database_is_migrated_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = open_database(tmp_path / "a.sqlite3", kind="live")
    try:
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        applied = [r[0] for r in db.execute_sql("SELECT name FROM schema_migration")]
        assert max(int(name.split("_")[0]) for name in applied) == schema_version() >= 6
        meta = dict(db.execute_sql("SELECT key, value FROM workspace_meta").fetchall())
        assert meta["kind"] == "live" and meta["schema_version"] == str(schema_version())
        assert len(meta["client_id"]) == 36
    finally:
        db.close()


def test_model_fields_match_migrated_columns(tmp_path: Path) -> None:
    db = open_database(tmp_path / "a.sqlite3", kind="live")
    try:
        for model in ALL_TABLES:
            table = model._meta.table_name
            columns = {r[1] for r in db.execute_sql(f'PRAGMA table_info("{table}")')}
            fields = {f.column_name for f in model._meta.sorted_fields}
            assert fields == columns, table
    finally:
        db.close()


def test_wrong_kind_is_refused(tmp_path: Path) -> None:
    open_database(tmp_path / "live.sqlite3", kind="live").close()
    open_database(tmp_path / "train.sqlite3", kind="training").close()
    with pytest.raises(WorkspaceKindError, match="live workspace"):
        open_database(tmp_path / "live.sqlite3", kind="training")
    with pytest.raises(WorkspaceKindError, match="training workspace"):
        open_database(tmp_path / "train.sqlite3", kind="live")


def test_copied_database_gets_a_new_client_id_and_keeps_its_outbox(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    db = open_database(tmp_path / "a.sqlite3", kind="live")
    first = db.execute_sql("SELECT value FROM workspace_meta WHERE key='client_id'").fetchone()[0]
    Intent.create(name="contact.note", args="{}", hlc="x", created_at=datetime.now(UTC))
    db.close()
    shutil.copy(tmp_path / "a.sqlite3", tmp_path / "b.sqlite3")
    db = open_database(tmp_path / "b.sqlite3", kind="live")
    try:
        second = db.execute_sql(
            "SELECT value FROM workspace_meta WHERE key='client_id'"
        ).fetchone()[0]
        assert second != first
        assert Intent.select().count() == 1
    finally:
        db.close()
    db = open_database(tmp_path / "a.sqlite3", kind="live")
    try:
        again = db.execute_sql("SELECT value FROM workspace_meta WHERE key='client_id'").fetchone()[
            0
        ]
        assert again == first  # reopening the original keeps its id
    finally:
        db.close()


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(tmp_path / "fts.sqlite3", kind="live")
    yield database
    database.close()


def test_fts_follows_inserts_updates_and_deletes(db) -> None:
    from datetime import UTC, datetime

    event = Event.create(
        at=datetime.now(UTC), kind="inbound", subject="Bike", body="The saddle squeaks"
    )
    assert [r["event_id"] for r in search_messages(db, "squeak")] == [event.id]
    Event.update(body="The bell rings").where(Event.id == event.id).execute()
    assert search_messages(db, "squeak") == []
    assert len(search_messages(db, "bell")) == 1
    Event.delete().where(Event.id == event.id).execute()
    assert search_messages(db, "bell") == []
    Event.create(at=datetime.now(UTC), kind="ack", subject="", body="we received squeak")
    assert search_messages(db, "received") == []  # bookkeeping is not indexed


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text())
def test_any_text_is_a_valid_search(db, text: str) -> None:
    search_messages(db, text)
