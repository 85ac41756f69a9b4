"""``POST /v1/intake`` on the sync server, over real HTTP against a real PostgreSQL: per
integration keys, the desktop intake's validation and answers, idempotence, size limits,
call events and delivery reports, and the contacts reaching a signed-in desktop by sync."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from models.schema import Contact, Customer, Event, Task
from server import intake
from server import models as srv
from server.channels import secrets as sealed
from tests.server.helpers import login, new_team, sync, workspace

ROOT = Path(__file__).resolve().parents[2]


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def server_cli_main(server: dict[str, Any], *argv: str) -> tuple[int, str, str]:
    """`lastmile-server ...` as the admin runs it: its own process and connection (run in
    this process it would rebind the running server's tables while its sender threads use
    them)."""
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", *argv, "--database", server["postgres"]],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
        cwd=ROOT,
    )
    return done.returncode, done.stdout, done.stderr


def add_integration(server: dict[str, Any], team: str, channel: str, **kw: str) -> str:
    """`lastmile-server integration add`: the key is the last line it prints."""
    argv = [
        "integration",
        "add",
        f"{channel}-{uuid.uuid4().hex[:6]}",
        "--team",
        team,
        "--channel",
        channel,
    ]
    for name, value in kw.items():
        argv += [f"--{name}", value]
    code, out, err = server_cli_main(server, *argv)
    assert code == 0, err
    key = out.strip().splitlines()[-1]
    assert key.startswith("lmk_")
    return key


def post(server: dict[str, Any], key: str | None, body: Any, **kw: Any) -> httpx.Response:
    headers = {"Content-Type": "application/json", **kw.pop("headers", {})}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.post(
        f"{server['url']}/v1/intake", content=content, headers=headers, timeout=30, **kw
    )


def chat(n: int = 0, **extra: Any) -> dict[str, Any]:
    return {
        "type": "contact",
        "channel": "chat",
        "external_id": f"chat-{uuid.uuid4()}",
        "received_at": now_iso(),
        "from": {"name": "Joan Smith", "email": f"joan{n}@example.com"},
        "subject": "Chat transcript",
        "body": "Hello, my bike has not arrived",
        **extra,
    }


@pytest.fixture(autouse=True)
def server_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(sealed.ENV_KEY_FILE, str(tmp_path / "secret.key"))


def test_a_posted_chat_is_one_contact_whatever_the_retries_and_reaches_the_desktop(
    sync_server: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team, (ana,) = new_team(sync_server, "ana")
    key = add_integration(sync_server, team, "chat")
    record = chat(1)
    first = post(sync_server, key, record)
    assert first.status_code == 202, first.text
    (taken,) = first.json()["accepted"]
    again = post(sync_server, key, record)
    assert again.status_code == 202
    assert again.json() == {"accepted": [], "duplicates": 1}
    with sync_server["db"].connection_context():
        rows = list(srv.Contact.select().where(srv.Contact.space == team))
        assert [r.id for r in rows] == [taken["contact_id"]]
        customer = srv.Customer.get(srv.Customer.id == taken["customer_id"])
        assert json.loads(customer.keys)[0][:2] == ["email", "joan1@example.com"]
        # the key is kept only as a salted hash
        (row,) = [i for i in srv.Integration.select() if i.team == team]
        assert key not in json.dumps(row.__data__) and row.key_sealed == ""
    ws = tmp_path / "ws"
    login(ws, sync_server, ana, monkeypatch)
    sync(ws)
    with workspace(ws):
        contact = Contact.get_by_id(taken["contact_id"])
        assert (contact.channel, contact.subject) == ("chat", "Chat transcript")
        assert Customer.get_by_id(taken["customer_id"]).name == "Joan Smith"
        assert (
            Event.get((Event.contact == contact.id) & (Event.kind == "inbound")).body
            == "Hello, my bike has not arrived"
        )
    # the same customer writes again: found by identity, not made twice
    later = post(sync_server, key, chat(1)).json()["accepted"][0]
    assert later["customer_id"] == taken["customer_id"]


def test_bad_records_get_their_reason_and_the_good_ones_go_in(sync_server: dict[str, Any]) -> None:
    team, _ = new_team(sync_server, "bo")
    key = add_integration(sync_server, team, "sms")
    sms = {
        "channel": "sms",
        "received_at": now_iso(),
        "from": {"phone": "+15551230001"},
        "body": "Where is my order?",
        "external_id": f"sms-{uuid.uuid4()}",
    }
    body = json.dumps(
        {
            "records": [
                sms,
                {**sms, "external_id": "x", "channel": "chat"},
                {**sms, "external_id": "y", "received_at": "yesterday"},
                {**sms, "external_id": "z", "from": {"name": "nobody"}},
                "not an object",
                {**sms, "external_id": "w", "type": "purchase"},
                {**sms, "external_id": "n", "sentiment": "INF"},
            ]
        }
    ).replace('"INF"', "1e999")  # JSON's number syntax, beyond a float
    answer = post(sync_server, key, body.encode())
    assert answer.status_code == 202, answer.text
    got = answer.json()
    assert [a["position"] for a in got["accepted"]] == [1]
    reasons = {r["position"]: r["reason"] for r in got["rejected"]}
    assert set(reasons) == {2, 3, 4, 5, 6, 7}
    assert "only sms records" in reasons[2]
    assert "received_at" in reasons[3]
    assert "no email, phone" in reasons[4]
    assert reasons[5] == "record is not a JSON object"
    assert "unknown type 'purchase'" in reasons[6]
    assert "not finite" in reasons[7]
    everything_bad = post(sync_server, key, {"channel": "sms"})
    assert everything_bad.status_code == 422
    assert everything_bad.json()["rejected"][0]["position"] == 1


@pytest.mark.parametrize(
    ("body", "headers", "status", "said"),
    [
        (b"{not json", {}, 400, "not JSON"),
        (b"\xff\xfe", {}, 400, "not UTF-8"),
        (b"[1, 2]", {}, 400, "send one record"),
        (b'{"records": []}', {}, 400, "non-empty list"),
        (b'{"a": NaN}', {}, 400, "NaN"),
        (json.dumps({"records": [{}] * 501}).encode(), {}, 413, "at most 500"),
        (b"{}", {"Content-Type": "text/plain"}, 415, "send JSON"),
        (b"{}", {"Content-Type": "application/json; charset=latin-1"}, 415, "UTF-8"),
        (b" " * 1_000_001, {}, 413, "at most 1000000"),
    ],
)
def test_a_bad_request_is_a_4xx_with_its_reason(
    sync_server: dict[str, Any], body: bytes, headers: dict[str, str], status: int, said: str
) -> None:
    team, _ = new_team(sync_server, "cy")
    key = add_integration(sync_server, team, "chat")
    answer = post(sync_server, key, body, headers=headers)
    assert answer.status_code == status, answer.text
    assert said in answer.json()["error"]
    assert answer.json()["rejected"][0]["position"] == 0


def test_no_key_a_wrong_key_and_a_removed_key_are_401(sync_server: dict[str, Any]) -> None:
    team, _ = new_team(sync_server, "di")
    key = add_integration(sync_server, team, "chat")
    assert post(sync_server, None, chat()).status_code == 401
    forged = key[:-4] + ("aaaa" if not key.endswith("aaaa") else "bbbb")
    assert post(sync_server, forged, chat()).status_code == 401
    assert post(sync_server, "lmk_nonsense", chat()).status_code == 401
    with sync_server["db"].connection_context():
        name = srv.Integration.get(srv.Integration.key_id == key.split("_")[1]).name
    assert server_cli_main(sync_server, "integration", "remove", name)[0] == 0
    answer = post(sync_server, key, chat())
    assert answer.status_code == 401 and "integration key" in answer.json()["error"]
    # an admin's mistake is one line, no traceback
    code, _, err = server_cli_main(
        sync_server, "integration", "add", "bad name", "--team", "t", "--channel", "chat"
    )
    assert code == 1
    assert err.strip().splitlines() == [
        "lastmile-server: 'bad name': an integration name is letters, digits, '.', '_' or '-'"
    ]
    code, out, _ = server_cli_main(sync_server, "integration", "list", "--json")
    assert name not in out and all("key" not in row for row in json.loads(out))


def test_call_events_log_an_ended_call_with_its_follow_up(
    sync_server: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team, (eve,) = new_team(sync_server, "eve")
    key = add_integration(sync_server, team, "phone")
    call_id = f"call-{uuid.uuid4()}"
    ringing = post(
        sync_server,
        key,
        {"type": "call", "event": "ringing", "from": "+1 555 123 0002", "line": "support"},
    )
    assert ringing.status_code == 202
    assert ringing.json()["popped"] is False  # the server has no window to pop
    answered = post(sync_server, key, {"type": "call", "event": "answered", "from": "+15551230002"})
    assert answered.json()["accepted"] == [{"position": 1, "event": "answered"}]
    ended = {
        "type": "call",
        "event": "ended",
        "from": "+15551230002",
        "call_id": call_id,
        "duration_seconds": 125,
        "outcome": "dropped",
        "line": "support",
    }
    taken = post(sync_server, key, ended).json()["accepted"][0]
    assert post(sync_server, key, ended).json()["duplicates"] == 1
    bad = post(sync_server, key, {**ended, "call_id": ""}).json()["rejected"][0]
    assert "call_id" in bad["reason"]
    ws = tmp_path / "ws"
    login(ws, sync_server, eve, monkeypatch)
    sync(ws)
    with workspace(ws):
        contact = Contact.get_by_id(taken["contact_id"])
        assert (contact.channel, contact.outcome) == ("phone", "dropped")
        assert (
            Event.get((Event.contact == contact.id) & (Event.kind == "inbound")).body
            == "Dropped call, 2 min 05 s, on support"
        )
        (task,) = Task.select().where(Task.contact == contact.id)
        assert task.title == "Follow up on the call"
    # the caller is known now: a ringing call says who it is
    again = post(sync_server, key, {"type": "call", "event": "ringing", "from": "+15551230002"})
    assert again.json()["accepted"][0]["customer_id"] == taken["customer_id"]


def test_a_web_form_is_acknowledged_once_per_address_and_not_an_auto_reply(
    sync_server: dict[str, Any],
) -> None:
    team, _ = new_team(sync_server, "flo")
    key = add_integration(sync_server, team, "webform")
    form = {
        "channel": "webform",
        "received_at": now_iso(),
        "subject": "Report a problem",
        "from": {"name": "Kim Lee", "email": "kim@example.com"},
        "body": "It broke",
    }
    one = post(sync_server, key, {**form, "external_id": "f1"}).json()["accepted"][0]
    two = post(sync_server, key, {**form, "external_id": "f2"}).json()["accepted"][0]
    auto = post(
        sync_server,
        key,
        {**form, "external_id": "f3", "auto": "auto-reply", "from": {"email": "bot@example.com"}},
    ).json()
    with sync_server["db"].connection_context():
        acks = [
            (o.contact_id, o.recipient, o.body)
            for o in srv.Outbound.select()
            .join(srv.Event, on=(srv.Event.id == srv.Outbound.id))
            .where((srv.Outbound.space == team) & (srv.Event.kind == "ack"))
        ]
    assert acks == [
        (
            one["contact_id"],
            "kim@example.com",
            "Hello Kim, we received your message and will answer as soon as we can.",
        )
    ]
    assert two["contact_id"] != one["contact_id"]
    assert auto["accepted"]


def test_a_delivery_report_marks_our_message(sync_server: dict[str, Any]) -> None:
    team, _ = new_team(sync_server, "gus")
    key = add_integration(sync_server, team, "sms", webhook="https://sms.example/send")
    sms = {
        "channel": "sms",
        "received_at": now_iso(),
        "from": {"phone": "+15551230003"},
        "body": "Hi",
        "external_id": f"sms-{uuid.uuid4()}",
    }
    taken = post(sync_server, key, sms).json()["accepted"][0]
    with sync_server["db"].connection_context():
        (ack,) = srv.Outbound.select().where(srv.Outbound.contact_id == taken["contact_id"])
        row = srv.Integration.get(srv.Integration.key_id == key.split("_")[1])
        assert sealed.unseal(row.key_sealed) == key  # kept to sign the webhook's bodies
    failed = post(
        sync_server,
        key,
        {"type": "delivery", "id": ack.id, "state": "failed", "reason": "handset off"},
    )
    assert failed.status_code == 202, failed.text
    with sync_server["db"].connection_context():
        sent = srv.Outbound.get_by_id(ack.id)
        assert (sent.state, sent.reason) == ("failed", "not delivered: handset off")
        assert (
            srv.Event.select()
            .where(
                (srv.Event.contact_id == taken["contact_id"])
                & (srv.Event.subject == "Reply not delivered")
            )
            .count()
            == 1
        )
    unknown = post(sync_server, key, {"type": "delivery", "id": "nope", "state": "delivered"})
    assert unknown.status_code == 422
    assert "no sms message 'nope'" in unknown.json()["rejected"][0]["reason"]


def test_another_teams_key_never_reaches_this_team(sync_server: dict[str, Any]) -> None:
    team_a, _ = new_team(sync_server, "hal")
    team_b, _ = new_team(sync_server, "ida")
    key_b = add_integration(sync_server, team_b, "chat")
    taken = post(sync_server, key_b, chat(9)).json()["accepted"][0]
    with sync_server["db"].connection_context():
        assert srv.Contact.get_by_id(taken["contact_id"]).space == team_b
        assert intake.find_customer(team_a, [("email", "joan9@example.com")]) is None


class Receiver:
    """A real HTTP gateway on a local port: keeps each post, answers what it is told."""

    def __init__(self) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.posts: list[tuple[dict[str, str], bytes]] = []
        self.status = 200
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.posts.append((dict(self.headers), body))
                self.send_response(outer.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_reply_to_an_sms_leaves_once_through_the_teams_gateway_signed(
    sync_server: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib
    import hmac

    from desktop.ops import Actor
    from desktop.ops import contacts as contact_ops
    from models.schema import Agent
    from server.channels.gateway import GatewaySender

    receiver = Receiver()
    try:
        team, (ann,) = new_team(sync_server, "jo")
        key = add_integration(sync_server, team, "sms", webhook=receiver.url)
        sms = {
            "channel": "sms",
            "received_at": now_iso(),
            "from": {"phone": "+15551230004"},
            "body": "Is my order late?",
            "external_id": f"sms-{uuid.uuid4()}",
        }
        taken = post(sync_server, key, sms).json()["accepted"][0]
        ws = tmp_path / "ws"
        login(ws, sync_server, ann, monkeypatch)
        sync(ws)
        with workspace(ws) as app:
            actor = Actor.of(Agent.get(Agent.login == ann))
            contact_ops.claim(app.mutator, actor, taken["contact_id"])
            contact_ops.reply(app.mutator, actor, taken["contact_id"], "It left today.")
        sync(ws)
        gateway = GatewaySender(sync_server["db"])
        receiver.status = 503  # the gateway is down: tried again later, not lost
        assert gateway.run_once()["retry"] >= 1
        with sync_server["db"].connection_context():
            srv.Outbound.update(next_attempt_at=0).where(srv.Outbound.space == team).execute()
        receiver.status = 200
        done = gateway.run_once()
        assert done["sent"] == 2, done  # the acknowledgement and the reply
        assert gateway.run_once().get("sent", 0) == 0  # never twice
        texts = {}
        for headers, body in receiver.posts[-2:]:
            assert (
                headers["X-Lastmile-Signature"]
                == "sha256=" + hmac.new(key.encode(), body, hashlib.sha256).hexdigest()
            )
            data = json.loads(body)
            assert data["to"] == "+15551230004" and headers["X-Lastmile-Delivery"] == data["id"]
            texts[data["text"]] = data
        assert "It left today." in texts
        with sync_server["db"].connection_context():
            states = {
                o.body: (o.state, o.reason)
                for o in srv.Outbound.select().where(srv.Outbound.space == team)
            }
        assert states["It left today."] == ("sent", "")
    finally:
        receiver.close()
