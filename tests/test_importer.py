"""Import files: .jsonl, .json, .csv, .eml and .mbox read into the one intake."""

from __future__ import annotations

import json
import mailbox
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

import pytest

from desktop.app import Application
from desktop.errors import UserFacingError
from desktop.importer import read_file
from desktop.intake import IntakeReport, RecordError
from models.schema import Contact, Customer, Event, Identity, Invoice, Purchase
from tests.conftest import DATA, NOW, contact_record, table_counts


def run_import(app: Application, path: Path) -> IntakeReport:
    return app.intake.ingest(read_file(path), source=str(path))


def rejected(report: IntakeReport) -> dict[int, str]:
    return {r.position: r.reason for r in report.rejected}


def mail(
    n: int,
    *,
    sender: str = "Tom Berg <tom@example.com>",
    reply_to: str | None = None,
    msgid: str | None = None,
    date: bool = True,
    charset: str = "utf-8",
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@lastmile.example"
    message["Subject"] = f"Order {n}"
    if date:
        message["Date"] = format_datetime(NOW.replace(hour=7, minute=n))
    message["Message-ID"] = msgid or make_msgid(domain="mail.example")
    if reply_to:
        message["In-Reply-To"] = reply_to
    message.set_content(f"Where is order {n}? Grüße", charset=charset)
    return message


# -- JSON Lines ----------------------------------------------------------------------


def test_jsonl_sample_file(live_app: Application) -> None:
    report = run_import(live_app, DATA / "morning.jsonl")
    assert report.imported == 11
    reasons = rejected(report)
    assert sorted(reasons) == [12, 13, 14, 15, 16, 17]
    assert "invalid JSON" in reasons[12]
    assert all(r.source.endswith("morning.jsonl") for r in report.rejected)
    assert Contact.select().count() == 9


def test_jsonl_positions_are_line_numbers_and_blank_lines_are_skipped(
    live_app: Application, tmp_path: Path
) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps(contact_record(1)),
        "",
        "{broken",
        json.dumps(contact_record(2)),
        "  ",
        json.dumps(contact_record(3, channel="pigeon")),
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode() + b'{"body": "\xff"}\n')
    report = run_import(live_app, path)
    assert report.imported == 2
    reasons = rejected(report)
    assert sorted(reasons) == [3, 6, 7]
    assert "invalid JSON" in reasons[3]
    assert "unknown channel" in reasons[6]
    assert "not valid UTF-8" in reasons[7]


# -- JSON ----------------------------------------------------------------------------


def test_json_array_sample_file(live_app: Application) -> None:
    report = run_import(live_app, DATA / "shop_export.json")
    assert report.imported == 4
    reasons = rejected(report)
    assert sorted(reasons) == [5, 6]
    assert "missing 'issued_at'" in reasons[5]
    assert "no email, phone, handle or visitor_id" in reasons[6]
    lena = Customer.get(Customer.name == "Lena Weber")
    assert Identity.get(Identity.value == "+4930901820").customer_id == lena.id
    paid = Invoice.get(Invoice.number == "INV-2026-3307")
    assert paid.state == "paid" and paid.customer_id == lena.id
    assert Invoice.get(Invoice.number == "INV-2026-3391").state == "not sent"
    helmet = Purchase.get(Purchase.product == "Helmet Pro")
    assert helmet.amount_cents == 8990
    assert helmet.customer_id == Customer.get(Customer.name == "Tom Berg").id
    before = table_counts(live_app.workspace.database_path)
    again = run_import(live_app, DATA / "shop_export.json")
    assert (again.imported, again.duplicates) == (0, 4)
    assert table_counts(live_app.workspace.database_path) == before


