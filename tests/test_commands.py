"""The command line, driven as a user drives it: real processes on a real workspace."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import as_of_now

DATA = Path(__file__).parent / "data"


def lastmile(ws: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "ui.main", *args, "--workspace", str(ws)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def new_workspace(ws: Path) -> Path:
    """Commands other than init/seed/login refuse a workspace that does not exist yet."""
    lastmile(ws, "init", check=True)
    return ws


def as_json(proc: subprocess.CompletedProcess[str]) -> Any:
    return json.loads(proc.stdout)


def counts(ws: Path) -> dict[str, int]:
    db = sqlite3.connect(ws / "lastmile.sqlite3")
    try:
        tables = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' "
                "AND name NOT LIKE 'message_fts%' "
                "AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        db.close()


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    ws = new_workspace(tmp_path_factory.mktemp("cli") / "ws")
    lastmile(
        ws,
        "agent",
        "add",
        "ana",
        "--name",
        "Ana Kovač",
        "--skills",
        "general,billing:2",
        "--role",
        "supervisor",
        check=True,
    )
    lastmile(
        ws, "agent", "add", "ben", "--name", "Ben Osei", "--skills", "sales,general", check=True
    )
    proc = lastmile(ws, "import", str(as_of_now(DATA / "morning.jsonl", ws.parent)), "--json")
    assert proc.returncode == 1  # some records were rejected
    return ws, as_json(proc)


def test_import_reports_every_rejected_record(imported: tuple[Path, dict[str, Any]]) -> None:
    _, report = imported
    assert report["imported"] == 11
    assert report["duplicates"] == 0
    rejected = {r["position"]: r["reason"] for r in report["rejected"]}
    assert sorted(rejected) == [12, 13, 14, 15, 16, 17]
    assert "invalid JSON" in rejected[12]
    assert "unknown channel 'pigeon'" in rejected[13]
    assert "missing 'received_at'" in rejected[14]
    assert "no time zone" in rejected[15]
    assert "no email, phone, handle or visitor_id" in rejected[16]
    assert "not an email address" in rejected[17]


def test_reimport_changes_nothing(imported: tuple[Path, dict[str, Any]]) -> None:
    ws, _ = imported
    before = counts(ws)
    before.pop("audit")
    report = as_json(lastmile(ws, "import", str(ws.parent / "morning.jsonl"), "--json"))
    assert report["imported"] == 0 and report["duplicates"] == 11
    after = counts(ws)
    after.pop("audit")
    assert after == before


def test_queue_json_in_arrival_order(imported: tuple[Path, dict[str, Any]]) -> None:
    ws, _ = imported
    items = as_json(lastmile(ws, "queue", "--json", "--limit", "50", check=True))
    assert len(items) == 9
    for key in (
        "id",
        "channel",
        "received_at",
        "status",
        "skill",
        "customer_id",
        "subject",
        "assigned_to",
        "due_at",
    ):
        assert all(key in item for item in items), key
    assert all(item["received_at"].endswith("Z") for item in items)
    order = [(i["received_at"], i["id"]) for i in items]
    assert order == sorted(order)
    assert {i["channel"] for i in items} == {
        "email",
        "phone",
        "social",
        "fax",
        "chat",
        "webform",
        "sms",
        "session",
    }
    assert len(as_json(lastmile(ws, "queue", "--json", "--limit", "3"))) == 3
    emails = as_json(lastmile(ws, "queue", "--json", "--channel", "email"))
    assert [i["channel"] for i in emails] == ["email", "email"]
    sales = as_json(lastmile(ws, "queue", "--json", "--skill", "sales"))
    assert {i["skill"] for i in sales} == {"sales"}
    text = lastmile(ws, "queue", check=True).stdout
    assert "Bike delivery" in text


def test_customer_card_by_every_key(imported: tuple[Path, dict[str, Any]]) -> None:
    ws, _ = imported
    card = as_json(lastmile(ws, "customer", "--email", "JOAN@example.com", "--json", check=True))
    assert card["name"] == "Joan Smith"
    assert {"kind": "phone", "value": "+15551234567"} in card["identities"]
    kinds = [h["kind"] for h in card["history"]]
    assert "purchase" in kinds and "invoice" in kinds and "inbound" in kinds
    ats = [h["at"] for h in card["history"]]
    assert ats == sorted(ats, reverse=True)
    assert all({"at", "channel", "kind", "summary"} <= set(h) for h in card["history"])
    assert card["purchases"][0]["product"] == "Cargo bike Family"
    assert card["invoices"][0]["number"] == "INV-2026-1001"
    assert any(t["title"] == "Follow up on the failed online session" for t in card["tasks"])
    assert "suggested_merges" in card
    assert any("never reminded" in a for a in card["next_best_actions"])
    by_phone = as_json(lastmile(ws, "customer", "--phone", "(555) 123-4567", "--json"))
    assert by_phone["id"] == card["id"]
    by_id = as_json(lastmile(ws, "customer", card["id"], "--json"))
    assert by_id["id"] == card["id"]
    mia = as_json(lastmile(ws, "customer", "--handle", "twitter:miarides", "--json"))
    assert mia["influencer"] is True and mia["reach"] == 120000
    assert "Joan Smith" in lastmile(ws, "customer", "--email", "joan@example.com").stdout


def test_agents(imported: tuple[Path, dict[str, Any]]) -> None:
    ws, _ = imported
    agents = as_json(lastmile(ws, "agent", "list", "--json", check=True))
    assert [a["login"] for a in agents] == ["ana", "ben"]
    assert agents[0]["skills"] == {"billing": 2, "general": 1}
    assert agents[0]["role"] == "supervisor"
    dup = lastmile(ws, "agent", "add", "ana", "--name", "Other")
    assert dup.returncode == 1 and "already exists" in dup.stderr


def test_agent_set_and_templates(imported: tuple[Path, dict[str, Any]]) -> None:
    ws, _ = imported
    lastmile(
        ws,
        "agent",
        "set",
        "ben",
        "--capacity",
        "phone=2,chat=4",
        "--skills",
        "sales:3",
        "--team",
        "north",
        check=True,
    )
    ben = next(a for a in as_json(lastmile(ws, "agent", "list", "--json")) if a["login"] == "ben")
    assert ben["capacity"]["phone"] == 2 and ben["skills"] == {"sales": 3}
    assert ben["team"] == "north"
    bad = lastmile(ws, "agent", "set", "ben", "--capacity", "pigeon=1")
    assert bad.returncode == 1 and "unknown channel 'pigeon'" in bad.stderr
    lastmile(
        ws,
        "template",
        "add",
        "Hallo",
        "--purpose",
        "ack",
        "--language",
        "de",
        "--body",
        "Hallo {customer.first_name}, wir antworten {promise}.",
        check=True,
    )
    no_promise = lastmile(ws, "template", "add", "X", "--purpose", "ack", "--body", "Hi")
    assert no_promise.returncode == 1 and "{promise}" in no_promise.stderr
    names = [t["name"] for t in as_json(lastmile(ws, "template", "list", "--json"))]
    assert "Hallo" in names
    lastmile(ws, "agent", "set", "ben", "--skills", "sales,general", check=True)


def test_next_and_presence(imported: tuple[Path, dict[str, Any]]) -> None:
    ws, _ = imported
    offline = lastmile(ws, "next", "--agent", "ben")
    assert offline.returncode == 1 and "set 'available' first" in offline.stderr
    lastmile(ws, "presence", "ben", "available", check=True)
    order = as_json(lastmile(ws, "queue", "--agent", "ben", "--json", check=True))
    taken = as_json(lastmile(ws, "next", "--agent", "ben", "--json", check=True))
    assert taken["id"] == order[0]["id"] and taken["skill"] in ("sales", "general")
    assert taken["assigned_to"] is not None
    while True:
        proc = lastmile(ws, "next", "--agent", "ben", "--json")
        if proc.returncode != 0:
            break
    assert proc.returncode == 3
    assert "nothing in the queue" in proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("customer", "--email", "nobody@example.com"), "no such customer"),
        (("customer", "--phone", "abc"), "not a phone number"),
        (("import", "missing.jsonl"), "no such file"),
        (("import", "notes.txt"), "cannot import .txt"),
        (("queue", "--assignee", "ghost"), "no agent with login 'ghost'"),
        (("queue", "--limit", "0"), "--limit must be at least 1"),
        (("unmerge", "nope"), "no merge nope"),
    ],
)
def test_errors_are_one_clear_line(
    imported: tuple[Path, dict[str, Any]], args: tuple[str, ...], message: str
) -> None:
    ws, _ = imported
    proc = lastmile(ws, *args)
    assert proc.returncode != 0
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_csv_eml_and_mbox(tmp_path: Path) -> None:
    ws = new_workspace(tmp_path / "ws")
    report = as_json(
        lastmile(
            ws,
            "import",
            str(DATA / "invoices.csv"),
            str(DATA / "question.eml"),
            str(DATA / "inbox.mbox"),
            "--json",
        )
    )
    assert report["imported"] == 2 + 1 + 4  # the mbox message without a Date: envelope date
    positions = [(r["file"].rsplit("/", 1)[-1], r["position"]) for r in report["rejected"]]
    assert positions == [("invoices.csv", 4)]
    lena = as_json(lastmile(ws, "customer", "--email", "lena.weber@example.de", "--json"))
    assert lena["history"][-1]["summary"].startswith("Frage zur Rechnung")
    tom = as_json(lastmile(ws, "customer", "--email", "tom@example.com", "--json"))
    assert len([h for h in tom["history"] if h["kind"] == "inbound"]) == 2
    invoice_holder = as_json(
        lastmile(ws, "customer", "--email", "new.customer@example.com", "--json")
    )
    assert invoice_holder["invoices"][0]["state"] == "not sent"


def test_seed_is_deterministic(tmp_path: Path) -> None:
    for name in ("a", "b"):
        lastmile(
            tmp_path / name,
            "seed",
            "--customers",
            "30",
            "--contacts",
            "200",
            "--seed",
            "9",
            "--now",
            "2026-11-22T09:00:00Z",
            check=True,
        )

    def dump(name: str) -> list[Any]:
        db = sqlite3.connect(tmp_path / name / "lastmile.sqlite3")
        try:
            return db.execute(
                "SELECT id, channel, subject, customer_id, received_at, status "
                "FROM contact ORDER BY id"
            ).fetchall()
        finally:
            db.close()

    assert dump("a") == dump("b")
    assert len(dump("a")) == 200
    again = lastmile(tmp_path / "a", "seed", "--customers", "1", "--contacts", "1")
    assert again.returncode == 1 and "not empty" in again.stderr


def test_merge_and_unmerge_from_the_cli(tmp_path: Path) -> None:
    ws = new_workspace(tmp_path / "ws")
    lastmile(ws, "import", str(DATA / "inbox.mbox"))
    refused = lastmile(ws, "merge", "a", "b")
    assert refused.returncode == 1 and "no such customer" in refused.stderr
    lastmile(ws, "agent", "add", "root", "--name", "Site Admin", "--role", "admin", check=True)
    tom = as_json(lastmile(ws, "customer", "--email", "tom@example.com", "--json"))
    kim = as_json(lastmile(ws, "customer", "--email", "kim@example.com", "--json"))
    merged = as_json(lastmile(ws, "merge", tom["id"], kim["id"], "--json", check=True))
    card = as_json(lastmile(ws, "customer", "--email", "kim@example.com", "--json"))
    assert card["id"] == tom["id"] and len(card["identities"]) == 2
    assert card["merges"][0]["merge_id"] == merged["merge_id"]
    lastmile(ws, "unmerge", merged["merge_id"], check=True)
    assert (
        as_json(lastmile(ws, "customer", "--email", "kim@example.com", "--json"))["id"] == kim["id"]
    )
