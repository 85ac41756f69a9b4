"""The HTTP intake over real HTTP: every channel into the queue with the right customer,
bad input of every kind refused with its reasons (and nothing lost), the same post twice
changing nothing, and call events (the card pop through the real window socket, the
logged call with its follow-up)."""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop import cli, integrations, ipc
from desktop.app import Application
from desktop.channels.intake_http import IntakeServer
from desktop.intake import IntakeReport
from desktop.training.guard import TrainingWorkspaceError
from models.intake_body import MAX_BODY
from models.queries import QueueFilter, queue_page
from models.schema import Contact, Customer, Identity, Integration, Task
from tests.conftest import contact_record, table_counts
from tests.intake_helpers import http, key_for, memory_keyring, post, server

__all__ = ["http", "memory_keyring", "server"]  # fixtures

ROOT = Path(__file__).resolve().parent.parent
JOAN = {
    "name": "Joan Smith",
    "email": "joan@example.com",
    "phone": "+15551234567",
    "handle": "@joansmith",
    "network": "twitter",
}


@pytest.fixture
def joan(live_app: Application, ingest: Callable[..., IntakeReport]) -> str:
    """A known customer with an email address, a phone number and a handle."""
    assert ingest(live_app, contact_record(100, sender=JOAN, minutes_ago=600)).imported == 1
    return Identity.get(Identity.value == "joan@example.com").customer_id


def test_every_channel_lands_in_the_queue_with_its_customer(
    live_app: Application, http: httpx.Client, joan: str
) -> None:
    posts = {
        "chat": contact_record(
            1,
            channel="chat",
            sender={"visitor_id": "v-77", "email": "joan@example.com"},
            body="Is my bike on its way?",
        ),
        "webform": contact_record(
            2,
            channel="webform",
            subject="Report a problem",
            body="The checkout page froze",
            page="/checkout",
            sender={"name": "Joan Smith", "email": "JOAN@example.com"},
        ),
        "sms": contact_record(
            3, channel="sms", sender={"phone": "(555) 123-4567"}, body="Where is my order?"
        ),
        "social": contact_record(
            4,
            channel="social",
            body="@shop my bike is late",
            sender={"handle": "@JoanSmith", "network": "twitter", "followers": 12000},
        ),
        "fax": contact_record(
            5,
            channel="fax",
            sender={"name": "Acme Ltd", "phone": "+442071234567"},
            subject="Purchase order 77",
        ),
        "session": contact_record(
            6,
            channel="session",
            outcome="failed",
            sender={"email": "joan@example.com"},
            subject="Payment failed at step 3",
        ),
    }
    made: dict[str, str] = {}
    for channel, record in posts.items():
        key = key_for(live_app, f"{channel}-tool", channel)
        del record["channel"]  # the key's channel is the record's
        answer = post(http, key, record)
        assert answer.status_code == 202, answer.text
        body = answer.json()
        assert body["duplicates"] == 0 and "rejected" not in body
        (accepted,) = body["accepted"]
        assert accepted["position"] == 1
        made[channel] = accepted["contact_id"]
    contacts = {c: Contact.get_by_id(i) for c, i in made.items()}
    assert {c: contacts[c].channel for c in contacts} == {c: c for c in contacts}
    for channel in ("chat", "webform", "sms", "social", "session"):
        assert contacts[channel].customer_id == joan, channel
    acme = Customer.get_by_id(contacts["fax"].customer_id)
    assert acme.name == "Acme Ltd" and acme.id != joan
    assert Customer.get_by_id(joan).influencer  # 12,000 followers, said by the social tool
    assert Identity.get(Identity.value == "v-77").customer_id == joan
    queued = {key[1] for key in queue_page(live_app.db, QueueFilter(), limit=50)}
    assert set(made.values()) <= queued
    (task,) = Task.select().where(Task.contact == made["session"])
    assert task.kind == "follow_up" and "failed online session" in task.title


