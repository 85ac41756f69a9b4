"""The storage layer: opening a workspace database, its schema, and full-text search."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from peewee import CompositeKey, IntegrityError, SqliteDatabase
from playhouse.migrations import Runner

from desktop.app import Application
from desktop.intake import IntakeReport
from models.base import BaseModel, database_proxy, iso, new_id, parse_iso
from models.database import MIGRATIONS_DIR, get_meta, open_database, schema_version
from models.errors import WorkspaceKindError
from models.queries import (
    QueueFilter,
    fts_query,
    queue_count,
    queue_page,
    queue_page_before,
    queue_rows,
    search_messages,
)
from models.schema import ALL_TABLES, Contact, Customer, Event, Identity, Intent
from tests.conftest import NOW, contact_record


def meta(path: Path) -> dict[str, str]:
    db = sqlite3.connect(path)
    try:
        return dict(db.execute("SELECT key, value FROM workspace_meta").fetchall())
    finally:
        db.close()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[SqliteDatabase]:
    database = open_database(tmp_path / "lastmile.sqlite3", kind="live")
    yield database
    database.close()


# -- opening -------------------------------------------------------------------------


def test_a_new_database_is_built_by_every_numbered_migration(db: SqliteDatabase) -> None:
    shipped = sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py"))
    applied = sorted(r[0] for r in db.execute_sql("SELECT name FROM schema_migration"))
    assert applied == shipped
    assert int(shipped[-1].split("_")[0]) == schema_version()
    tables = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {m._meta.table_name for m in ALL_TABLES} | {"message_fts"} <= tables
    assert get_meta("schema_version") == str(schema_version())


def test_wal_mode_and_foreign_keys_are_on(db: SqliteDatabase) -> None:
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    # and enforced: an identity cannot point at a customer that does not exist
    with pytest.raises(IntegrityError):
        Identity.create(customer=new_id(), kind="email", value="ghost@example.com")


def test_reopening_runs_nothing_again_and_keeps_the_client_id(tmp_path: Path) -> None:
    path = tmp_path / "lastmile.sqlite3"
    open_database(path, kind="live").close()
    first = meta(path)
    db = open_database(path, kind="live")
    try:
        assert db.execute_sql("SELECT count(*) FROM schema_migration").fetchone()[0] == len(
            list(MIGRATIONS_DIR.glob("[0-9]*.py"))
        )
    finally:
        db.close()
    assert meta(path) == first


@pytest.mark.parametrize("kind", ["live", "training"])
def test_the_kind_is_recorded(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.sqlite3"
    open_database(path, kind=kind).close()
    recorded = meta(path)
    assert recorded["kind"] == kind
    assert len(recorded["client_id"]) == 36


@pytest.mark.parametrize(("made", "opened"), [("live", "training"), ("training", "live")])
def test_opening_as_the_other_kind_is_refused_and_changes_nothing(
    tmp_path: Path, made: str, opened: str
) -> None:
    path = tmp_path / "workspace.sqlite3"
    open_database(path, kind=made).close()
    before = meta(path)
    with pytest.raises(WorkspaceKindError, match=f"is a {made} workspace"):
        open_database(path, kind=opened)
    assert meta(path) == before


def test_unknown_kind_is_a_bug_not_a_workspace(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown workspace kind"):
        open_database(tmp_path / "x.sqlite3", kind="staging")
    assert not (tmp_path / "x.sqlite3").exists()


def test_a_copied_file_becomes_a_new_client_and_keeps_its_outbox(tmp_path: Path) -> None:
    original = tmp_path / "a" / "lastmile.sqlite3"
    db = open_database(original, kind="live")
    Intent.create(name="contact.note", args="{}", hlc="h", created_at=NOW)
    Intent.create(name="contact.reply", args="{}", hlc="h", created_at=NOW)
    db.close()
    first = meta(original)["client_id"]

    copy = tmp_path / "b" / "lastmile.sqlite3"
    copy.parent.mkdir()
    shutil.copy(original, copy)
    db = open_database(copy, kind="live")
    try:
        assert get_meta("client_id") != first
        assert [i.name for i in Intent.select().order_by(Intent.mutation_id)] == [
            "contact.note",
            "contact.reply",
        ]
        assert Intent.select().where(Intent.state == "pending").count() == 2
    finally:
        db.close()
    copied = meta(copy)["client_id"]

    # each file keeps the id it has now
    assert meta(original)["client_id"] == first
    open_database(original, kind="live").close()
    open_database(copy, kind="live").close()
    assert meta(original)["client_id"] == first
    assert meta(copy)["client_id"] == copied


def test_an_older_database_is_migrated_forward_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = SqliteDatabase(str(path), pragmas={"journal_mode": "wal", "foreign_keys": 1})
    try:
        Runner(old, str(MIGRATIONS_DIR)).up("0001_initial")
        old.execute_sql(
            "INSERT INTO event (id, at, channel, kind, subject, body, data) "
            "VALUES (?, 0, 'email', 'inbound', 'Broken saddle', 'it squeaks', '{}')",
            [new_id()],
        )
        old.execute_sql(
            "INSERT INTO event (id, at, channel, kind, subject, body, data) "
            "VALUES (?, 0, 'email', 'ack', 'Re: Broken saddle', 'we answer soon', '{}')",
            [new_id()],
        )
    finally:
        old.close()
    db = open_database(path, kind="live")
    try:
        columns = {r[1] for r in db.execute_sql('PRAGMA table_info("contact")')}
        assert {"sla_paused_at", "resolve_by"} <= columns
        assert [h["subject"] for h in search_messages(db, "saddle")] == ["Broken saddle"]
        assert search_messages(db, "answer") == []  # acknowledgements left the index (0006)
    finally:
        db.close()


# -- schema --------------------------------------------------------------------------


@pytest.mark.parametrize("model", ALL_TABLES, ids=lambda m: m._meta.table_name)
def test_model_matches_the_migrated_table(db: SqliteDatabase, model: type[BaseModel]) -> None:
    table = model._meta.table_name
    columns = {r[1]: r for r in db.execute_sql(f'PRAGMA table_info("{table}")')}
    fields = {f.column_name: f for f in model._meta.sorted_fields}
    assert set(fields) == set(columns)
    key = model._meta.primary_key
    composite = set(key.field_names) if isinstance(key, CompositeKey) else set()
    for name, f in fields.items():
        _, _, _, notnull, _, pk = columns[name]
        assert bool(pk) == (bool(f.primary_key) or bool(composite and f.name in composite)), name
        assert (bool(notnull) or bool(pk)) == (not f.null), name
    foreign = {(r[3], r[2], r[4]) for r in db.execute_sql(f'PRAGMA foreign_key_list("{table}")')}
    for f in model._meta.sorted_fields:
        if hasattr(f, "rel_model"):
            assert (f.column_name, f.rel_model._meta.table_name, f.rel_field.column_name) in (
                foreign
            )
    unique_sets = [
        [c[2] for c in db.execute_sql(f'PRAGMA index_info("{r[1]}")')]
        for r in db.execute_sql(f'PRAGMA index_list("{table}")')
        if r[2]
    ]
    for f in model._meta.sorted_fields:
        if f.unique:
            assert [f.column_name] in unique_sets, f.column_name
    for names, unique in model._meta.indexes:
        if unique:
            assert [model._meta.fields[n].column_name for n in names] in unique_sets


def test_times_are_stored_as_utc_milliseconds(db: SqliteDatabase) -> None:
    local = parse_iso("2026-11-22T10:15:00+01:00")
    customer = Customer.create(name="Joan Smith", created_at=local, updated_at=local)
    raw = db.execute_sql("SELECT created_at FROM customer WHERE id = ?", [customer.id]).fetchone()
    assert raw[0] == int(NOW.replace(hour=9, minute=15).timestamp() * 1000)
    again = Customer.get_by_id(customer.id)
    assert again.created_at == local and iso(again.created_at) == "2026-11-22T09:15:00Z"
    with pytest.raises(ValueError, match="time zone"):
        Customer.create(name="Naive", created_at=local.replace(tzinfo=None), updated_at=local)


def test_new_ids_are_uuid7_and_sort_by_time() -> None:
    ids = [new_id() for _ in range(200)]
    assert all(len(i) == 36 and i[14] == "7" and i[19] in "89ab" for i in ids)
    stamps = [int(i[:8] + i[9:13], 16) for i in ids]  # the 48-bit millisecond prefix
    assert stamps == sorted(stamps)
    assert len(set(ids)) == len(ids)


# -- full-text search ----------------------------------------------------------------


def _event(kind: str = "inbound", subject: str = "", body: str = "") -> Event:
    return Event.create(at=NOW, channel="email", kind=kind, subject=subject, body=body)


def _found(db: SqliteDatabase, text: str) -> list[str]:
    return [r["event_id"] for r in search_messages(db, text)]


def test_the_index_follows_insert_update_and_delete(db: SqliteDatabase) -> None:
    event = _event(subject="Bike delivery", body="The cargo bike never arrived")
    other = _event(subject="Helmet", body="Wrong size")
    assert _found(db, "cargo") == [event.id]
    assert _found(db, "deliv") == [event.id]  # prefixes match
    assert _found(db, "CARGO bike") == [event.id]

    Event.update(body="The parcel came back").where(Event.id == event.id).execute()
    assert _found(db, "cargo") == []
    assert _found(db, "parcel") == [event.id]
    assert _found(db, "delivery") == [event.id]  # the subject is still indexed

    Event.delete().where(Event.id == event.id).execute()
    assert _found(db, "parcel") == []
    assert _found(db, "delivery") == []
    assert _found(db, "helmet") == [other.id]
    # the index holds exactly the indexed events, nothing stale
    db.execute_sql("INSERT INTO message_fts(message_fts, rank) VALUES ('integrity-check', 1)")


def test_bookkeeping_events_stay_out_of_the_index(db: SqliteDatabase) -> None:
    note = _event(kind="note", body="customer prefers mornings")
    ack = _event(kind="ack", body="we received your message")
    assert _found(db, "mornings") == [note.id]
    assert _found(db, "received") == []
    # a change of kind moves an event in or out of the index
    Event.update(kind="reply").where(Event.id == ack.id).execute()
    assert _found(db, "received") == [ack.id]
    Event.update(kind="status").where(Event.id == note.id).execute()
    assert _found(db, "mornings") == []


def test_newest_matches_first_with_a_snippet(db: SqliteDatabase) -> None:
    older = _event(body="battery drains overnight")
    newer = Event.create(
        at=NOW + timedelta(minutes=5), channel="chat", kind="inbound", body="battery is dead"
    )
    hits = search_messages(db, "battery")
    assert [h["event_id"] for h in hits] == [newer.id, older.id]
    assert "[battery]" in hits[0]["snippet"]
    assert hits[0]["at"] == NOW + timedelta(minutes=5)


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "'",
        "*",
        "^",
        "(",
        ")",
        "a:b",
        "NOT",
        "AND OR",
        "NEAR(a b)",
        "-",
        "col:x*",
        "\x00",
        "",
        "   ",
        "🚲",
        "☃ snow",
        "\\",
        "{}",
        "[]",
    ],
)
def test_fts_syntax_in_user_text_is_never_an_error(db: SqliteDatabase, text: str) -> None:
    _event(body="NOT a real AND sentence NEAR the col")
    search_messages(db, text)


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('say "hi" OR (bye)') == '"say"* "hi"* "OR"* "bye"*'
    assert fts_query("***") is None
    assert fts_query("a") == '"a"*'


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text())
def test_any_text_can_be_searched(db: SqliteDatabase, text: str) -> None:
    assert database_proxy.obj is db
    hits = search_messages(db, text)
    assert isinstance(hits, list)


# -- the queue -----------------------------------------------------------------------


def test_queue_pages_in_arrival_order_with_filters(
    live_app: Application, ingest: Callable[..., IntakeReport]
) -> None:
    channels = ["email", "sms", "chat", "phone", "webform"]
    records = [
        contact_record(
            n,
            channel=channels[n % 5],
            minutes_ago=(n * 7) % 13,
            skill="billing" if n % 3 == 0 else "sales",
        )
        for n in range(1, 41)
    ]
    ingest(live_app, *records)
    db = live_app.db
    everything = queue_page(db, QueueFilter(), limit=1000)
    assert len(everything) == 40 == queue_count(db, QueueFilter())
    assert everything == sorted(everything)  # (received_at, id): ties broken by id

    paged: list[tuple[int, str]] = []
    after = None
    while page := queue_page(db, QueueFilter(), after=after, limit=6):
        paged += page
        after = page[-1]
    assert paged == everything
    # backwards from any key: the rows just above it (ties by id too), in arrival order
    for n in (0, 1, 17, 39):
        assert (
            queue_page_before(db, QueueFilter(), everything[n], limit=6)
            == everything[max(0, n - 6) : n]
        )

    for flt in (
        QueueFilter(channel="sms"),
        QueueFilter(skill="billing"),
        QueueFilter(channel="chat", skill="sales"),
    ):
        keys = queue_page(db, flt, limit=1000)
        rows = queue_rows(db, [k[1] for k in keys])
        assert len(keys) == queue_count(db, flt) > 0
        assert all((flt.channel or r["channel"]) == r["channel"] for r in rows.values())
        assert all((flt.skill or r["skill"]) == r["skill"] for r in rows.values())
        assert keys == [k for k in everything if k[1] in rows]

    resolved = everything[0][1]
    Contact.update(status="resolved").where(Contact.id == resolved).execute()
    assert resolved not in {k[1] for k in queue_page(db, QueueFilter(), limit=1000)}
    assert [k[1] for k in queue_page(db, QueueFilter(status="resolved"))] == [resolved]
    assert queue_count(db, QueueFilter(assignee="unassigned")) == 39


def test_queue_rows_carry_what_the_list_shows(
    live_app: Application, ingest: Callable[..., IntakeReport]
) -> None:
    report = ingest(
        live_app,
        contact_record(
            1,
            sender={
                "name": "Mia Rides",
                "handle": "@mia",
                "network": "twitter",
                "followers": 50_000,
            },
            channel="social",
            subject="Mention",
            body="  so   slow ",
        ),
    )
    (row,) = queue_rows(live_app.db, report.contact_ids).values()
    assert (row["customer_name"], row["subject"], row["preview"]) == (
        "Mia Rides",
        "Mention",
        "so slow",
    )
    assert row["influencer"] and not row["vip"]
    assert row["received_at"].tzinfo is not None and row["due_at"] > row["received_at"]
    assert queue_rows(live_app.db, []) == {}
