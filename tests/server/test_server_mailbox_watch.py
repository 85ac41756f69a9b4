"""The running server watches its mailboxes (issue 12): a real `lastmile-server` process,
a real Dovecot, a real PostgreSQL. A mailbox added with `lastmile-server mailbox add`
while the server runs is picked up without a restart; mail appended to it is a queue item
within seconds by IMAP IDLE (the poll interval is ten minutes here, so only IDLE can
explain it); a mailbox that hangs blocks no other; the mail server going away and coming
back, and the sync server restarting, lose and double nothing; a mailbox removed is let go.
The team's acknowledgement template is what the SMTP server (aiosmtpd) receives."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.ops import Actor
from desktop.ops import templates as template_ops
from models.schema import Agent
from server import models as srv
from server.channels import mail as server_mail
from server.channels.connectors import Connectors
from server.sender import Sender
from tests.mailservers import PASSWORD, Dovecot, Smtp
from tests.server.conftest import free_port
from tests.server.helpers import (
    add_server_mailbox,
    login,
    new_team,
    server_process,
    sync,
    workspace,
)
from tests.server.test_server_mail import cli, mail

# the supervisor looks every 0.3 s; polling only every 10 minutes (so only IDLE explains
# mail within seconds); a silent mail server is given up on after 3 s, not 30
FAST = {"LASTMILE_MAIL_RESCAN": "0.3", "LASTMILE_MAIL_POLL": "600", "LASTMILE_MAIL_TIMEOUT": "3"}


def until(what: Callable[[], Any], seconds: float = 15.0, every: float = 0.05) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = what()
        if found:
            return found
        time.sleep(every)
    raise AssertionError(f"not within {seconds} s")


def state(server: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The mailbox's row as `mailbox list --json` shows it (read here, no process)."""
    with server["db"].connection_context():
        return next((m for m in server_mail.list_mailboxes() if m["name"] == name), None)


def contacts(server: dict[str, Any], team: str) -> dict[str, int]:
    with server["db"].connection_context():
        out: dict[str, int] = {}
        for c in srv.Contact.select().where(srv.Contact.space == team):
            out[str(c.external_id)] = out.get(str(c.external_id), 0) + 1
        return out


def add(server: dict[str, Any], name: str, team: str, url: str, password: str = PASSWORD) -> None:
    """As `lastmile-server mailbox add` does it (that command itself: the test below)."""
    with server["db"].connection_context():
        server_mail.add_mailbox(server["db"], name, team=team, imap=url, password=password)


