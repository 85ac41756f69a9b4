"""A message with attachments says so on its history line (a painted paperclip, the count
and the names, the sizes in the tooltip); a file is saved only when the agent asks, from
the line's menu, to a private file — never opened or run. Real window, real workspace,
a real mail imported with its files."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from PySide6.QtCore import Qt

from desktop import attachments
from desktop.importer import read_file
from models.schema import Contact
from ui.history_model import AttachmentsRole
from ui.main_window import MainWindow

PDF = b"%PDF-1.4 invoice 4711\n" * 40
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 3000


def test_the_history_line_shows_the_paperclip_and_saves_only_on_request(
    window: MainWindow,
    qtbot,
    tmp_path: Path,
) -> None:
    msg = EmailMessage()
    msg["From"] = "Hana Clip <hana.clip@example.com>"
    msg["To"] = "support@shop.example"
    msg["Subject"] = "Invoice and photo"
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = "<clip-1@example.com>"
    msg.set_content("Please see the files.")
    msg.add_attachment(PDF, maintype="application", subtype="pdf", filename="invoice.pdf")
    msg.add_attachment(PNG, maintype="image", subtype="png", filename="photo.png")
    path = tmp_path / "clip.eml"
    path.write_bytes(bytes(msg))
    app = window.app
    report = app.intake.ingest(read_file(path, attachments.folder_of(app.db)), source="test")
    assert report.imported == 1
    contact = Contact.get(Contact.external_id == "<clip-1@example.com>")
    window.card.show_customer(contact.customer_id)
    qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)  # read off the UI thread
    model = window.card.history_model
    row = next(
        r
        for r in range(model.rowCount())
        if (item := model.item(r)) is not None
        and item["contact_id"] == contact.id
        and item["kind"] == "inbound"
    )
    summary = model.index(row, 3)
    assert model.data(summary).startswith("[2: invoice.pdf, photo.png] Invoice and photo")
    assert not model.data(summary, Qt.ItemDataRole.DecorationRole).isNull()  # the paperclip
    tip = model.data(summary, Qt.ItemDataRole.ToolTipRole)
    assert "invoice.pdf (application/pdf, 880 bytes)" in tip and "never opened here" in tip
    # a line without attachments has no clip
    others = [r for r in range(model.rowCount()) if r != row]
    assert all(not model.data(model.index(r, 3), AttachmentsRole) for r in others)
    # the line's menu offers to save each file; nothing is opened
    menu = window.menus.history_menu(summary)
    assert menu is not None
    names = [a.text() for a in menu.actions()]
    assert "Save “invoice.pdf”…" in names and "Save “photo.png”…" in names
    extras = window.contact_panel.extras
    (invoice,) = [m for m in model.data(summary, AttachmentsRole) if m["name"] == "invoice.pdf"]
    target = tmp_path / "saved-invoice.pdf"
    with qtbot.waitSignal(extras.saved, timeout=10_000):
        assert extras.save(invoice, target)
    assert target.read_bytes() == PDF
    # said where the agent looks, though the panel shows another contact
    assert extras.status.isVisible() and extras.status.text() == f"Saved to {target}"
    mode = stat.S_IMODE(target.stat().st_mode)
    assert mode == 0o600  # private, and not executable
