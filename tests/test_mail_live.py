"""Mail in and out for a desktop alone, against a real Dovecot (IMAP) and a real SMTP
server (aiosmtpd), both started by the suite (issue 12: "Done when")."""

from __future__ import annotations

import io
import json
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import keyring
import pytest

from desktop import cli
from desktop.app import Application
from desktop.channels import imap, smtp
from desktop.channels import mailbox as boxes
from desktop.channels.service import MailService
from desktop.clock import FixedClock
from desktop.ops import contacts as contact_ops
from models.schema import Contact, Event, Mailbox, Outbound
from tests.conftest import open_app
from tests.mailservers import PASSWORD, Dovecot, Smtp
from tests.memory_keyring import MemoryKeyring

# the CLI runs on the real clock: the mail is of this morning (acknowledgements and
# follow-ups are only made for fresh contacts)
NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield
    keyring.set_keyring(previous)


def mail(
    n: str,
    *,
    subject: str = "Where is my bike?",
    sender: str = "Joan Smith <joan@example.com>",
    minutes_ago: int = 5,
    headers: str = "",
    body: str = "It has not arrived.\n",
) -> bytes:
    date = format_datetime(NOW - timedelta(minutes=minutes_ago))
    return (
        f"From: {sender}\nTo: support@shop.example\nSubject: {subject}\n"
        f"Date: {date}\nMessage-ID: <{n}@customer.example>\n{headers}"
        f"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n{body}"
    ).encode()


BOUNCE = (
    "From: Mail Delivery System <MAILER-DAEMON@mx.example>\nTo: support@shop.example\n"
    "Subject: Undelivered Mail Returned to Sender\nDate: {date}\n"
    "Message-ID: <bounce-1@mx.example>\nMIME-Version: 1.0\n"
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\n\n'
    "--b1\nContent-Type: text/plain\n\nThe mail could not be delivered.\n\n"
    "--b1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\n"
    "Final-Recipient: rfc822; gone@example.com\nAction: failed\nStatus: 5.1.1\n"
    "Diagnostic-Code: smtp; 550 5.1.1 mailbox unavailable\n\n"
    "--b1\nContent-Type: text/rfc822-headers\n\nMessage-ID: {original}\n"
    "Subject: Re: Order\n\n--b1--\n"
)


