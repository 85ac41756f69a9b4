"""The command line: seed, import, queue, customer and agent, on a real workspace folder.

Most cases call desktop.cli in this process (fast); a few run the real program as a
subprocess (``python -m ui.main``), the way an admin's script does.
"""

from __future__ import annotations

import io
import json
import logging
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from desktop import cli
from desktop.ops import contacts as contact_ops
from models.schema import Contact
from tests.conftest import DATA, NOW, as_of_now, contact_record, open_app, table_counts

ROOT = Path(__file__).resolve().parent.parent
QUEUE_FIELDS = {
    "id",
    "channel",
    "received_at",
    "status",
    "skill",
    "customer_id",
    "subject",
    "assigned_to",
    "due_at",
}


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture(autouse=True)
def _close_cli_logging() -> Iterator[None]:
    """The CLI points the 'lastmile' logger at the workspace; close those files again."""
    yield
    logger = logging.getLogger("lastmile")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    logger.propagate = True


Lastmile = Callable[..., Result]


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A new, empty workspace (commands other than init/seed/login refuse a missing one)."""
    root = tmp_path / "ws"
    assert cli.run(cli.parse_args(["init", "--workspace", str(root)]), io.StringIO()) == 0
    return root


@pytest.fixture
def lastmile(ws: Path) -> Lastmile:
    """Run one command in this process against the test's workspace."""

    def run(*argv: str, workspace: Path | None = None) -> Result:
        out, err = io.StringIO(), io.StringIO()
        args = cli.parse_args([*argv, "--workspace", str(workspace or ws)])
        code = cli.run(args, out, err)
        assert "Traceback" not in err.getvalue()
        return Result(code, out.getvalue(), err.getvalue())

    return run