@pytest.fixture
def silent_imap() -> Iterator[str]:
    """An IMAP URL whose server accepts the connection and then says nothing (a hung mail
    server): a connector waiting on it must block no other mailbox."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"imap://agent@127.0.0.1:{listener.getsockname()[1]}/INBOX"


def test_a_mailbox_added_to_the_running_server_is_watched_by_idle(
    sync_server: dict[str, Any], dovecot: Dovecot, silent_imap: str, tmp_path: Path
) -> None:
    team, _ = new_team(sync_server, "ida")
    hung_team, _ = new_team(sync_server, "hal")
    name, hung = f"idle-{team}", f"hung-{hung_team}"
    stamp = team[-8:]
    log = tmp_path / "server.log"
    port = free_port()
    with server_process(sync_server["postgres"], port, log, **FAST):
        add(sync_server, hung, hung_team, silent_imap)  # first: it hangs (3 s each time)
        code, out, err = cli(  # the admin's command, while the server runs
            sync_server,
            "mailbox",
            "add",
            name,
            "--team",
            team,
            "--imap",
            dovecot.url,
            stdin=PASSWORD + "\n",
        )
        assert code == 0 and "a running server starts fetching it within seconds" in out, err
        # picked up without a restart, connected, waiting by IDLE
        row = until(lambda: (s := state(sync_server, name)) and s["state"] == "idle" and s)
        assert row["last_error"] == ""
        started = time.monotonic()
        dovecot.deliver(mail(f"idle-1-{stamp}"))
        until(lambda: f"<idle-1-{stamp}@customer.example>" in contacts(sync_server, team))
        took = time.monotonic() - started
        assert took < 5, f"{took:.1f} s: not by IDLE (polling is every 600 s here)"
        hung_row = state(sync_server, hung)
        assert hung_row is not None and hung_row["state"] in ("new", "failing")
        # a second mail on the same connection
        dovecot.deliver(mail(f"idle-2-{stamp}"))
        until(lambda: f"<idle-2-{stamp}@customer.example>" in contacts(sync_server, team))
        # the mail server goes away: failing, with the reason and the retry; back: caught up
        dovecot.stop()
        down = until(lambda: (s := state(sync_server, name)) and s["state"] == "failing" and s)
        assert "retrying in" in down["last_error"], down
        code, out, _ = cli(sync_server, "mailbox", "list")
        line = next(ln for ln in out.splitlines() if ln.startswith(name))
        assert "failing" in line and "retrying in" in line
        dovecot.start()
        dovecot.deliver(mail(f"idle-3-{stamp}"))
        until(lambda: f"<idle-3-{stamp}@customer.example>" in contacts(sync_server, team), 40)
        until(lambda: (s := state(sync_server, name)) and s["state"] == "idle")
        # the hung mailbox timed out on its own, and said so
        until(lambda: (s := state(sync_server, hung)) and s["state"] == "failing")
        timed_out = state(sync_server, hung)
        assert timed_out is not None and "timed out" in timed_out["last_error"]
    # the sync server restarts; mail that came meanwhile is taken in, nothing twice
    dovecot.deliver(mail(f"idle-4-{stamp}"))
    with server_process(sync_server["postgres"], port, log, **FAST):
        until(lambda: f"<idle-4-{stamp}@customer.example>" in contacts(sync_server, team))
        mine = {k: v for k, v in contacts(sync_server, team).items() if stamp in k}
        assert mine == {f"<idle-{n}-{stamp}@customer.example>": 1 for n in range(1, 5)}
        # removed while it runs: let go (a mail now is not taken in) ...
        code, _, err = cli(sync_server, "mailbox", "remove", name)
        assert code == 0, err
        time.sleep(1.5)  # five looks of the supervisor
        dovecot.deliver(mail(f"idle-5-{stamp}"))
        time.sleep(2)
        assert f"<idle-5-{stamp}@customer.example>" not in contacts(sync_server, team)
        # ... and added again with another password: started afresh, with the new one
        add(sync_server, name, team, dovecot.url, password="not-the-password")
        refused = until(lambda: (s := state(sync_server, name)) and s["state"] == "failing" and s)
        assert "refused the login" in refused["last_error"]
        with sync_server["db"].connection_context():
            for gone in (name, hung):
                server_mail.remove_mailbox(sync_server["db"], gone)
    said = log.read_text()
    assert "Traceback" not in said, said


def test_the_teams_acknowledgement_template_is_what_the_customer_receives(
    sync_server: dict[str, Any],
    dovecot: Dovecot,
    smtp_server: Smtp,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    team, (sue,) = new_team(sync_server, "sue", role="supervisor")
    name = f"ack-{team}"
    stamp = team[-8:]
    code, _, err = add_server_mailbox(
        sync_server,
        name,
        team,
        dovecot.url,
        smtp=f"smtp://127.0.0.1:{smtp_server.port}",
        address="support@shop.example",
    )
    assert code == 0, err
    connectors = Connectors(sync_server["db"])
    config = None

    def acks_to(address: str) -> list[str]:
        # parsed with policy=default: every message is an EmailMessage
        return [m.get_content() for m in smtp_server.messages if m["To"] == address]  # type: ignore[attr-defined]

    # without a template: the standard text
    dovecot.deliver(mail(f"plain-{stamp}", sender=f"Pia Plain <pia-{stamp}@example.com>"))
    connectors.run_once()
    with sync_server["db"].connection_context():
        config = server_mail.smtp_config(srv.ServerMailbox.get_by_id(name))
    assert config is not None
    sender = Sender(sync_server["db"], config, spaces=[team])
    sender.run_once()
    (plain,) = acks_to(f"pia-{stamp}@example.com")
    assert plain.strip() == server_mail_ack("Pia")
    # the supervisor writes the team's acknowledgement on a desktop; it travels by sync
    ws = tmp_path / "ws"
    login(ws, sync_server, sue, monkeypatch)
    with workspace(ws) as app:
        me = Actor.of(Agent.get(Agent.login == sue))
        thanks = template_ops.add_template(
            app.mutator,
            name="Thanks",
            body="Dear {customer.name}, thank you for writing to Shop. We answer {promise}. "
            "— {agent.first_name}",
            purpose="ack",
            actor_id=me.id,
        )
        template_ops.add_template(
            app.mutator,
            name="Danke",
            body="Hallo {customer.first_name}, danke! Wir antworten {promise}.",
            language="de",
            purpose="ack",
            actor_id=me.id,
        )
    assert sync(ws)["rejected"] == []
    dovecot.deliver(mail(f"tmpl-{stamp}", sender=f"Joan Smith <joan-{stamp}@example.com>"))
    connectors.run_once()
    sender.run_once()
    (templated,) = acks_to(f"joan-{stamp}@example.com")
    assert templated.strip() == (
        "Dear Joan Smith, thank you for writing to Shop. We answer within 8 business hours. "
        "— The team"
    )
    # a template the server cannot fill (a purchase): the standard text, never a gap
    with workspace(ws) as app:
        me = Actor.of(Agent.get(Agent.login == sue))
        template_ops.update_template(
            app.mutator,
            thanks,
            name="Thanks",
            body="Hi {customer.first_name}, how is your {last_purchase.product}? {promise}",
            channel="",
            language="en",
            purpose="ack",
            actor_id=me.id,
        )
    assert sync(ws)["rejected"] == []
    dovecot.deliver(mail(f"gap-{stamp}", sender=f"Gus Gap <gus-{stamp}@example.com>"))
    connectors.run_once()
    sender.run_once()
    (gap,) = acks_to(f"gus-{stamp}@example.com")
    assert gap.strip() == server_mail_ack("Gus") and "[?" not in gap


def server_mail_ack(first: str) -> str:
    from server.intake import ACK_TEXT

    return ACK_TEXT.format(name=first)
