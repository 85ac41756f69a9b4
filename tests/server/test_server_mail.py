"""Mailboxes the sync server runs, against a real Dovecot (IMAP), a real aiosmtpd (SMTP)
and a real PostgreSQL: mail delivered to the box reaches a signed-in desktop by sync,
acknowledged once; nothing is fetched twice; the agent's reply leaves through the
mailbox's SMTP once; a bounce is not acknowledged."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("aiosmtpd")

from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from models.schema import Agent, Contact
from server import cli as server_cli
from server import models as srv
from server.channels import mail as server_mail
from server.channels import secrets as sealed
from server.sender import Sender
from tests.mailservers import PASSWORD, Dovecot, Smtp
from tests.server.helpers import login, new_team, sync, workspace


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    server = Dovecot()
    yield server
    server.close()


@pytest.fixture
def smtp_server() -> Iterator[Smtp]:
    server = Smtp()
    server.start()
    yield server
    server.stop()


def mail(n: str, *, sender: str = "Joan Smith <joan@example.com>", extra: str = "") -> bytes:
    date = format_datetime(datetime.now(UTC) - timedelta(minutes=1))
    return (f"From: {sender}\nTo: support@shop.example\nSubject: Where is my bike? {n}\n"
            f"Date: {date}\nMessage-ID: <{n}@customer.example>\n{extra}MIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=utf-8\n\nIt has not arrived.\n").encode()


def cli(server: dict[str, Any], *argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = server_cli.main([*argv, "--database", server["postgres"]], out=out, err=err,
                               stdin=io.StringIO(stdin))
    finally:
        srv.server_db.initialize(server["db"])
    return code, out.getvalue(), err.getvalue()


def test_mail_reaches_the_desktop_by_sync_once_and_the_reply_leaves_once(
        sync_server: dict[str, Any], dovecot: Dovecot, smtp_server: Smtp, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    team, (ana,) = new_team(sync_server, "ana")
    name = f"support-{team}"
    code, out, err = cli(sync_server, "mailbox", "add", name, "--team", team, "--imap",
                         dovecot.url, "--smtp", f"smtp://127.0.0.1:{smtp_server.port}",
                         "--address", "Support <support@shop.example>", stdin=PASSWORD + "\n")
    assert code == 0, err
    with sync_server["db"].connection_context():
        row = srv.ServerMailbox.get_by_id(name)
        assert PASSWORD not in json.dumps(row.__data__)  # sealed, not in the clear
        assert sealed.unseal(row.password_sealed) == PASSWORD
    stamp = team[-8:]
    dovecot.deliver(mail(f"q1-{stamp}"))
    dovecot.deliver(mail(f"ooo-{stamp}", sender="Bob <bob@example.com>",
                         extra="Auto-Submitted: auto-replied\n"))
    code, out, _ = cli(sync_server, "mailbox", "test", name)
    assert code == 0 and "new mail(s)" in out, out
    connectors = server_mail.Connectors(sync_server["db"])
    first = connectors.run_once()[name]
    assert isinstance(first, dict) and first["accepted"] >= 2, first
    assert connectors.run_once()[name] == {"fetched": 0, "accepted": 0, "duplicates": 0,
                                           "rejected": 0}  # nothing twice after the UID
    code, out, _ = cli(sync_server, "mailbox", "list", "--json")
    (listed,) = [m for m in json.loads(out) if m["name"] == name]
    assert listed["state"] == "ok" and listed["last_error"] == ""
    with sync_server["db"].connection_context():
        contacts = {c.external_id: c for c in srv.Contact.select().where(
            srv.Contact.space == team)}
        joan = contacts[f"<q1-{stamp}@customer.example>"]
        acks = list(srv.Outbound.select().join(srv.Event, on=(srv.Event.id == srv.Outbound.id))
                    .where((srv.Outbound.space == team) & (srv.Event.kind == "ack")))
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
    assert ack["Auto-Submitted"] == "auto-replied"
    assert "we received your message" in ack.get_content()
    assert reply["Auto-Submitted"] is None
    assert reply["In-Reply-To"] == f"<q1-{stamp}@customer.example>"
    assert "It ships tomorrow." in reply.get_content()
    assert reply["From"] == "Support <support@shop.example>"
    assert not [m for m in smtp_server.messages if m["To"] == "bob@example.com"]


def test_a_mailbox_that_cannot_log_in_says_so_and_blocks_no_other(
        sync_server: dict[str, Any], dovecot: Dovecot) -> None:
    team, _ = new_team(sync_server, "bo")
    code, _, err = cli(sync_server, "mailbox", "add", f"wrong-{team}", "--team", team,
                       "--imap", dovecot.url, stdin="not-the-password\n")
    assert code == 0, err
    code, out, err = cli(sync_server, "mailbox", "test", f"wrong-{team}")
    assert code == 1 and out == ""
    assert err.startswith("lastmile-server: imap://agent@127.0.0.1") and "refused the login" \
        in err and len(err.strip().splitlines()) == 1
    done = server_mail.Connectors(sync_server["db"]).run_once()
    assert "refused the login" in str(done[f"wrong-{team}"])
    code, out, _ = cli(sync_server, "mailbox", "list")
    line = next(ln for ln in out.splitlines() if ln.startswith(f"wrong-{team}"))
    assert "failing" in line and "refused the login" in line
    code, _, err = cli(sync_server, "mailbox", "add", "x", "--team", team, "--imap",
                       "http://nope", stdin="pw\n")
    assert code == 1 and "expected imap:// or imaps://" in err