def program(ws: Path | None, *argv: str, env: dict[str, str] | None = None) -> Result:
    """Run the real program as a subprocess."""
    proc = subprocess.run(
        [sys.executable, "-m", "ui.main", *argv, *(["--workspace", str(ws)] if ws else [])],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return Result(proc.returncode, proc.stdout, proc.stderr)


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def morning(lastmile: Lastmile, ws: Path, tmp_path: Path) -> Path:
    """Two agents and a morning of contacts on every channel, imported with the CLI."""
    assert (
        lastmile(
            "agent",
            "add",
            "ana",
            "--name",
            "Ana Kovač",
            "--skills",
            "billing:3,general",
            "--role",
            "supervisor",
        ).code
        == 0
    )
    assert lastmile("agent", "add", "ben", "--name", "Ben Osei", "--skills", "sales").code == 0
    result = lastmile("import", str(as_of_now(DATA / "morning.jsonl", tmp_path)), "--json")
    assert result.code == 1  # the sample holds bad records too
    return ws


# -- import --------------------------------------------------------------------------


def test_import_json_shape_and_exit_status(lastmile: Lastmile, tmp_path: Path) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", [contact_record(1), contact_record(2)])
    result = lastmile("import", str(good), "--json")
    assert result.code == 0
    assert result.json() == {"imported": 2, "duplicates": 0, "rejected": []}

    mixed = write_jsonl(
        tmp_path / "mixed.jsonl",
        [contact_record(1), contact_record(3, channel="pigeon"), contact_record(4)],
    )
    result = lastmile("import", str(mixed), "--json")
    assert result.code != 0
    report = result.json()
    assert set(report) == {"imported", "duplicates", "rejected"}
    assert (report["imported"], report["duplicates"]) == (1, 1)
    (bad,) = report["rejected"]
    assert bad["position"] == 2 and "unknown channel 'pigeon'" in bad["reason"]
    assert bad["file"] == str(mixed)


def test_import_text_report_names_every_rejected_record(lastmile: Lastmile) -> None:
    result = lastmile("import", str(DATA / "morning.jsonl"))
    assert result.code == 1
    assert "Imported 11, skipped 0 duplicates, rejected 6" in result.out
    for line in (12, 13, 14, 15, 16, 17):
        assert f"morning.jsonl:{line}:" in result.out


def test_import_several_files_of_every_format(lastmile: Lastmile, ws: Path) -> None:
    files = [
        DATA / n
        for n in (
            "morning.jsonl",
            "shop_export.json",
            "contact_form.csv",
            "question.eml",
            "reply.eml",
            "inbox.mbox",
        )
    ]
    result = lastmile("import", *map(str, files), "--json")
    assert result.code == 1
    report = result.json()
    # the social mention and the chat of the morning are in the web form export too
    # the mbox message without a Date takes its envelope date ("From " line)
    assert (report["imported"], report["duplicates"]) == (11 + 4 + 2 + 1 + 1 + 4, 2)
    assert len(report["rejected"]) == 6 + 2 + 1
    assert [(Path(r["file"]).name, r["position"]) for r in report["rejected"]][6:] == [
        ("shop_export.json", 5),
        ("shop_export.json", 6),
        ("contact_form.csv", 6),
    ]
    before = table_counts(ws / "lastmile.sqlite3")
    again = lastmile("import", *map(str, files), "--json").json()
    assert (again["imported"], again["duplicates"]) == (0, report["imported"] + 2)
    assert table_counts(ws / "lastmile.sqlite3") == before


# -- queue ---------------------------------------------------------------------------


def test_queue_json_fields_and_arrival_order(lastmile: Lastmile, morning: Path) -> None:
    items = lastmile("queue", "--json").json()
    assert len(items) == 9
    for item in items:
        assert set(item) >= QUEUE_FIELDS
        assert item["received_at"].endswith("Z") and item["due_at"].endswith("Z")
        datetime.fromisoformat(item["received_at"].replace("Z", "+00:00"))
        assert item["status"] == "open" and item["assigned_to"] is None
    order = [(i["received_at"], i["id"]) for i in items]
    assert order == sorted(order)
    assert items[0]["subject"] == "Bike delivery" and items[0]["channel"] == "email"
    assert [i["id"] for i in lastmile("queue", "--json", "--limit", "4").json()] == [
        i["id"] for i in items[:4]
    ]


def test_queue_filters(lastmile: Lastmile, morning: Path) -> None:
    emails = lastmile("queue", "--json", "--channel", "email").json()
    assert [i["subject"] for i in emails] == ["Bike delivery", "Re: Bike delivery"]
    assert {i["skill"] for i in lastmile("queue", "--json", "--skill", "sales").json()} == {"sales"}

    app = open_app(morning)
    try:
        ben = app.sign_in("ben")
        first = Contact.get(Contact.external_id == "chat-5531")
        contact_ops.claim(app.mutator, ben, first.id)
        contact_ops.reply(app.mutator, ben, first.id, "A 56 cm frame fits you.")
        resolved = Contact.get(Contact.external_id == "sms-77")
        contact_ops.set_status(app.mutator, ben, resolved.id, "resolved")
    finally:
        app.close()

    held = lastmile("queue", "--json", "--assignee", "ben").json()
    assert [(i["id"], i["status"]) for i in held] == [(first.id, "waiting")]
    assert held[0]["assigned_to"] == ben.id
    assert [i["id"] for i in lastmile("queue", "--json", "--status", "waiting").json()] == [
        first.id
    ]
    unassigned = lastmile("queue", "--json", "--assignee", "unassigned").json()
    assert first.id not in {i["id"] for i in unassigned} and len(unassigned) == 7
    assert len(lastmile("queue", "--json").json()) == 8  # resolved work left the queue
    done = lastmile("queue", "--json", "--status", "resolved").json()
    assert [i["id"] for i in done] == [resolved.id]


def test_queue_text_and_empty_queue(lastmile: Lastmile, tmp_path: Path) -> None:
    assert lastmile("queue").out.strip() == "The queue is empty."
    assert lastmile("queue", "--json").json() == []
    lastmile("import", str(write_jsonl(tmp_path / "one.jsonl", [contact_record(1)])))
    assert "Question 1" in lastmile("queue").out


# -- customer ------------------------------------------------------------------------


def test_customer_card_json(lastmile: Lastmile, morning: Path) -> None:
    card = lastmile("customer", "--email", "JOAN@example.com", "--json").json()
    assert {"id", "name", "identities", "history", "purchases", "invoices", "tasks"} <= set(card)
    assert card["name"] == "Joan Smith"
    assert sorted((i["kind"], i["value"]) for i in card["identities"]) == [
        ("email", "joan@example.com"),
        ("phone", "+15551234567"),
    ]
    history = card["history"]
    assert all({"at", "channel", "kind", "summary"} <= set(h) for h in history)
    assert [h["at"] for h in history] == sorted((h["at"] for h in history), reverse=True)
    assert history[0]["summary"] == "Re: Bike delivery: Any news?"
    kinds = {h["kind"] for h in history}
    assert {"inbound", "purchase", "invoice"} <= kinds
    assert {h["channel"] for h in history if h["kind"] == "inbound"} == {
        "email",
        "phone",
        "session",
    }
    assert [p["product"] for p in card["purchases"]] == ["Cargo bike Family"]
    assert card["purchases"][0]["amount"] == 3499.0
    assert [(i["number"], i["state"]) for i in card["invoices"]] == [("INV-2026-1001", "sent")]
    assert [t["title"] for t in card["tasks"]] == [
        "Follow up on the call",
        "Follow up on the failed online session",
    ]

    for key in (["--phone", "+1 (555) 123-4567"], ["--phone", "555.123.4567"], [card["id"]]):
        assert lastmile("customer", *key, "--json").json()["id"] == card["id"]
    mia = lastmile("customer", "--handle", "twitter:@MiaRides", "--json").json()
    assert mia["identities"] == [{"kind": "handle", "value": "twitter:miarides"}]
    text = lastmile("customer", "--email", "joan@example.com").out
    assert "Joan Smith" in text and "History (newest first):" in text


def test_customer_history_limit(lastmile: Lastmile, morning: Path) -> None:
    card = lastmile("customer", "--email", "joan@example.com", "--json", "--history", "2").json()
    assert len(card["history"]) == 2


# -- agents --------------------------------------------------------------------------


def test_agent_add_and_list(lastmile: Lastmile) -> None:
    assert lastmile("agent", "list").out.strip() == "No agents yet."
    added = lastmile(
        "agent",
        "add",
        "Chen",
        "--name",
        "Chen Wei",
        "--skills",
        "tech:3,general",
        "--role",
        "agent",
    )
    assert added.code == 0 and "Added agent Chen" in added.out
    lastmile("agent", "add", "dana", "--name", "Dana Ruiz", "--role", "trainee")
    agents = lastmile("agent", "list", "--json").json()
    assert [(a["login"], a["name"], a["role"]) for a in agents] == [
        ("chen", "Chen Wei", "agent"),
        ("dana", "Dana Ruiz", "trainee"),
    ]
    assert agents[0]["skills"] == {"tech": 3, "general": 1}
    assert agents[1]["skills"] == {}
    text = lastmile("agent", "list").out
    assert "chen" in text and "tech:3" in text and "Dana Ruiz" in text


# -- seed ----------------------------------------------------------------------------


def test_seed_json_report(lastmile: Lastmile, ws: Path) -> None:
    result = lastmile(
        "seed",
        "--customers",
        "25",
        "--contacts",
        "120",
        "--seed",
        "4",
        "--now",
        "2026-11-22T09:00:00Z",
        "--json",
    )
    assert result.code == 0
    report = result.json()
    counts = table_counts(ws / "lastmile.sqlite3")
    assert (report["customers"], report["contacts"]) == (25, 120)
    assert (counts["customer"], counts["contact"]) == (25, 120)
    assert report["agents"] == counts["agent"]
    assert lastmile("queue", "--json", "--limit", "500").json()
    again = lastmile("seed", "--customers", "1", "--contacts", "1")
    assert again.code == 1 and "not empty" in again.err


# -- errors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("customer", "--email", "nobody@example.com"), "no such customer"),
        (("customer", "0190a0a0-0000-7000-8000-000000000000"), "no such customer"),
        (("customer",), "say which customer"),
        (("customer", "--handle", "miarides"), "NETWORK:NAME"),
        (("customer", "--email", "not-an-address"), "not an email address"),
        (("import", "missing.jsonl"), "no such file"),
        (("import", "notes.txt"), "cannot import .txt"),
        (("queue", "--assignee", "ghost"), "no agent with login 'ghost'"),
        (("queue", "--limit", "0"), "--limit must be at least 1"),
        (("agent", "set", "ghost", "--team", "x"), "no agent with login 'ghost'"),
        (("agent", "add", "ana", "--name", "Another Ana"), "already exists"),
        (("agent", "add", "Bad Login!", "--name", "X"), "must be lower-case"),
        (("seed", "--customers", "0", "--contacts", "5"), "--customers must be at least 1"),
        (("seed", "--customers", "2", "--contacts", "5", "--now", "2026-11-22 09:00"), "--now"),
    ],
)
def test_errors_are_one_line_on_stderr(
    lastmile: Lastmile, morning: Path, tmp_path: Path, argv: tuple[str, ...], message: str
) -> None:
    target = tmp_path / "empty" if argv[0] == "seed" else morning
    result = lastmile(*argv, workspace=target)
    assert result.code != 0
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("lastmile: ") and message in lines[0]


