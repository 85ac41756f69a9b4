"""The server sends accepted replies by email, through a real SMTP server (aiosmtpd), and
never twice: lost responses, duplicated pushes, racing server processes, a mail server
that is down or refuses, a sender that dies mid-send."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("aiosmtpd")
from aiosmtpd.controller import Controller

from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from desktop.sync.client import SyncClient, SyncUnavailable
from models.schema import Agent, Contact, Event, Outbound
from server import cli as server_cli
from server import models as srv
from server import store
from server.sender import REVIEW, Sender, SmtpConfig, deliver, message_id, resolve
from tests.server.conftest import free_port
from tests.server.helpers import contact_record, login, new_team, sync, workspace
from tests.server.test_sync import DropResponses

FROM = "Front Desk <help@shop.example>"


class Mailbox:
    """An aiosmtpd handler that keeps what it accepts and refuses whom it is told to."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse: dict[str, str] = {}

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        message["X-Envelope-To"] = ",".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 2.0.0 Ok: queued"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["X-Envelope-To"] == address]


def start_smtp(box: Mailbox, port: int) -> Controller:
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    return controller


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    box, port = Mailbox(), free_port()
    controller = start_smtp(box, port)
    yield box, port
    controller.stop()


class Clock:
    """The sender's clock, moved by the test instead of sleeping through backoffs."""

    def __init__(self) -> None:
        self.ms = store.now_ms()

    def __call__(self) -> int:
        return self.ms


def make_sender(server: dict[str, Any], port: int, team: str, **options: Any) -> Sender:
    config = SmtpConfig(host="127.0.0.1", port=port, from_addr=FROM, security="none", timeout=5)
    return Sender(server["db"], config, spaces=[team], **options)


def actor(login_name: str) -> Actor:
    return Actor.of(Agent.get(Agent.login == login_name))


def email_of(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}@example.com"


def offline_reply(
    ws: Path, user: str, customer: str, n: int = 1, text: str = "", **record: Any
) -> tuple[str, str]:
    """A contact from ``customer`` and the agent's reply, both made offline; returns
    (contact id, reply event id)."""
    extra = {"from": {"name": "Joan Smith", "email": customer}, **record}
    with workspace(ws) as app:
        app.intake.ingest([contact_record(n, **extra)])
        contact = Contact.get(Contact.subject == f"Order {n}")
        event_id = str(uuid.uuid4())
        contact_ops.reply(
            app.mutator,
            actor(user),
            contact.id,
            text or f"Hello Joan, order {n} ships today.",
            event_id=event_id,
        )
    return contact.id, event_id


def server_row(server: dict[str, Any], event_id: str) -> srv.Outbound:
    with server["db"].connection_context():
        return srv.Outbound.get_by_id(event_id)


def delivery(ws: Path, event_id: str) -> tuple[str, dict[str, Any]]:
    """What the desktop shows: its outbound row's state and the reply line's delivery."""
    with workspace(ws):
        out = Outbound.get(Outbound.event_id == event_id)
        data = json.loads(Event.get(Event.id == event_id).data or "{}")
        return out.state, data.get("delivery", {})


