"""Mailboxes the sync server runs, against a real Dovecot (IMAP), a real aiosmtpd (SMTP)
and a real PostgreSQL: mail delivered to the box reaches a signed-in desktop by sync,
acknowledged once; nothing is fetched twice; the agent's reply leaves through the
mailbox's SMTP once; a bounce is not acknowledged."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("aiosmtpd")

from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from models.schema import Agent, Contact
from server import models as srv
from server.channels import mail as server_mail
from server.channels import secrets as sealed
from server.channels.connectors import Connectors
from server.sender import Sender
from tests.mailservers import PASSWORD, Dovecot, Smtp
from tests.server.helpers import add_server_mailbox, login, new_team, sync, workspace
from tests.server.helpers import server_cli as cli


def mail(n: str, *, sender: str = "Joan Smith <joan@example.com>", extra: str = "") -> bytes:
    date = format_datetime(datetime.now(UTC) - timedelta(minutes=1))
    return (
        f"From: {sender}\nTo: support@shop.example\nSubject: Where is my bike? {n}\n"
        f"Date: {date}\nMessage-ID: <{n}@customer.example>\n{extra}MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n\nIt has not arrived.\n"
    ).encode()


def test_mail_reaches_the_desktop_by_sync_once_and_the_reply_leaves_once(
    sync_server: dict[str, Any],
    dovecot: Dovecot,
    smtp_server: Smtp,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    team, (ana,) = new_team(sync_server, "ana")
    name = f"support-{team}"
    code, out, err = add_server_mailbox(
        sync_server,
        name,
        team,
        dovecot.url,
        smtp=f"smtp://127.0.0.1:{smtp_server.port}",
        address="Support <support@shop.example>",
    )
    assert code == 0, err
    with sync_server["db"].connection_context():
        row = srv.ServerMailbox.get_by_id(name)
        assert PASSWORD not in json.dumps(row.__data__)  # sealed, not in the clear
        assert sealed.unseal(row.password_sealed) == PASSWORD
    stamp = team[-8:]
    dovecot.deliver(mail(f"q1-{stamp}"))
    dovecot.deliver(
        mail(f"ooo-{stamp}", sender="Bob <bob@example.com>", extra="Auto-Submitted: auto-replied\n")
    )
    code, out, _ = cli(sync_server, "mailbox", "test", name)
    assert code == 0 and "new mail(s)" in out, out
    connectors = Connectors(sync_server["db"])
    first = connectors.run_once()[name]
    assert isinstance(first, dict) and first["accepted"] >= 2, first
    assert connectors.run_once()[name] == {
        "fetched": 0,
        "accepted": 0,
        "duplicates": 0,
        "rejected": 0,
    }  # nothing twice after the UID
    code, out, _ = cli(sync_server, "mailbox", "list", "--json")
    (listed,) = [m for m in json.loads(out) if m["name"] == name]
    assert listed["state"] == "ok" and listed["last_error"] == ""
    with sync_server["db"].connection_context():
        contacts = {c.external_id: c for c in srv.Contact.select().where(srv.Contact.space == team)}
        joan = contacts[f"<q1-{stamp}@customer.example>"]
        acks = list(
            srv.Outbound.select()
            .join(srv.Event, on=(srv.Event.id == srv.Outbound.id))
            .where((srv.Outbound.space == team) & (srv.Event.kind == "ack"))
        )
        assert [(a.contact_id, a.recipient) for a in acks] == [(joan.id, "joan@example.com")]
        config = server_mail.smtp_config(srv.ServerMailbox.get_by_id(name))
    assert config is not None
    sender = Sender(sync_server["db"], config, spaces=[team], poll_seconds=0.1)
    assert sender.run_once()["sent"] == 1  # the acknowledgement
    # the desktop gets the mail by sync, and answers it
    ws = tmp_path / "ws"
    login(ws, sync_server, ana, monkeypatch)
    sync(ws)
    with workspace(ws) as app:
        local = Contact.get_by_id(joan.id)
        assert local.subject == f"Where is my bike? q1-{stamp}"
        me = Agent.get(Agent.login == ana)
        actor = Actor.of(me)
        contact_ops.claim(app.mutator, actor, joan.id)
        contact_ops.reply(app.mutator, actor, joan.id, "It ships tomorrow.")
    sync(ws)
    assert sender.run_once()["sent"] == 1
    assert sender.run_once().get("sent", 0) == 0  # never twice
    to_joan = [m for m in smtp_server.messages if m["To"] == "joan@example.com"]
    assert len(to_joan) == 2
    ack, reply = to_joan
    assert isinstance(ack, EmailMessage) and isinstance(reply, EmailMessage)  # policy=default
    assert ack["Auto-Submitted"] == "auto-replied"
    assert "we received your message" in ack.get_content()
    assert reply["Auto-Submitted"] is None
    assert reply["In-Reply-To"] == f"<q1-{stamp}@customer.example>"
    assert "It ships tomorrow." in reply.get_content()
    assert reply["From"] == "Support <support@shop.example>"
    assert not [m for m in smtp_server.messages if m["To"] == "bob@example.com"]


def test_a_mailbox_that_cannot_log_in_says_so_and_blocks_no_other(
    sync_server: dict[str, Any], dovecot: Dovecot
) -> None:
    team, _ = new_team(sync_server, "bo")
    code, _, err = add_server_mailbox(
        sync_server,
        f"wrong-{team}",
        team,
        dovecot.url,
        password="not-the-password",
    )
    assert code == 0, err
    code, out, err = cli(sync_server, "mailbox", "test", f"wrong-{team}")
    assert code == 1 and out == ""
    assert (
        err.startswith("lastmile-server: imap://agent@127.0.0.1")
        and "refused the login" in err
        and len(err.strip().splitlines()) == 1
    )
    done = Connectors(sync_server["db"]).run_once()
    assert "refused the login" in str(done[f"wrong-{team}"])
    code, out, _ = cli(sync_server, "mailbox", "list")
    line = next(ln for ln in out.splitlines() if ln.startswith(f"wrong-{team}"))
    assert "failing" in line and "refused the login" in line
    code, _, err = cli(
        sync_server, "mailbox", "add", "x", "--team", team, "--imap", "http://nope", stdin="pw\n"
    )
    assert code == 1 and "expected imap:// or imaps://" in err


BOUNCE = (
    "From: Mail Delivery System <MAILER-DAEMON@mx.example>\nTo: support@shop.example\n"
    "Subject: Undelivered Mail Returned to Sender\nDate: {date}\n"
    "Message-ID: <bounce-{n}@mx.example>\nMIME-Version: 1.0\n"
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\n\n'
    "--b1\nContent-Type: text/plain\n\nThe mail could not be delivered.\n\n"
    "--b1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\n"
    "Final-Recipient: rfc822; gone@example.com\nAction: failed\nStatus: 5.1.1\n"
    "Diagnostic-Code: smtp; 550 5.1.1 mailbox unavailable\n\n"
    "--b1\nContent-Type: text/rfc822-headers\n\nMessage-ID: {original}\n"
    "Subject: Re: Order\n\n--b1--\n"
)


def test_a_bounce_marks_our_mail_not_delivered_and_answers_thread(
    sync_server: dict[str, Any], dovecot: Dovecot, smtp_server: Smtp
) -> None:
    team, _ = new_team(sync_server, "cy")
    name = f"box-{team}"
    assert (
        add_server_mailbox(
            sync_server,
            name,
            team,
            dovecot.url,
            smtp=f"smtp://127.0.0.1:{smtp_server.port}",
            address="support@shop.example",
        )[0]
        == 0
    )
    stamp = team[-8:]
    connectors = Connectors(sync_server["db"])
    # a reply that arrives before the mail it answers
    dovecot.deliver(
        mail(
            f"late-{stamp}",
            sender="Gone <gone@example.com>",
            extra=f"In-Reply-To: <first-{stamp}@customer.example>\n",
        )
    )
    connectors.run_once()
    dovecot.deliver(mail(f"first-{stamp}", sender="Gone <gone@example.com>"))
    connectors.run_once()
    with sync_server["db"].connection_context():
        by_id = {c.external_id: c for c in srv.Contact.select().where(srv.Contact.space == team)}
        first, late = (
            by_id[f"<first-{stamp}@customer.example>"],
            by_id[f"<late-{stamp}@customer.example>"],
        )
        assert late.thread_id == first.thread_id == first.id
        config = server_mail.smtp_config(srv.ServerMailbox.get_by_id(name))
    assert config is not None
    # (the box is shared with the other tests: their mail is this team's too)
    assert Sender(sync_server["db"], config, spaces=[team]).run_once()["sent"] >= 1
    (ack_mail,) = [m for m in smtp_server.messages if m["To"] == "gone@example.com"]
    sent_id = ack_mail["Message-ID"]
    # the customer answers our acknowledgement: same conversation
    dovecot.deliver(
        mail(
            f"answer-{stamp}",
            sender="Gone <gone@example.com>",
            extra=f"In-Reply-To: {sent_id}\nReferences: {sent_id}\n",
        )
    )
    dovecot.deliver(
        BOUNCE.format(date=format_datetime(datetime.now(UTC)), n=stamp, original=sent_id).encode()
    )
    connectors.run_once()
    with sync_server["db"].connection_context():
        by_id = {c.external_id: c for c in srv.Contact.select().where(srv.Contact.space == team)}
        assert by_id[f"<answer-{stamp}@customer.example>"].thread_id == first.id
        bounce = by_id[f"<bounce-{stamp}@mx.example>"]
        assert bounce.status == "resolved"  # not a customer's request in the queue
        ack = srv.Outbound.get(srv.Outbound.message_id == sent_id)
        assert ack.state == "failed" and "550" in ack.reason
        assert ack.contact_id == late.id  # the conversation's first mail was acknowledged
        assert (
            srv.Event.select()
            .where((srv.Event.contact_id == late.id) & (srv.Event.subject == "Reply not delivered"))
            .count()
            == 1
        )
    before = len(smtp_server.messages)
    Sender(sync_server["db"], config, spaces=[team]).run_once()
    assert len(smtp_server.messages) == before  # no acknowledgement to the bounce