def test_a_bad_file_among_good_ones_is_one_line(lastmile: Lastmile, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    result = lastmile("import", str(broken))
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1 and "not valid JSON" in result.err
    not_utf8 = tmp_path / "latin1.csv"
    not_utf8.write_bytes(
        "channel,received_at,from_email,body\n"
        "email,2026-11-22T08:00:00Z,a@example.com,Grüße\n".encode("latin-1")
    )
    result = lastmile("import", str(not_utf8), "--json")
    assert result.code == 1 and result.err == ""
    assert result.json()["rejected"] == [
        {"position": 2, "reason": "row is not valid UTF-8", "file": str(not_utf8)}
    ]


def test_workspace_option_goes_before_or_after_the_command(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for root in (first, second):
        assert cli.run(cli.parse_args(["--workspace", str(root), "init"]), io.StringIO()) == 0
    for argv in (
        ["--workspace", str(first), "agent", "add", "ana", "--name", "Ana"],
        ["agent", "--workspace", str(second), "add", "ben", "--name", "Ben"],
    ):
        out, err = io.StringIO(), io.StringIO()
        assert cli.run(cli.parse_args(argv), out, err) == 0, err.getvalue()
    for root, login in ((first, "ana"), (second, "ben")):
        out = io.StringIO()
        cli.run(cli.parse_args(["agent", "list", "--json", "--workspace", str(root)]), out)
        assert [a["login"] for a in json.loads(out.getvalue())] == [login]


# -- the real program ----------------------------------------------------------------


def test_end_to_end_import_queue_and_customer(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    records = [
        contact_record(
            1, channel="email", sender={"name": "Joan Smith", "email": "joan@example.com"}
        ),
        contact_record(2, channel="phone", minutes_ago=10, sender={"phone": "+15551234567"}),
        contact_record(3, channel="sms", sender={"name": "X", "email": "bad"}),
    ]
    path = write_jsonl(tmp_path / "day.jsonl", records)
    assert program(ws, "init").code == 0
    imported = program(ws, "import", str(path), "--json")
    assert imported.code == 1
    assert imported.json()["imported"] == 2
    assert imported.json()["rejected"][0]["position"] == 3

    queue = program(ws, "queue", "--json", "--limit", "1")
    assert queue.code == 0
    (first,) = queue.json()
    assert set(first) >= QUEUE_FIELDS and first["channel"] == "email"
    assert first["received_at"] == (NOW.replace(minute=0)).isoformat().replace("+00:00", "Z")

    card = program(ws, "customer", first["customer_id"], "--json")
    assert card.code == 0 and card.json()["name"] == "Joan Smith"

    missing = program(ws, "customer", "--email", "nobody@example.com")
    assert missing.code == 1
    assert missing.err.strip() == "lastmile: no such customer"
    assert (ws / "logs" / "lastmile.log").exists()


def test_end_to_end_workspace_from_the_environment(tmp_path: Path) -> None:
    ws = tmp_path / "from-env"
    assert program(None, "init", env={"LASTMILE_WORKSPACE": str(ws)}).code == 0
    added = program(
        None, "agent", "add", "ana", "--name", "Ana Kovač", env={"LASTMILE_WORKSPACE": str(ws)}
    )
    assert added.code == 0, added.err
    assert (ws / "lastmile.sqlite3").exists()
    listed = program(ws, "agent", "list", "--json")
    assert [a["name"] for a in listed.json()] == ["Ana Kovač"]


# -- search and a lean start -----------------------------------------------------------


def test_search_finds_customers_and_messages(lastmile: Lastmile, morning: Path) -> None:
    word = Contact.select().where(Contact.subject != "").first().subject.split()[0]
    found = lastmile("search", word, "--json", "--limit", "5")
    assert found.code == 0, found.err
    data = found.json()
    assert data["messages"] and len(data["messages"]) <= 5
    assert all({"contact_id", "customer_id", "at", "snippet"} <= set(m) for m in data["messages"])
    text = lastmile("search", word)
    assert text.code == 0 and word.lower() in text.out.lower()
    nothing = lastmile("search", "zzqqxxnothing")
    assert nothing.code == 3 and "Nothing matches" in nothing.out
    assert lastmile("search", "x", "--limit", "0").code == 1


LEAN = ("peewee", "playhouse", "psycopg", "psycopg2", "PySide6", "server", "fastapi", "httpx")
LEAN_CHECK = (
    "import sys; ws = sys.argv[1]; sys.argv = ['lastmile']\n"
    "import ui.main as m\n"
    "for argv in (['queue', '--limit', '20'], ['queue', '--json', '--assignee', 'unassigned'],"
    " ['search', 'order', '--limit', '5'], ['call', '--from', '+44 20 7946 0000']):\n"
    "    print('rc', m.main([*argv, '--workspace', ws]))\n"
    f"lean = {LEAN!r}\n"
    "print(sorted(n for n, v in sys.modules.items() if v is not None and (n.split('.')[0] in "
    "lean or n in ('desktop.intake', 'desktop.app', 'dataclasses', 'logging.handlers'))))"
)


def test_read_commands_start_without_peewee_qt_postgres_or_the_server(morning: Path) -> None:
    """What a script or a PBX hook pays per call: lastmile queue, search and call on a
    current workspace load no ORM, no PostgreSQL driver, no Qt, no server, no intake
    (checked in a fresh process started the way the lastmile program starts)."""
    proc = subprocess.run(
        [sys.executable, "-c", LEAN_CHECK, str(morning)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    lines = proc.stdout.strip().splitlines()
    # call says no window is running (exit 1): the lookup ran, the window is not there
    assert [line for line in lines if line.startswith("rc")] == ["rc 0", "rc 0", "rc 0", "rc 1"]
    assert "no Lastmile window is running" in proc.stderr and "Traceback" not in proc.stderr
    assert lines[-1] == "[]"


def test_a_workspace_that_needs_the_full_open_still_answers(
    morning: Path, lastmile: Lastmile, tmp_path: Path
) -> None:
    """A copied file (a new client id to settle) or a pending migration: the reader
    declines; for the copy the full open runs (writing what it must), same answer."""
    from models.database import schema_version
    from models.reader import open_reader

    expected = lastmile("queue", "--json").json()
    assert open_reader(morning / "lastmile.sqlite3", kind="live") is not None
    assert open_reader(morning / "lastmile.sqlite3", kind="training") is None
    copy = tmp_path / "copy"
    copy.mkdir()
    source, target = (
        sqlite3.connect(morning / "lastmile.sqlite3"),
        sqlite3.connect(copy / "lastmile.sqlite3"),
    )
    source.backup(target)  # with what its -wal holds
    source.close()
    target.close()
    assert open_reader(copy / "lastmile.sqlite3", kind="live") is None  # moved: new client id
    moved = lastmile("queue", "--json", workspace=copy)
    assert moved.code == 0, moved.err
    assert moved.json() == expected
    assert open_reader(copy / "lastmile.sqlite3", kind="live") is not None  # settled now
    conn = sqlite3.connect(copy / "lastmile.sqlite3")
    with conn:  # as if this program shipped a migration the file has not had
        conn.execute(
            "UPDATE schema_migration SET name = name || '-old' WHERE name LIKE ?",
            [f"{schema_version():04d}%"],
        )
    conn.close()
    assert open_reader(copy / "lastmile.sqlite3", kind="live") is None  # a migration pending


def test_the_callers_lookup_by_sql_matches_the_models(morning: Path) -> None:
    from desktop.card import find_customer
    from models.queries import customer_by_identity
    from models.reader import open_reader
    from models.schema import Identity

    app = open_app(morning)
    try:
        phones = [i.value for i in Identity.select().where(Identity.kind == "phone").limit(20)]
        assert phones
        reader = open_reader(morning / "lastmile.sqlite3", kind="live")
        assert reader is not None
        for phone in phones:
            customer = find_customer(phone=phone)
            assert customer_by_identity(reader, "phone", phone) == (customer.id, customer.name)
        assert customer_by_identity(reader, "phone", "+19995550000") is None
        reader.close()
    finally:
        app.close()


def test_every_subcommand_module_is_in_the_command_map() -> None:
    """A command line loads only the module of its command: the map must name them all."""
    import argparse

    for module in cli.extensions():
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers(dest="command")
        module.add_parsers(sub, argparse.ArgumentParser(add_help=False))
        for command in sub.choices:
            assert cli.COMMANDS.get(command) == module.__name__.rsplit(".", 1)[1], command
    assert cli.command_word(["--workspace", "queue", "call", "--from", "1"]) == "call"


def test_the_log_file_rolls_over_and_stays_private(tmp_path: Path) -> None:
    """desktop.workspace.PrivateLogFile: RotatingFileHandler's rotation, without importing
    logging.handlers (a command line's start-up)."""
    from desktop.workspace import PrivateLogFile

    path = tmp_path / "lastmile.log"
    handler = PrivateLogFile(path, max_bytes=200, backups=2)
    logger = logging.getLogger("lastmile.test.rotation")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for i in range(30):
            logger.warning("line %02d %s", i, "x" * 40)
    finally:
        logger.removeHandler(handler)
        handler.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["lastmile.log", "lastmile.log.1", "lastmile.log.2"]
    assert all(p.stat().st_size <= 200 for p in tmp_path.iterdir())
    assert "line 29" in path.read_text() and "line 00" not in "".join(
        p.read_text() for p in tmp_path.iterdir()
    )
    if os.name == "posix":
        assert all(p.stat().st_mode & 0o777 == 0o600 for p in tmp_path.iterdir())
