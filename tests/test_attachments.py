"""Attachments of fetched mail kept in the workspace, content-addressed, 0600, with a size
limit that never blocks the mailbox; saved only to a file the agent picks, never run.
Against a real Dovecot (tests/mailservers.py)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the panel's part runs real widgets

import hashlib
import json
import stat
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from desktop import attachments
from models.errors import UserFacingError
from models.schema import Contact, Event
from tests.mailservers import Dovecot, Smtp
from tests.test_mail_live import NOW, fresh_workspace, run, workspace

SMALL = b"%PDF-1.4 invoice 42\n" * 50
HTML = (
    "<html><body><p>Please see the <b>attached</b> invoice.</p>"
    '<img src="https://tracker.example/pixel.gif"><script>alert(1)</script></body></html>'
)
BIG = b"\x89PNG" + b"\x00" * 300_000


def mail_with(n: str, *files: tuple[str, str, bytes], html: bool = True) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Joan Smith <joan@example.com>"
    msg["To"] = "support@shop.example"
    msg["Subject"] = f"Invoice question {n}"
    msg["Date"] = format_datetime(NOW)
    msg["Message-ID"] = f"<{n}@customer.example>"
    msg.set_content("Please see the attached invoice.")
    if html:
        msg.add_alternative(HTML, subtype="html")
    for name, ctype, data in files:
        main, sub = ctype.split("/")
        msg.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return msg.as_bytes()


def test_attachments_are_kept_once_private_and_an_oversized_one_is_only_listed(
    qtbot,
    tmp_path: Path,
    dovecot: Dovecot,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(attachments.ENV_LIMIT, "100000")
    smtp = Smtp()
    ws = fresh_workspace(tmp_path, dovecot, smtp.url)
    dovecot.deliver(
        mail_with(
            "att-1",
            ("invoice.pdf", "application/pdf", SMALL),
            ("../../photo.png", "image/png", BIG),
        )
    )
    dovecot.deliver(mail_with("att-2", ("invoice.pdf", "application/pdf", SMALL), html=False))
    code, text = run(ws, "mailbox", "fetch", "--json")
    assert code == 0, text
    assert json.loads(text)[0]["new"] == 2  # the big one blocked nothing
    folder = ws / "attachments"
    small_sha = hashlib.sha256(SMALL).hexdigest()
    kept = folder / small_sha[:2] / small_sha[2:]
    assert kept.read_bytes() == SMALL
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [p for p in folder.rglob("*") if p.is_file()] == [kept]  # once, the big one not
    with workspace(ws):
        contact = Contact.get(Contact.external_id == "<att-1@customer.example>")
        event = Event.get((Event.contact == contact.id) & (Event.kind == "inbound"))
        listed = attachments.listed(folder, json.loads(event.data))
    assert [(a["name"], a["type"], a["size"], a["kept"]) for a in listed] == [
        ("invoice.pdf", "application/pdf", len(SMALL), True),
        ("photo.png", "image/png", len(BIG), False),  # a name, never a path
    ]
    assert attachments.describe(listed[0]) == "invoice.pdf (application/pdf, 1000 bytes)"
    assert (
        attachments.describe(listed[1])
        == "photo.png (image/png, 293 kB) — not kept (over the size limit)"
    )
    # opened only on request: copied to the file the agent picked, never run
    chosen = tmp_path / "saved-invoice.pdf"
    attachments.save_as(folder, small_sha, chosen)
    assert chosen.read_bytes() == SMALL and stat.S_IMODE(chosen.stat().st_mode) == 0o600
    with pytest.raises(UserFacingError, match="exists; choose another name"):
        attachments.save_as(folder, small_sha, chosen)
    with pytest.raises(UserFacingError, match="was not kept"):
        attachments.save_as(folder, listed[1]["sha256"], tmp_path / "photo.png")
    # in the window: listed under the message, saved on request, the HTML as source
    from PySide6.QtWidgets import QTextBrowser

    from ui.message_extras import SAFE_VIEW_NOTE, MessageExtras

    with workspace(ws):
        extras = MessageExtras()
        qtbot.addWidget(extras)
        extras.show_for(contact.id)
        assert (
            extras.label.text() == "Attachments: invoice.pdf (application/pdf, 1000 "
            "bytes); photo.png (image/png, 293 kB) — not kept (over the size limit)"
        )
        assert [a.isEnabled() for a in extras.menu.actions()] == [True, False]
        assert extras.html_button.isVisibleTo(extras)
        again = tmp_path / "again.pdf"
        with qtbot.waitSignal(extras.saved, timeout=10_000):
            assert extras.save(listed[0], again)  # returns at once; written on the executor
        assert again.read_bytes() == SMALL
        dialog = extras.show_html()
        qtbot.addWidget(dialog)
        assert dialog.source.toPlainText().strip() == HTML  # the source, as text
        assert dialog.source.isReadOnly() and not dialog.findChildren(QTextBrowser)
        assert SAFE_VIEW_NOTE in [w.text() for w in dialog.findChildren(QLabel)]
        dialog.grab().save(str(tmp_path / "safe-view.png"))
        extras.show_for(Contact.get(Contact.external_id == "<att-2@customer.example>").id)
        assert not extras.html_button.isVisibleTo(extras)
    # a damaged file is said as such, never handed out
    kept.chmod(0o600)
    kept.write_bytes(b"tampered")
    with pytest.raises(UserFacingError, match="damaged"):
        attachments.read(folder, small_sha)
    # erasing the person (a privacy request) removes their files too
    from desktop import privacy

    with workspace(ws) as app, app.db.atomic():
        privacy.erase_rows(app.db.connection(), [contact.customer_id], ws)
    assert not kept.exists()


def test_the_encryption_hook_sees_every_byte_written_and_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Xor:
        def seal(self, data: bytes, sha256: str) -> bytes:
            return bytes(b ^ 0x5A for b in data)

        def open(self, data: bytes, sha256: str) -> bytes:
            return bytes(b ^ 0x5A for b in data)

    monkeypatch.setattr(attachments, "CIPHER", Xor())
    kept = attachments.keep(tmp_path / "attachments", SMALL)
    on_disk = attachments.path_of(tmp_path / "attachments", kept.sha256).read_bytes()
    assert on_disk != SMALL and b"invoice" not in on_disk
    assert attachments.read(tmp_path / "attachments", kept.sha256) == SMALL
    with pytest.raises(UserFacingError, match="not an attachment"):
        attachments.path_of(tmp_path, "../etc/passwd")