def test_a_json_file_with_one_object_is_one_record(live_app: Application, tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(contact_record(1)), encoding="utf-8")
    assert run_import(live_app, path).imported == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'[{"channel": ', "not valid JSON"),
        (b'"just text"', "expected a JSON object or an array"),
        (b"\xff\xfe[]", "not valid JSON"),
    ],
)
def test_an_unreadable_json_file_is_one_clear_error(
    live_app: Application, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(UserFacingError, match=message):
        run_import(live_app, path)
    assert Contact.select().count() == 0


# -- CSV -----------------------------------------------------------------------------


def test_csv_sample_file(live_app: Application) -> None:
    report = run_import(live_app, DATA / "contact_form.csv")
    assert report.imported == 4
    assert list(rejected(report)) == [6]
    assert "missing 'received_at'" in rejected(report)[6]
    form = Contact.get(Contact.external_id == "form-4410")
    assert form.channel == "webform" and form.skill == "tech" and form.priority == 1
    body = Event.get((Event.contact == form.id) & (Event.kind == "inbound")).body
    assert body == "The frame cracked after 8 months.\nPhotos are attached to my account."
    mia = Customer.get(Customer.name == "Mia Rides")
    assert mia.reach == 120000 and mia.influencer
    assert Identity.get(Identity.customer == mia.id).value == "twitter:miarides"
    assert Identity.get(Identity.kind == "phone").value == "+15559876543"
    chat = Contact.get(Contact.external_id == "chat-5531")
    assert chat.received_at == NOW.replace(hour=7, minute=45)


def test_csv_for_commerce_uses_customer_columns(live_app: Application) -> None:
    report = run_import(live_app, DATA / "invoices.csv")
    assert report.imported == 2
    assert list(rejected(report)) == [4]
    assert Invoice.get(Invoice.number == "INV-2026-2001").amount_cents == 12050


def test_csv_bad_rows_are_rejected_by_line(live_app: Application, tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes(
        b"channel,received_at,from_email,priority\n"
        b"email,2026-11-22T08:00:00Z,a@example.com,\n"
        b"email,2026-11-22T08:01:00Z,b@example.com,high\n"
        b"email,2026-11-22T08:02:00Z,c@example.com,,surplus\n"
        b"email,2026-11-22T08:03:00Z,caf\xe9@example.com,\n"
        b"email,2026-11-22T08:04:00Z,d@example.com,2\n"
    )
    report = run_import(live_app, path)
    assert report.imported == 2
    reasons = rejected(report)
    assert sorted(reasons) == [3, 4, 5]
    assert "priority is not a whole number" in reasons[3]
    assert "more cells than the header" in reasons[4]
    assert "not valid UTF-8" in reasons[5]


# -- e-mail --------------------------------------------------------------------------


def test_eml_sample_files_thread_a_reply(live_app: Application) -> None:
    assert run_import(live_app, DATA / "question.eml").imported == 1
    report = run_import(live_app, DATA / "reply.eml")
    assert report.as_json() == {"imported": 1, "duplicates": 0, "rejected": []}
    question = Contact.get(Contact.external_id == "<frage-1@example.de>")
    answer = Contact.get(Contact.external_id == "<frage-2@example.de>")
    assert answer.thread_id == question.id
    assert answer.customer_id == question.customer_id
    assert answer.subject == "AW: Frage zur Rechnung"
    # "-0000" is UTC (RFC 5322), not a time without a zone
    assert answer.received_at == NOW.replace(hour=10, minute=40)
    body = Event.get((Event.contact == answer.id) & (Event.kind == "inbound")).body
    assert "Grüße, Lena Weber" in body


def test_eml_without_date_takes_the_time_of_import_and_says_so(
    live_app: Application, tmp_path: Path
) -> None:
    path = tmp_path / "nodate.eml"
    path.write_bytes(mail(1, date=False).as_bytes())
    report = run_import(live_app, path)
    assert report.as_json() == {"imported": 1, "duplicates": 0, "rejected": []}
    event = Event.get(Event.kind == "inbound")
    assert json.loads(event.data)["received_note"] == "no Date header: time of import"


def test_eml_with_an_unknown_charset_is_still_imported(
    live_app: Application, tmp_path: Path
) -> None:
    path = tmp_path / "odd.eml"
    path.write_bytes(
        b"From: Kim Park <kim@example.com>\nDate: Sun, 22 Nov 2026 08:00:00 +0000\n"
        b"Subject: Frame size\nContent-Type: text/plain; charset=x-unknown-8bit\n\n"
        b"Which frame for 1.82 m?\n"
    )
    report = run_import(live_app, path)
    assert report.imported == 1
    assert "Which frame" in Event.get(Event.kind == "inbound").body


def test_mbox_threads_and_positions(live_app: Application, tmp_path: Path) -> None:
    path = tmp_path / "support.mbox"
    box = mailbox.mbox(str(path))
    try:
        first = mail(1, msgid="<order-1@mail.example>")
        box.add(first)
        box.add(mail(2, reply_to="<order-1@mail.example>"))
        box.add(mail(3, date=False))
        box.add(mail(4, sender="Kim Park <kim@example.com>", charset="latin-1"))
        box.add(mail(5, sender="undisclosed-recipients:;"))
        box.flush()
    finally:
        box.close()
    report = run_import(live_app, path)
    assert report.imported == 4  # the one without a Date takes the mbox envelope date
    reasons = rejected(report)
    assert sorted(reasons) == [5]
    assert "no email" in reasons[5]
    root = Contact.get(Contact.external_id == "<order-1@mail.example>")
    assert Contact.select().where(Contact.thread_id == root.id).count() == 2
    kim = Customer.get(Customer.name == "Kim Park")
    body = Event.get((Event.customer == kim.id) & (Event.kind == "inbound")).body
    assert "Grüße" in body
    before = table_counts(live_app.workspace.database_path)
    assert run_import(live_app, path).duplicates == 4
    assert table_counts(live_app.workspace.database_path) == before


def test_mbox_sample_file(live_app: Application) -> None:
    report = run_import(live_app, DATA / "inbox.mbox")
    assert report.as_json() == {"imported": 4, "duplicates": 0, "rejected": []}
    # no Date header: the time of its mbox "From " line
    undated = Contact.get(Contact.subject == "no date")
    assert undated.received_at == NOW.replace(hour=16, minute=37, second=57)


def test_a_file_that_is_no_mbox_is_refused(live_app: Application, tmp_path: Path) -> None:
    path = tmp_path / "notes.mbox"
    path.write_text("Dear support,\nplease call me.\n", encoding="utf-8")
    with pytest.raises(UserFacingError, match="not an mbox file"):
        run_import(live_app, path)


# -- which files ---------------------------------------------------------------------


def test_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(UserFacingError, match=r"cannot import \.txt"):
        read_file(tmp_path / "notes.txt")
    with pytest.raises(UserFacingError, match="no such file"):
        read_file(tmp_path / "missing.jsonl")
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(UserFacingError, match="no such file"):
        read_file(tmp_path / "folder.csv")


@pytest.mark.parametrize("suffix", [".JSONL", ".ndjson"])
def test_suffixes_are_read_case_insensitively(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"upper{suffix}"
    path.write_text(json.dumps(contact_record(1)) + "\n", encoding="utf-8")
    records: list[tuple[int, Any]] = list(read_file(path))
    assert len(records) == 1 and not isinstance(records[0][1], RecordError)
