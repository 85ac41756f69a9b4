"""Attachments travel by sync (issue 12): a mail imported on desktop A with a file is listed
on desktop B after sync, with name, type and size, and B saves the very same bytes (fetched
from the server when asked); the server keeps bytes per team (another team's token gets
404), refuses bytes whose hash does not match or that are too big; an encrypted desktop
keeps a fetched file sealed. Real server (uvicorn + PostgreSQL), real files."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import hashlib
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop import attachments
from models.schema import Attachment, Contact
from tests.server.helpers import HEADERS, login, new_team, password, run_cli, sync, workspace

PDF = b"%PDF-1.4 contract for Joan Smith, IBAN DE89 3704 0044 0532 0130 00\n" * 300


def eml(folder: Path, data: bytes = PDF, name: str = "contract.pdf") -> Path:
    msg = EmailMessage()
    msg["From"] = "Joan Smith <joan@example.com>"
    msg["To"] = "support@example.com"
    msg["Subject"] = "Signed contract"
    msg["Date"] = "Mon, 23 Nov 2026 09:00:00 +0000"
    msg["Message-ID"] = f"<{hashlib.sha256(data).hexdigest()[:16]}@example.com>"
    msg.set_content("Here is the contract, signed.")
    msg.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    path = folder / "mail.eml"
    path.write_bytes(bytes(msg))
    return path


@pytest.fixture
def http(sync_server: dict[str, Any]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sync_server["url"], headers=HEADERS, timeout=10) as client:
        yield client


def token_for(http: httpx.Client, user: str) -> dict[str, str]:
    answer = http.post("/v1/login", json={"login": user, "password": password(user)})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def test_an_attachment_received_on_one_desktop_is_saved_on_another(
    tmp_path: Path,
    sync_server: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    http: httpx.Client,
    qtbot: object,
) -> None:
    from ui.message_extras import MessageExtras

    _team, (ana, ben) = new_team(sync_server, "ana", "ben")
    _other, (eve,) = new_team(sync_server, "eve")
    a, b = tmp_path / "a", tmp_path / "b"
    sha = hashlib.sha256(PDF).hexdigest()
    assert run_cli("init", "--workspace", str(a))[0] == 0
    login(a, sync_server, ana, monkeypatch)
    code, text = run_cli("import", str(eml(tmp_path)), "--workspace", str(a))
    assert code == 0, text
    assert attachments.path_of(a / "attachments", sha).read_bytes() == PDF  # kept on A
    assert http.get(f"/v1/attachments/{sha}", headers=token_for(http, ana)).status_code == 404
    assert sync(a)["pushed"] == 1  # the bytes went up first, then the contact
    got = http.get(f"/v1/attachments/{sha}", headers=token_for(http, ana))
    assert got.status_code == 200 and got.content == PDF
    # another team's token: nothing, whether the hash exists or not
    assert http.get(f"/v1/attachments/{sha}", headers=token_for(http, eve)).status_code == 404
    assert http.get(f"/v1/attachments/{sha}").status_code == 401

    login(b, sync_server, ben, monkeypatch)  # its first sync brings the contact
    with workspace(b) as app:
        contact = Contact.get()
        row = Attachment.get(Attachment.contact_id == contact.id)
        assert (row.sha256, row.name, row.type, row.size, row.too_big) == (
            sha,
            "contract.pdf",
            "application/pdf",
            len(PDF),
            False,
        )
        assert not (b / "attachments").exists() or not any((b / "attachments").rglob("*"))
        extras = MessageExtras()
        extras.show_for(contact.id)
        assert extras.label.text() == (
            "Attachments: contract.pdf (application/pdf, 20 kB) — on the server, fetched when saved"
        )
        assert extras.save_button.isEnabled()
        saved = extras.save(extras._attachments[0], tmp_path / "saved.pdf")
        assert saved is not None and saved.read_bytes() == PDF
        assert attachments.read(attachments.folder_of(app.db), sha) == PDF  # kept on B now
        extras.show_for(contact.id)
        assert extras.label.text() == "Attachments: contract.pdf (application/pdf, 20 kB)"
        extras.deleteLater()
    # A sees its own row too (the server's list came back), listed once
    sync(a)
    with workspace(a) as app:
        listed, _html = attachments.of_contact(Contact.get().id)
        assert [m["sha256"] for m in listed] == [sha] and listed[0]["kept"]


def test_the_server_refuses_bytes_that_do_not_match_or_are_too_big(
    sync_server: dict[str, Any], http: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    _team, (ana,) = new_team(sync_server, "ana")
    auth = token_for(http, ana)
    data = b"a small file"
    sha = hashlib.sha256(data).hexdigest()
    wrong = http.put(f"/v1/attachments/{sha}", content=data + b"!", headers=auth)
    assert wrong.status_code == 422 and "do not match" in wrong.json()["detail"]
    assert http.get(f"/v1/attachments/{sha}", headers=auth).status_code == 404
    assert http.put("/v1/attachments/not-a-hash", content=data, headers=auth).status_code == 400
    assert http.put(f"/v1/attachments/{sha}", content=data).status_code == 401
    monkeypatch.setenv("LASTMILE_ATTACHMENT_LIMIT", "5")  # the server runs in this process
    big = http.put(f"/v1/attachments/{sha}", content=data, headers=auth)
    assert big.status_code == 413
    monkeypatch.delenv("LASTMILE_ATTACHMENT_LIMIT")
    ok = http.put(f"/v1/attachments/{sha}", content=data, headers=auth)
    assert ok.status_code == 201, ok.text
    again = http.put(f"/v1/attachments/{sha}", content=data, headers=auth)  # idempotent
    assert again.status_code == 201
    assert http.get(f"/v1/attachments/{sha}", headers=auth).content == data


def test_an_encrypted_desktop_keeps_a_fetched_attachment_sealed(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LASTMILE_SECRETS_FILE", raising=False)  # keys in the (test) keychain
    _team, (ana, ben) = new_team(sync_server, "ana", "ben")
    a, b = tmp_path / "a", tmp_path / "b"
    sha = hashlib.sha256(PDF).hexdigest()
    assert run_cli("init", "--encrypted", "--workspace", str(a))[0] == 0
    login(a, sync_server, ana, monkeypatch)
    assert run_cli("import", str(eml(tmp_path)), "--workspace", str(a))[0] == 0
    sealed = attachments.path_of(a / "attachments", sha).read_bytes()
    assert sealed.startswith(attachments.MAGIC) and b"IBAN" not in sealed
    sync(a)  # uploads the plaintext over TLS-or-trusted HTTP: the server holds it for the team
    assert run_cli("init", "--encrypted", "--workspace", str(b))[0] == 0
    login(b, sync_server, ben, monkeypatch)
    with workspace(b) as app:
        folder = attachments.folder_of(app.db)
        assert attachments.read(folder, sha) == PDF  # fetched on request
    raw = attachments.path_of(b / "attachments", sha).read_bytes()
    assert raw.startswith(attachments.MAGIC)
    assert all(PDF[i : i + 16] not in raw for i in range(0, len(PDF) - 16, 61))


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Any]:
    from tests.mailservers import Dovecot

    server = Dovecot()
    yield server
    server.close()


def test_a_server_mailbox_keeps_attachments_for_the_team(
    sync_server: dict[str, Any], dovecot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from server.channels import mail as server_mail
    from tests.mailservers import PASSWORD
    from tests.server.test_server_mail import cli

    team, (ana,) = new_team(sync_server, "ana")
    name = f"support-{team}"
    code, _out, err = cli(
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
    assert code == 0, err
    data = PDF + team.encode()  # this test's own file
    sha = hashlib.sha256(data).hexdigest()
    dovecot.deliver(eml(tmp_path, data, "offer.pdf").read_bytes())
    first = server_mail.Connectors(sync_server["db"]).run_once()[name]
    assert isinstance(first, dict) and first["accepted"] >= 1, first
    ws = tmp_path / "ws"
    login(ws, sync_server, ana, monkeypatch)
    with workspace(ws) as app:
        row = Attachment.get(Attachment.sha256 == sha)
        assert (row.name, row.type, row.size) == ("offer.pdf", "application/pdf", len(data))
        out = attachments.save_as(attachments.folder_of(app.db), sha, tmp_path / "offer.pdf")
        assert out.read_bytes() == data


def test_erasing_the_person_removes_their_attachments_everywhere(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch, http: httpx.Client
) -> None:
    from desktop import privacy
    from desktop.ops import Actor
    from models.schema import Agent
    from tests.server.helpers import add_user

    team, (ben,) = new_team(sync_server, "ben")
    sue = f"sue-{team}"
    add_user(sync_server, sue, role="supervisor", team=team)
    a, b = tmp_path / "a", tmp_path / "b"
    data = PDF + b"erase " + team.encode()
    sha = hashlib.sha256(data).hexdigest()
    assert run_cli("init", "--workspace", str(a))[0] == 0
    login(a, sync_server, sue, monkeypatch)
    assert run_cli("import", str(eml(tmp_path, data)), "--workspace", str(a))[0] == 0
    sync(a)
    login(b, sync_server, ben, monkeypatch)
    with workspace(b) as app:
        assert attachments.read(attachments.folder_of(app.db), sha) == data  # fetched
    with workspace(a) as app:
        customer = Contact.get().customer_id
        assert customer is not None
        privacy.erase_customer(app.mutator, Actor.of(Agent.get(Agent.login == sue)), customer, a)
    assert sync(a)["rejected"] == []
    assert http.get(f"/v1/attachments/{sha}", headers=token_for(http, ben)).status_code == 404
    with sync_server["db"].connection_context():
        from server.attachments import Attachment as ServerAttachment

        assert not ServerAttachment.select().where(ServerAttachment.space == team).exists()
    assert sync(b)["rejected"] == []
    for ws in (a, b):
        with workspace(ws):
            assert Attachment.select().count() == 0
        assert not attachments.path_of(ws / "attachments", sha).exists()