def test_an_offline_reply_is_emailed_once_and_the_desktop_shows_it_sent(
    tmp_path: Path,
    sync_server: dict[str, Any],
    smtp: tuple[Mailbox, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    box, port = smtp
    team, (ana,) = new_team(sync_server, "ana")
    ws, joan = tmp_path / "a", email_of("joan")
    login(ws, sync_server, ana, monkeypatch)
    parent = f"<order-1-{uuid.uuid4().hex}@mail.example>"
    contact_id, event_id = offline_reply(
        ws, ana, joan, external_id=parent, text="Hello Joan, ça part aujourd'hui."
    )
    assert delivery(ws, event_id)[0] == "queued"
    assert sync(ws)["rejected"] == []
    sender = make_sender(sync_server, port, team)
    assert sender.run_once()["sent"] == 1
    assert sender.run_once()["claimed"] == 0  # nothing left: never twice
    [mail] = box.to(joan)
    assert mail["To"] == joan and mail["From"] == FROM
    assert mail["Subject"] == "Re: Order 1"
    assert mail["Message-ID"] == message_id(event_id, "shop.example")
    assert mail["In-Reply-To"] == parent and mail["References"] == parent
    assert mail.get_content().strip() == "Hello Joan, ça part aujourd'hui."
    row = server_row(sync_server, event_id)
    assert (row.state, row.reason, row.message_id) == ("sent", "", mail["Message-ID"])
    assert row.contact_id == contact_id and row.sent_at is not None
    sync(ws)  # the next sync brings the news
    state, news = delivery(ws, event_id)
    assert state == "sent" and news["state"] == "sent"
    with workspace(ws):
        assert Outbound.get(Outbound.event_id == event_id).sent_at is not None


def test_a_duplicated_push_whose_response_was_lost_still_sends_one_email(
    tmp_path: Path,
    sync_server: dict[str, Any],
    smtp: tuple[Mailbox, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    box, port = smtp
    team, (ana,) = new_team(sync_server, "ana")
    ws, joan = tmp_path / "a", email_of("joan")
    login(ws, sync_server, ana, monkeypatch)
    _contact_id, event_id = offline_reply(ws, ana, joan)
    with workspace(ws) as app:
        client = SyncClient(app, DropResponses(sync_server["url"], kind="live"))
        with pytest.raises(SyncUnavailable):
            client.sync_once()  # applied on the server, the answer lost
        client.close()
    sender = make_sender(sync_server, port, team)
    assert sender.run_once()["sent"] == 1  # sent while the desktop still waits
    assert sync(ws)["pending"] == 0  # the same push again: answered, not applied
    assert sync(ws)["rejected"] == []
    assert sender.run_once()["claimed"] == 0
    assert len(box.to(joan)) == 1
    with sync_server["db"].connection_context():
        assert srv.Outbound.select().where(srv.Outbound.id == event_id).count() == 1
    assert delivery(ws, event_id)[0] == "sent"


def test_two_server_processes_racing_send_each_reply_once(
    tmp_path: Path,
    sync_server: dict[str, Any],
    smtp: tuple[Mailbox, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    box, port = smtp
    team, (ana,) = new_team(sync_server, "ana")
    ws = tmp_path / "a"
    login(ws, sync_server, ana, monkeypatch)
    customers = [email_of(f"c{n}") for n in range(8)]
    for n, customer in enumerate(customers):
        offline_reply(ws, ana, customer, n=n)
    sync(ws)

    def slow(config: SmtpConfig, message: EmailMessage, recipient: str) -> None:
        time.sleep(0.02)  # both processes are mid-send at the same time
        deliver(config, message, recipient)

    senders = [
        make_sender(sync_server, port, team, worker=f"process-{i}", send=slow) for i in range(2)
    ]
    start = threading.Barrier(len(senders))
    sent: list[int] = []

    def run(sender: Sender) -> None:
        start.wait()
        for _ in range(3):
            sent.append(sender.run_once()["sent"])

    threads = [threading.Thread(target=run, args=(s,)) for s in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sum(sent) == len(customers)
    assert sorted(m["X-Envelope-To"] for m in box.messages) == sorted(customers)
    assert len({m["Message-ID"] for m in box.messages}) == len(customers)
    with sync_server["db"].connection_context():
        workers = {r.claimed_by for r in srv.Outbound.select().where(srv.Outbound.space == team)}
        assert workers == {None}  # every claim settled


def test_a_mail_server_that_is_down_is_retried_later_then_delivered(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    team, (ana,) = new_team(sync_server, "ana")
    ws, joan = tmp_path / "a", email_of("joan")
    login(ws, sync_server, ana, monkeypatch)
    _contact_id, event_id = offline_reply(ws, ana, joan)
    sync(ws)
    port, clock = free_port(), Clock()  # nothing listens on the port yet
    sender = make_sender(sync_server, port, team, now=clock, retry_base_ms=60_000)
    assert sender.run_once()["retry"] == 1
    row = server_row(sync_server, event_id)
    assert row.state == "queued" and row.attempts == 1
    assert row.next_attempt_at == clock.ms + 60_000
    assert "will try again" in row.reason and "cannot reach" in row.reason
    sync(ws)
    state, news = delivery(ws, event_id)
    assert state == "queued" and "cannot reach the mail server" in news["reason"]
    box = Mailbox()
    controller = start_smtp(box, port)
    try:
        assert sender.run_once()["claimed"] == 0  # not before its time
        clock.ms += 60_000
        assert sender.run_once()["sent"] == 1
        assert len(box.to(joan)) == 1
    finally:
        controller.stop()
    sync(ws)
    assert delivery(ws, event_id)[0] == "sent"


def test_a_permanent_refusal_fails_with_its_reason_on_the_desktop(
    tmp_path: Path,
    sync_server: dict[str, Any],
    smtp: tuple[Mailbox, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    box, port = smtp
    team, (ana,) = new_team(sync_server, "ana")
    ws, joan = tmp_path / "a", email_of("joan")
    box.refuse[joan] = "550 5.1.1 mailbox unavailable"
    login(ws, sync_server, ana, monkeypatch)
    contact_id, event_id = offline_reply(ws, ana, joan)
    sync(ws)
    clock = Clock()
    sender = make_sender(sync_server, port, team, now=clock, max_permanent=2, retry_base_ms=1000)
    assert sender.run_once()["retry"] == 1
    clock.ms += 1000
    assert sender.run_once()["failed"] == 1
    clock.ms += 3_600_000
    assert sender.run_once()["claimed"] == 0
    assert box.messages == []
    row = server_row(sync_server, event_id)
    assert row.state == "failed" and row.permanent_failures == 2
    assert "550 5.1.1 mailbox unavailable" in row.reason
    sync(ws)
    state, news = delivery(ws, event_id)
    assert state == "failed" and "mailbox unavailable" in news["reason"]
    with workspace(ws):
        line = Event.get((Event.contact == contact_id) & (Event.kind == "status"))
        assert line.subject == "Reply not delivered" and "550" in line.body


class Crash(BaseException):
    """The server process dies (not an error the sender could handle)."""


def test_a_sender_dying_after_handing_over_is_reported_never_resent(
    tmp_path: Path,
    sync_server: dict[str, Any],
    smtp: tuple[Mailbox, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    box, port = smtp
    team, (ana,) = new_team(sync_server, "ana")
    ws, joan = tmp_path / "a", email_of("joan")
    login(ws, sync_server, ana, monkeypatch)
    _contact_id, event_id = offline_reply(ws, ana, joan)
    sync(ws)

    def deliver_then_die(config: SmtpConfig, message: EmailMessage, recipient: str) -> None:
        deliver(config, message, recipient)
        raise Crash  # accepted by the mail server, never recorded as sent

    clock = Clock()
    with pytest.raises(Crash):
        make_sender(sync_server, port, team, now=clock, send=deliver_then_die).run_once()
    assert server_row(sync_server, event_id).state == "sending"
    other = make_sender(sync_server, port, team, now=clock, lease_ms=60_000)
    assert other.run_once()["claimed"] == 0  # claimed by the dead one, lease running
    clock.ms += 10 * 60_000 + 1
    counts = other.run_once()
    assert counts["reviewed"] == 1 and counts["claimed"] == 0
    assert other.run_once()["reviewed"] == 0  # reported once
    assert len(box.to(joan)) == 1
    row = server_row(sync_server, event_id)
    assert row.state == "sending" and row.reason.startswith(REVIEW)
    sync(ws)
    state, news = delivery(ws, event_id)
    assert state == "queued" and news["reason"].startswith(REVIEW)
    with sync_server["db"].connection_context():  # the admin checked: it went out
        assert resolve(sync_server["db"], event_id, "mark-sent") == "sent"
    assert other.run_once()["claimed"] == 0 and len(box.to(joan)) == 1
    sync(ws)
    assert delivery(ws, event_id)[0] == "sent"


def test_channels_without_a_gateway_wait_and_say_so(
    tmp_path: Path,
    sync_server: dict[str, Any],
    smtp: tuple[Mailbox, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    box, port = smtp
    team, (ana,) = new_team(sync_server, "ana")
    ws = tmp_path / "a"
    login(ws, sync_server, ana, monkeypatch)
    by_phone: dict[str, Any] = {"from": {"name": "Joan Smith", "phone": "+15551234567"}}
    _contact_id, event_id = offline_reply(ws, ana, email_of("joan"), channel="sms", **by_phone)
    sync(ws)
    assert make_sender(sync_server, port, team).run_once()["claimed"] == 0
    assert box.messages == []
    row = server_row(sync_server, event_id)
    assert row.state == "queued" and row.reason.startswith("waiting for a gateway")
    sync(ws)
    state, news = delivery(ws, event_id)
    assert state == "queued" and news["reason"].startswith("waiting for a gateway")


@pytest.mark.parametrize(
    ("argv", "expect"),
    [
        (
            [
                "--smtp-host",
                "mail.example",
                "--smtp-from",
                FROM,
                "--smtp-starttls",
                "--smtp-user",
                "bot",
            ],
            ("starttls", 587, "bot"),
        ),
        (["--smtp-host", "mail.example", "--smtp-from", FROM, "--smtp-ssl"], ("ssl", 465, "")),
        (
            ["--smtp-host", "localhost", "--smtp-port", "2525", "--smtp-from", FROM],
            ("none", 2525, ""),
        ),
    ],
)
def test_smtp_options(
    argv: list[str], expect: tuple[str, int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LASTMILE_SMTP_PASSWORD", "s3cret")
    config = server_cli.smtp_config(server_cli._parser().parse_args(argv))
    assert config is not None
    assert (config.security, config.real_port, config.user) == expect
    again = SmtpConfig.from_env({**config.to_env(), "LASTMILE_SMTP_PASSWORD": "s3cret"})
    assert again == config and "s3cret" not in json.dumps(config.to_env())


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        (["--smtp-host", "mail.example"], "--smtp-from"),
        (["--smtp-host", "mail.example", "--smtp-from", FROM, "--smtp-user", "bot"], "over TLS"),
        (["--smtp-host", "mail.example", "--smtp-from", "nobody"], "email address"),
    ],
)
def test_smtp_options_refused(argv: list[str], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        server_cli.smtp_config(server_cli._parser().parse_args(argv))
    assert server_cli.smtp_config(server_cli._parser().parse_args([])) is None


def test_acknowledgements_made_offline_are_sent_once_by_the_server(
    tmp_path: Path,
    sync_server: dict[str, Any],
    smtp: tuple[Mailbox, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A fresh email received on a desktop is acknowledged there at once (offline too);
    when it syncs, the server queues that same acknowledgement and sends it once, keeps
    the follow-up rules' task, and every desktop of the team shows it sent. The same
    message fetched by a second desktop is acknowledged only once."""
    from datetime import UTC, datetime, timedelta

    from desktop.card import card_json, load_card

    box, port = smtp
    team, (ana, ben) = new_team(sync_server, "ana", "ben")
    a, b, joan = tmp_path / "a", tmp_path / "b", email_of("joan")
    login(a, sync_server, ana, monkeypatch)
    login(b, sync_server, ben, monkeypatch)
    fresh = (datetime.now(UTC) - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    message = contact_record(
        1,
        received_at=fresh,
        external_id=f"<{uuid.uuid4()}@mail.example>",
        **{"from": {"name": "Joan Smith", "email": joan}},
    )
    for ws in (a, b):  # both desktops fetched the same mail while offline
        with workspace(ws) as app:
            assert app.intake.ingest([message]).imported == 1
            assert Event.select().where(Event.kind == "ack").count() == 1
            customer_id = Contact.get().customer_id
            assert customer_id is not None
            assert [
                h["delivery"]
                for h in card_json(app.db, load_card(customer_id))["history"]
                if h["kind"] == "ack"
            ] == ["queued"]
    assert sync(a)["rejected"] == []
    assert len(sync(b)["rejected"]) == 1  # the duplicate: b drops its copy and its ack
    sender = make_sender(sync_server, port, team)
    assert sender.run_once()["sent"] == 1
    assert sender.run_once()["claimed"] == 0
    [mail] = box.to(joan)
    assert mail["Subject"] == "Re: Order 1"
    assert mail.get_content().startswith("Hello Joan"), mail.get_content()
    for ws in (a, b):
        sync(ws)
        with workspace(ws) as app:
            contact = Contact.get()
            assert contact.customer_id is not None
            card = card_json(app.db, load_card(contact.customer_id))
            acks = [h for h in card["history"] if h["kind"] == "ack"]
            assert len(acks) == 1 and acks[0]["delivery"].startswith("sent"), acks
            assert Outbound.select().count() == 1
    with sync_server["db"].connection_context():
        assert srv.Outbound.select().where(srv.Outbound.contact_id == contact.id).count() == 1
