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
from pytestqt.qtbot import QtBot

from desktop import attachments
from models.schema import Attachment, Contact
from tests.server.helpers import (
    HEADERS,
    add_server_mailbox,
    login,
    new_team,
    password,
    run_cli,
    sync,
    workspace,
)

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
    qtbot: QtBot,
) -> None:
    from ui.executor import DbExecutor
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
        extras = MessageExtras(executor=DbExecutor(app.db))
        extras.show_for(contact.id)
        assert extras.label.text() == (
            "Attachments: contract.pdf (application/pdf, 20 kB) — on the server, fetched when saved"
        )
        assert extras.save_button.isEnabled()
        with qtbot.waitSignal(extras.saved, timeout=30_000) as done:
            assert extras.save(extras._attachments[0], tmp_path / "saved.pdf")
            assert extras.status.text() == "Fetching contract.pdf from the server…"
            assert not extras.save_button.isEnabled()  # one save at a time
        saved = done.args[0]
        assert saved == tmp_path / "saved.pdf" and saved.read_bytes() == PDF
        assert extras.status.text() == f"Saved to {saved}"
        assert extras.executor is not None
        extras.executor.shutdown()
        assert attachments.read(attachments.folder_of(app.db), sha) == PDF  # kept on B now
        extras.show_for(contact.id)
        assert extras.label.text() == "Attachments: contract.pdf (application/pdf, 20 kB)"
        extras.deleteLater()
    # A sees its own row too (the server's list came back), listed once
    sync(a)
    with workspace(a) as app:
        listed, _html = attachments.of_contact(Contact.get().id)
        assert [m["sha256"] for m in listed] == [sha] and listed[0]["kept"]


def test_small_attachments_are_fetched_after_a_pull(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _team, (ann, cai) = new_team(sync_server, "ann", "cai")
    a, c = tmp_path / "a", tmp_path / "c"
    small, big = b"%PDF small " + ann.encode(), PDF + ann.encode()
    assert run_cli("init", "--workspace", str(a))[0] == 0
    login(a, sync_server, ann, monkeypatch)
    (tmp_path / "s").mkdir()
    for data, name in ((small, "note.pdf"), (big, "contract.pdf")):
        path = eml(tmp_path / "s", data, name)
        assert run_cli("import", str(path), "--workspace", str(a))[0] == 0
    sync(a)
    login(c, sync_server, cai, monkeypatch)
    with workspace(c) as app:
        folder = attachments.folder_of(app.db)
        skip: set[str] = set()
        assert attachments.prefetch(folder, max_bytes=len(small), skip=skip) == 1
        assert attachments.is_kept(folder, hashlib.sha256(small).hexdigest())
        assert not attachments.is_kept(folder, hashlib.sha256(big).hexdigest())  # on request
        assert attachments.prefetch(folder, max_bytes=len(small), skip=skip) == 0


def test_saving_a_teammates_attachment_never_blocks_the_window(
    tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fetch runs on the executor: save() returns at once, the window's event loop
    keeps ticking while the server says nothing, and the end is one clear line."""
    import socket
    import time

    from PySide6.QtCore import QTimer

    from desktop.sync.transport import store_token
    from models.database import set_meta
    from ui.executor import DbExecutor
    from ui.message_extras import MessageExtras

    monkeypatch.setattr(attachments, "FETCH_TIMEOUT_S", 1.0)
    ws = tmp_path / "ws"
    assert run_cli("init", "--workspace", str(ws))[0] == 0
    sha = hashlib.sha256(PDF).hexdigest()
    with socket.socket() as silent, workspace(ws) as app:  # accepts, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        server = f"http://127.0.0.1:{silent.getsockname()[1]}"
        set_meta("server_url", server)
        set_meta("sync_login", "ben")
        store_token(server, "ben", "a-token")
        Attachment.create(
            id="att-1",
            contact_id="c-1",
            event_id="e-1",
            sha256=sha,
            name="contract.pdf",
            type="application/pdf",
            size=len(PDF),
        )
        extras = MessageExtras(executor=DbExecutor(app.db))
        qtbot.addWidget(extras)
        extras.show_for("c-1")
        ticks: list[float] = []
        heartbeat = QTimer()
        heartbeat.timeout.connect(lambda: ticks.append(time.monotonic()))
        heartbeat.start(20)
        with qtbot.waitSignal(extras.save_failed, timeout=15_000) as failed:
            started = time.monotonic()
            assert extras.save(extras._attachments[0], tmp_path / "out.pdf")
            assert time.monotonic() - started < 0.5  # returned at once
            assert extras.status.text() == "Fetching contract.pdf from the server…"
        heartbeat.stop()
        waited = time.monotonic() - started
        assert waited >= 0.9
        # the window's loop ran all along: a tick at least every 0.3 s of the wait
        during = [t for t in ticks if started <= t <= started + waited]
        assert len(during) >= waited / 0.3, (len(during), waited)
        assert failed.args[0] == "the sync server did not answer within 1 s: try again later"
        assert extras.status.text() == "Not saved: " + failed.args[0]
        assert not (tmp_path / "out.pdf").exists() and extras.save_button.isEnabled()
        assert extras.executor is not None
        extras.executor.shutdown()


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


def test_a_server_mailbox_keeps_attachments_for_the_team(
    sync_server: dict[str, Any], dovecot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from server.channels.connectors import Connectors

    team, (ana,) = new_team(sync_server, "ana")
    name = f"support-{team}"
    code, _out, err = add_server_mailbox(
        sync_server,
        name,
        team,
        dovecot.url,
    )
    assert code == 0, err
    data = PDF + team.encode()  # this test's own file
    sha = hashlib.sha256(data).hexdigest()
    dovecot.deliver(eml(tmp_path, data, "offer.pdf").read_bytes())
    first = Connectors(sync_server["db"]).run_once()[name]
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