def test_bad_input_of_every_kind_is_refused_with_its_reasons_and_loses_nothing(
    live_app: Application, http: httpx.Client
) -> None:
    sms = key_for(live_app, "sms-gw", "sms")
    key_for(live_app, "chat-widget", "chat")
    good = contact_record(1, channel="sms", sender={"phone": "+15550001111"})

    def refused(answer: httpx.Response, status: int, words: str) -> None:
        assert answer.status_code == status, answer.text
        reasons = " ".join(r["reason"] for r in answer.json()["rejected"])
        assert words in reasons, reasons

    refused(post(http, None, good), 401, "integration key")
    refused(post(http, "lmk_000000000000_" + "x" * 43, good), 401, "integration key")
    refused(post(http, sms[:-1] + ("A" if sms[-1] != "A" else "B"), good), 401, "key")
    answer = http.post("/v1/intake", json=good, headers={"Authorization": f"Basic {sms}"})
    refused(answer, 401, "Bearer")
    refused(post(http, sms, good, content_type="text/plain"), 415, "JSON")
    refused(post(http, sms, good, content_type="application/json; charset=latin-1"), 415, "UTF-8")
    refused(post(http, sms, b"{not json", content_type="application/json"), 400, "not JSON")
    refused(post(http, sms, b'{"a": "\xff"}'), 400, "not UTF-8")
    refused(post(http, sms, b'{"amount": NaN}'), 400, "NaN")
    refused(post(http, sms, b"[" * 100_000 + b"]" * 100_000), 400, "not JSON")
    refused(post(http, sms, [good]), 400, "one record")
    refused(post(http, sms, {"records": []}), 400, "non-empty")
    refused(post(http, sms, b" " * (MAX_BODY + 1)), 413, "at most")
    refused(post(http, sms, {"records": [good] * 501}), 413, "500")
    refused(post(http, sms, {**good, "channel": "pager"}), 422, "unknown channel 'pager'")
    refused(post(http, sms, {**good, "channel": "chat"}), 422, "only sms records")
    refused(post(http, sms, {"type": "invoice", "number": "1"}), 422, "lastmile import")
    assert http.get("/v1/nothing").status_code == 404
    assert http.put("/v1/intake").status_code == 405
    assert Contact.select().count() == 0  # nothing taken from any of those

    # NUL and lone surrogates are made storable at the door, not refused
    raw = json.dumps(
        {
            **good,
            "external_id": "sms-nul",
            "subject": "a\u0000b",
            "body": "broken \ud83d emoji and a pair \ud83d\ude00",
        }
    ).encode()
    assert b"\\ud83d emoji" in raw and b"\\u0000" in raw
    answer = post(http, sms, raw)
    assert answer.status_code == 202, answer.text
    stored = Contact.get_by_id(answer.json()["accepted"][0]["contact_id"])
    assert stored.subject == "ab"
    assert stored.preview == "broken \ufffd emoji and a pair \U0001f600"

    # one bad record among good ones: the good ones go in, the bad ones are named
    batch = {
        "records": [
            contact_record(2, channel="sms", sender={"phone": "+15550002222"}),
            {**contact_record(3, channel="sms"), "received_at": "yesterday"},
            contact_record(4, channel="sms", sender={"phone": "+15550004444"}),
            "not an object",
            contact_record(6, channel="sms", sender={"phone": "123"}),
            {"type": "call", "event": "ringing", "from": "+15551234567"},  # a call: phone keys
        ]
    }
    answer = post(http, sms, batch)
    assert answer.status_code == 202, answer.text
    body = answer.json()
    assert [a["position"] for a in body["accepted"]] == [1, 3]
    assert [r["position"] for r in body["rejected"]] == [2, 4, 5, 6]
    reasons = {r["position"]: r["reason"] for r in body["rejected"]}
    assert "received_at" in reasons[2] and "not a JSON object" in reasons[4]
    assert "phone number" in reasons[5] and "only sms records" in reasons[6]
    assert Contact.select().count() == 3  # everything accepted is there, nothing else