def run(ws: Path, *argv: str, stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    saved = sys.stdin, sys.stderr
    sys.stdin, sys.stderr = io.StringIO(stdin), out
    try:
        code = cli.run(cli.parse_args([*argv, "--workspace", str(ws)]), out=out, err=out)
    finally:
        sys.stdin, sys.stderr = saved
    return code, out.getvalue()


def fresh_workspace(
    tmp_path: Path, dovecot: Dovecot, smtp_url: str, *, name: str = "support"
) -> Path:
    ws = tmp_path / "ws"
    app = open_app(ws)
    try:
        from desktop.ops import agents as agent_ops

        agent_ops.add_agent(
            app.mutator, login="ana", display_name="Ana Tester", role="agent", skills={"general": 1}
        )
        # the mailbox's existing mail is history, not work: start after what is there
    finally:
        app.close()
    code, text = run(
        ws,
        "mailbox",
        "add",
        name,
        "--imap",
        dovecot.url,
        "--smtp",
        smtp_url,
        "--address",
        "support@shop.example",
        stdin=PASSWORD + "\n",
    )
    assert code == 0, text
    with workspace(ws):
        # what an earlier test left in the shared INBOX is not this workspace's work
        box = Mailbox.get()
        connection = imap.connect(box, PASSWORD, kind="live")
        try:
            _kind, data = connection.imap.uid("SEARCH", "ALL")
            uids = [int(u) for u in data[0].split()]
            validity = connection.uidvalidity
        finally:
            connection.close()
        Mailbox.update(last_uid=max(uids, default=0), uidvalidity=validity).execute()
    return ws


class workspace:  # noqa: N801 - reads as a with-statement
    def __init__(self, ws: Path) -> None:
        self.app = open_app(ws, clock=FixedClock(NOW))

    def __enter__(self) -> Application:
        return self.app

    def __exit__(self, *_exc: Any) -> None:
        self.app.close()


def test_mail_comes_in_threaded_acknowledged_once_and_replies_leave_by_smtp(
    tmp_path: Path, dovecot: Dovecot, smtp_server: Smtp
) -> None:
    ws = fresh_workspace(tmp_path, dovecot, smtp_server.url)
    code, text = run(ws, "mailbox", "test", "support")
    assert code == 0 and "signed in to 127.0.0.1, 0 new message(s), IDLE" in text, text
    dovecot.deliver(mail("q1"))
    dovecot.deliver(
        mail(
            "ooo",
            subject="Out of office",
            sender="Bob <bob@example.com>",
            headers="Auto-Submitted: auto-replied\n",
        )
    )
    dovecot.deliver(
        mail(
            "news",
            subject="Weekly deals",
            sender="Shop <news@deals.example>",
            headers="List-Id: <deals.example>\nPrecedence: bulk\n",
        )
    )
    code, text = run(ws, "mailbox", "fetch", "--json")
    assert code == 0, text
    assert json.loads(text)[0]["new"] == 3
    with workspace(ws):
        assert Contact.select().count() == 3
        acks = list(Outbound.select().where(Outbound.state == "queued"))
        assert [a.recipient for a in acks] == ["joan@example.com"]  # robots get no answer
    # fetched again (and after a Dovecot restart): nothing twice
    assert json.loads(run(ws, "mailbox", "fetch", "--json")[1])[0]["new"] == 0
    dovecot.stop()
    code, text = run(ws, "mailbox", "fetch")
    assert code == 1 and "mailbox support: cannot reach 127.0.0.1" in text
    assert "failing" in run(ws, "mailbox", "list")[1]
    dovecot.start()
    assert json.loads(run(ws, "mailbox", "fetch", "--json")[1])[0]["new"] == 0
    assert "[ok]" in run(ws, "mailbox", "list")[1]

    # the acknowledgement leaves once, as an automatic answer, threaded under the question
    code, text = run(ws, "mail", "send", "--json")
    assert json.loads(text)["sent"] == 1, text
    assert json.loads(run(ws, "mail", "send", "--json")[1])["sent"] == 0
    assert len(smtp_server.messages) == 1
    ack = smtp_server.messages[0]
    assert ack["Auto-Submitted"] == "auto-replied"
    assert ack["In-Reply-To"] == "<q1@customer.example>"
    assert ack["To"] == "joan@example.com"

    # the agent's reply: from the mailbox with the agent's name, full References chain
    with workspace(ws) as app:
        contact = Contact.get(Contact.external_id == "<q1@customer.example>")
        actor = app.sign_in("ana")
        contact_ops.reply(app.mutator, actor, contact.id, "Hello Joan,\n\nit ships today.")
    assert json.loads(run(ws, "mail", "send", "--json")[1])["sent"] == 1
    reply = smtp_server.messages[1]
    assert reply["From"] == "Ana Tester <support@shop.example>"
    assert reply["In-Reply-To"] == "<q1@customer.example>"
    assert "<q1@customer.example>" in reply["References"]
    assert reply["Auto-Submitted"] is None
    assert reply.get_body(("plain",)).get_content().strip().startswith("Hello Joan,")
    assert "<p>Hello Joan,</p>" in reply.get_body(("html",)).get_content()
    with workspace(ws):
        line = Event.get(Event.kind == "reply")
        assert json.loads(line.data)["delivery"]["state"] == "sent"

    # the customer answers OUR reply: it joins the conversation
    dovecot.deliver(
        mail(
            "q2",
            subject="Re: Where is my bike?",
            minutes_ago=1,
            headers=f"In-Reply-To: {reply['Message-ID']}\n"
            f"References: <q1@customer.example> {reply['Message-ID']}\n",
            body="Thanks!\n\n> it ships today.\n",
        )
    )
    assert json.loads(run(ws, "mailbox", "fetch", "--json")[1])[0]["new"] == 1
    with workspace(ws):
        answer = Contact.get(Contact.external_id == "<q2@customer.example>")
        assert answer.thread_id == contact.thread_id
    # a mail program that says only In-Reply-To (our acknowledgement's id) threads too
    dovecot.deliver(
        mail(
            "q3",
            subject="Re: Where is my bike?",
            minutes_ago=1,
            headers=f"In-Reply-To: {ack['Message-ID']}\n",
            body="And?\n",
        )
    )
    assert json.loads(run(ws, "mailbox", "fetch", "--json")[1])[0]["new"] == 1
    with workspace(ws):
        assert (
            Contact.get(Contact.external_id == "<q3@customer.example>").thread_id
            == contact.thread_id
        )
    assert len(smtp_server.messages) == 2  # nothing else was sent meanwhile


def test_a_bounce_of_our_reply_marks_it_not_delivered_and_is_not_answered(
    tmp_path: Path, dovecot: Dovecot, smtp_server: Smtp
) -> None:
    ws = fresh_workspace(tmp_path, dovecot, smtp_server.url)
    dovecot.deliver(mail("b-q1", sender="Gone <gone@example.com>"))
    run(ws, "mailbox", "fetch")
    assert json.loads(run(ws, "mail", "send", "--json")[1])["sent"] == 1
    sent_id = smtp_server.messages[-1]["Message-ID"]
    dovecot.deliver(BOUNCE.format(date=format_datetime(NOW), original=sent_id).encode())
    assert json.loads(run(ws, "mailbox", "fetch", "--json")[1])[0]["new"] == 1
    assert json.loads(run(ws, "mail", "send", "--json")[1])["sent"] == 0  # no ack to a bounce
    with workspace(ws):
        row = Outbound.get(Outbound.message_id == sent_id)
        assert row.state == "failed"
        delivery = json.loads(Event.get(Event.id == row.event_id).data)["delivery"]
        assert "550" in delivery["reason"]


def test_sending_waits_while_smtp_is_down_and_never_sends_twice(
    tmp_path: Path, dovecot: Dovecot
) -> None:
    down = Smtp()  # not started yet: the mail server is down
    ws = fresh_workspace(tmp_path, dovecot, down.url)
    dovecot.deliver(mail("r-q1", sender="Rita <rita@example.com>"))
    run(ws, "mailbox", "fetch")
    _code, text = run(ws, "mail", "send", "--json")
    assert json.loads(text) == {"sent": 0, "retrying": 1, "failed": []}
    with workspace(ws):
        row = Outbound.get()
        assert row.state == "queued" and "cannot be reached" in row.reason
        assert row.next_attempt_at is not None
        delivery = json.loads(Event.get(Event.id == row.event_id).data)["delivery"]
        assert delivery["state"] == "queued" and "next try in" in delivery["reason"]
        # not before its time
        assert smtp.Sender(Outbound._meta.database, kind="live").send_due(NOW).retrying == 0
    down.start()
    now = datetime.now(UTC)  # the CLI's clock set the next attempt
    try:
        with workspace(ws) as app:
            sender = smtp.Sender(app.db, kind="live")
            assert sender.send_due(now + timedelta(minutes=2)).sent == 1
            assert sender.send_due(now + timedelta(hours=2)).sent == 0
            assert len(down.messages) == 1
            # a crash between "sending" and "sent": it is never sent again by itself
            row = Outbound.get()
            Outbound.update(state="sending").where(Outbound.id == row.id).execute()
            assert sender.recover(NOW) == 1
            assert Outbound.get().state == "failed"
            assert sender.send_due(now + timedelta(hours=3)).sent == 0
            assert len(down.messages) == 1
    finally:
        down.stop()


def test_idle_wakes_on_new_mail_and_the_service_keeps_other_mailboxes_going(
    tmp_path: Path, dovecot: Dovecot, smtp_server: Smtp
) -> None:
    ws = fresh_workspace(tmp_path, dovecot, smtp_server.url)
    with workspace(ws) as app:
        box = Mailbox.get()
        connection = imap.connect(box, PASSWORD, kind="live")
        try:
            imap.fetch(connection, box, app.intake, now=NOW)
            threading.Timer(0.5, dovecot.deliver, [mail("idle-1")]).start()
            started = time.monotonic()
            assert imap.wait(connection, 20) is True
            assert time.monotonic() - started < 10
            assert imap.fetch(connection, box, app.intake, now=NOW).new == 1
        finally:
            connection.close()
        # a second mailbox that cannot be reached does not hold the first one up
        boxes.add("broken", imap="imap://agent@127.0.0.1:1/INBOX", password="x", clock=app.clock)
        service = MailService(app, poll_s=0.2, idle_s=0.5, send_s=0.2)
        service.start()
        try:
            dovecot.deliver(mail("svc-1", sender="Sam <sam@example.com>"))
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and not (
                Contact.select().where(Contact.external_id == "<svc-1@customer.example>").exists()
                and smtp_server.messages
            ):
                time.sleep(0.1)
            assert (
                Contact.select().where(Contact.external_id == "<svc-1@customer.example>").exists()
            )
            assert smtp_server.messages  # its acknowledgement left by itself
            while time.monotonic() < deadline and Mailbox.get_by_id("broken").state != "failing":
                time.sleep(0.1)
            broken = Mailbox.get_by_id("broken")
            assert broken.state == "failing" and "cannot reach 127.0.0.1:1" in broken.last_error
        finally:
            service.stop()


def test_mailbox_commands_say_what_is_wrong(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    open_app(ws).close()
    code, text = run(ws, "mailbox", "add", "x", "--imap", "pop3://a@b", stdin="pw\n")
    assert code == 1 and "expected imap:// or imaps://" in text
    code, text = run(ws, "mailbox", "add", "x", "--imap", "imaps://mail.example", stdin="pw\n")
    assert code == 1 and "say the login and the host" in text
    code, text = run(
        ws,
        "mailbox",
        "add",
        "x",
        "--imap",
        "imaps://a@mail.example",
        "--smtp",
        "smtps://a@mail.example",
        stdin="pw\n",
    )
    assert code == 1 and "--address" in text
    code, text = run(ws, "mailbox", "add", "x", "--imap", "imaps://a@b.example", stdin="\n")
    assert code == 1 and "password" in text
    code, text = run(ws, "mailbox", "test", "nope")
    assert code == 1 and "no mailbox 'nope'" in text
    code, text = run(
        ws,
        "mailbox",
        "add",
        "x",
        "--imap",
        "imaps://support@shop.example@imap.shop.example/INBOX",
        stdin="pw\n",
    )
    assert code == 0, text
    rows = json.loads(run(ws, "mailbox", "list", "--json")[1])
    assert rows[0]["imap"] == "imaps://support@shop.example@imap.shop.example:993/INBOX"
    assert rows[0]["address"] == "support@shop.example"
    assert run(ws, "mailbox", "remove", "x")[0] == 0
    assert "No mailboxes" in run(ws, "mailbox", "list")[1]