def test_posting_the_same_thing_twice_changes_nothing(
    live_app: Application, http: httpx.Client
) -> None:
    chat = key_for(live_app, "widget", "chat")
    batch = {
        "records": [
            contact_record(n, channel="chat", sender={"visitor_id": f"v-{n}"}) for n in (1, 2, 3)
        ]
    }
    first = post(http, chat, batch).json()
    assert len(first["accepted"]) == 3 and first["duplicates"] == 0
    before = table_counts(live_app.workspace.database_path)
    again = post(http, chat, batch).json()
    assert again == {"accepted": [], "duplicates": 3}
    one = post(http, chat, batch["records"][1]).json()
    assert one == {"accepted": [], "duplicates": 1}
    assert table_counts(live_app.workspace.database_path) == before
    # the same record twice in one request is one contact
    twice = post(
        http,
        chat,
        {"records": [contact_record(9, channel="chat", sender={"visitor_id": "v-9"})] * 2},
    )
    assert len(twice.json()["accepted"]) == 1 and twice.json()["duplicates"] == 1


@pytest.fixture
def window(live_app: Application) -> Iterator[list[dict[str, Any]]]:
    """The window's end of desktop/ipc.py: a socket that reads one JSON line and answers."""
    path = ipc.endpoint(live_app.workspace.root)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen()
    received: list[dict[str, Any]] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn, conn.makefile("rb") as reader:
                line = reader.readline()
                message = json.loads(line)
                received.append(message)
                conn.sendall(json.dumps({"ok": True, "shown_ms": 1.0}).encode() + b"\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield received
    listener.shutdown(socket.SHUT_RDWR)  # wakes the accept
    listener.close()
    os.unlink(path)
    thread.join(5)


def test_a_ringing_call_pops_the_callers_card(
    live_app: Application, http: httpx.Client, joan: str, window: list[dict[str, Any]]
) -> None:
    pbx = key_for(live_app, "pbx", "phone")
    ring = {
        "type": "call",
        "event": "ringing",
        "from": "555-123-4567",
        "line": "Support",
        "call_id": "c-1",
    }
    answer = post(http, pbx, ring)
    assert answer.status_code == 202, answer.text
    assert answer.json()["accepted"] == [
        {"position": 1, "event": "ringing", "popped": True, "customer_id": joan}
    ]
    assert answer.json()["popped"] is True
    assert window == [{"type": "call", "from": "+15551234567", "to": "Support"}]


def test_a_ringing_call_without_a_window_is_taken_but_not_popped(
    live_app: Application, http: httpx.Client
) -> None:
    pbx = key_for(live_app, "pbx", "phone")
    answer = post(http, pbx, {"type": "call", "event": "ringing", "from": "+15559876543"})
    assert answer.status_code == 202
    assert answer.json()["accepted"] == [
        {"position": 1, "event": "ringing", "popped": False, "customer_id": None}
    ]
    assert answer.json()["popped"] is False
    bad = post(http, pbx, {"type": "call", "event": "ringing", "from": "not a number"})
    assert bad.status_code == 422 and "phone number" in bad.json()["rejected"][0]["reason"]


def test_an_ended_call_is_a_phone_contact_with_its_follow_up(
    live_app: Application, http: httpx.Client, joan: str
) -> None:
    pbx = key_for(live_app, "pbx", "phone")
    answered = post(
        http,
        pbx,
        {
            "type": "call",
            "event": "answered",
            "from": "+15551234567",
            "agent": "ana",
            "call_id": "c-7",
        },
    )
    assert answered.json() == {"accepted": [{"position": 1, "event": "answered"}], "duplicates": 0}
    assert Contact.select().where(Contact.channel == "phone").count() == 0
    ended = {
        "type": "call",
        "event": "ended",
        "from": "+15551234567",
        "line": "Support",
        "agent": "ana",
        "duration_seconds": 125,
        "outcome": "completed",
        "call_id": "c-7",
    }
    answer = post(http, pbx, ended)
    assert answer.status_code == 202, answer.text
    contact = Contact.get_by_id(answer.json()["accepted"][0]["contact_id"])
    assert (contact.channel, contact.external_id, contact.outcome, contact.customer_id) == (
        "phone",
        "c-7",
        "completed",
        joan,
    )
    assert "2 min 05 s" in contact.preview and "ana" in contact.preview
    (task,) = Task.select().where(Task.contact == contact.id)
    assert task.kind == "follow_up" and task.title == "Follow up on the call"
    assert post(http, pbx, ended).json() == {"accepted": [], "duplicates": 1}
    missing = post(http, pbx, {**ended, "call_id": None})
    assert missing.status_code == 422 and "call_id" in missing.json()["rejected"][0]["reason"]
    odd = post(http, pbx, {**ended, "call_id": "c-8", "outcome": "lost"})
    assert "unknown outcome" in odd.json()["rejected"][0]["reason"]


def test_health_and_the_openapi_description(http: httpx.Client) -> None:
    assert http.get("/v1/health").json()["ok"] is True
    spec = http.get("/openapi.json").json()
    assert spec["openapi"] == "3.1.0"
    assert set(spec["paths"]) == {"/v1/intake", "/v1/health", "/openapi.json"}
    assert {"202", "401", "413", "415", "422"} <= set(
        spec["paths"]["/v1/intake"]["post"]["responses"]
    )


def test_a_training_workspace_has_no_intake_and_no_integrations(
    training_app: Application,
) -> None:
    with pytest.raises(TrainingWorkspaceError):
        IntakeServer(training_app, "127.0.0.1", 0)
    with pytest.raises(TrainingWorkspaceError):
        integrations.add("x", channel="sms", kind="training", clock=training_app.clock)


@pytest.fixture
def _close_cli_logging() -> Iterator[None]:
    yield
    logger = logging.getLogger("lastmile")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    logger.propagate = True


def _cli(ws: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(cli.parse_args([*argv, "--workspace", str(ws)]), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.usefixtures("_close_cli_logging")
def test_the_commands_and_a_real_intake_serve_process(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert _cli(ws, "init")[0] == 0
    code, out, err = _cli(ws, "integration", "add", "twilio", "--channel", "sms")
    assert code == 0, err
    key = out.strip().splitlines()[-1]
    assert key.startswith("lmk_")
    code, out, _ = _cli(ws, "integration", "list", "--json")
    (listed,) = json.loads(out)
    assert listed["name"] == "twilio" and listed["channel"] == "sms"
    assert key not in out and "hash" not in out
    code, _, err = _cli(
        ws, "integration", "add", "bad", "--channel", "email", "--webhook", "https://x.example/hook"
    )
    assert code == 1 and "webhook" in err

    with subprocess.Popen(
        [sys.executable, "-m", "ui.main", "intake", "serve", "--port", "0", "--workspace", str(ws)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    ) as proc:
        _talk_to(proc, key)
    assert _cli(ws, "integration", "remove", "twilio")[0] == 0
    code, out, _ = _cli(ws, "integration", "list")
    assert "No integrations" in out
    assert Integration.select().count() == 0


def _talk_to(proc: subprocess.Popen[str], key: str) -> None:
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line, line + (proc.stderr.read() if proc.stderr else "")
        url = line.split()[3].removesuffix("/v1/intake")
        with httpx.Client(base_url=url, timeout=10) as client:
            record = contact_record(1, channel="sms", sender={"phone": "+15550001111"})
            assert post(client, key, record).status_code == 202
            assert post(client, "lmk_nope", record).status_code == 401
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
        stderr = proc.stderr.read() if proc.stderr else ""
        assert "Traceback" not in stderr, stderr


def _raw(server: IntakeServer, data: bytes) -> bytes:
    host, port = server.server_address[:2]
    with socket.create_connection((str(host), port), timeout=5) as conn:
        conn.sendall(data)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    return answer


def test_what_the_http_layer_itself_refuses_is_a_4xx_in_json(
    server: IntakeServer, http: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert http.head("/v1/intake").status_code == 405
    assert http.options("/v1/intake").status_code == 405
    answer = _raw(server, b"GET /v1/health HTTP/2.0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400") or b" 400 " in answer.split(b"\r\n")[0], answer
    assert _raw(server, b"NONSENSE\r\n\r\n").split(b"\r\n")[0].split()[1].startswith(b"4")
    # a client that stops halfway through its body is answered and dropped, not waited for
    monkeypatch.setattr("desktop.channels.intake_http._Handler.timeout", 0.3)
    answer = _raw(
        server,
        b"POST /v1/intake HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
        b"lmk_000000000000_" + b"x" * 43 + b"\r\nContent-Type: application/json\r\n"
        b'Content-Length: 100\r\n\r\n{"a":',
    )
    assert answer.split(b"\r\n")[0].split()[1] == b"401", answer
