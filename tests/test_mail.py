"""Inbound mail the way real mail is: a hand-written corpus of real shapes (tests/data/mail)
through the real import path, and parse_mail against hostile bytes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.app import Application
from desktop.channels.mail import UNREADABLE, mail_attachments, parse_mail
from desktop.importer import read_eml, read_file
from models.inbound import MAX_TEXT, RecordError, parse_record
from models.schema import Contact, Customer, Event, Identity, Outbound
from tests.conftest import DATA, NOW, contact_record

CORPUS = DATA / "mail"

# every message of the corpus: who the customer is, why it must not be answered
# automatically, and a piece of its text (or why it is refused)
EXPECTED: dict[str, dict[str, Any]] = {
    "abwesenheit.eml": {
        "email": "j.mueller@example.de",
        "auto": "auto-reply",
        "text": "nicht im Büro",
        "name": "Jürgen Müller",
    },
    "attachments.eml": {"email": "omar.haddad@example.com", "text": "Receipt attached"},
    "bounce_exchange.eml": {
        "email": "postmaster@contoso.onmicrosoft.com",
        "auto": "bounce",
        "text": "couldn't be delivered",
    },
    "bounce_postfix.eml": {
        "email": "mailer-daemon@mx1.lastmile.example",
        "auto": "bounce",
        "text": "could not\nbe delivered",
    },
    "broken_mime.eml": {"email": "eva.lind@example.se", "text": "The box was crushed"},
    "cjk_gb2312.eml": {
        "email": "li.wei@example.cn",
        "text": "请把发票寄给我",
        "subject": "发票问题",
    },
    "cjk_iso2022jp.eml": {
        "email": "taro.yamada@example.jp",
        "text": "自転車はいつ届きますか",
        "subject": "自転車の配達",
        "name": "山田太郎",
    },
    "comment_form.eml": {"email": "bob.doe@example.net", "name": "Bob Doe", "text": "bell"},
    "cyrillic_cp1251.eml": {
        "email": "olena@example.ua",
        "text": "Дякую, рахунок отримала",
        "subject": "Рахунок",
    },
    "cyrillic_koi8r.eml": {
        "email": "ivan@example.ru",
        "text": "Где мой велосипед?",
        "subject": "Доставка",
        "name": "Иван Петров",
    },
    "display_name_address.eml": {"email": "bob@example.com", "text": "close my account"},
    "forwarded.eml": {
        "email": "anna.schmidt@example.de",
        "text": "delivered on Tuesday between 10 and 14",
    },
    "html_only.eml": {
        "email": "paul.martin@example.com",
        "text": "the front light is broken & flickers.\nCan you send a new one?",
    },
    "list_mail.eml": {
        "email": "news@lists.cycling.example",
        "auto": "list",
        "text": "winter tyres",
    },
    "mislabelled_ascii.eml": {
        "email": "renee@example.fr",
        "text": "Le vélo est arrivé",
        "name": "Renée Dubois",
    },
    "mislabelled_latin1.eml": {
        "email": "lena.weber@example.de",
        "text": "Schöne Grüße aus Köln – die",
        "subject": "Rückfrage",
    },
    "no_date.eml": {"email": "sam.taylor@example.org", "text": "pedals"},
    "no_message_id_1.eml": {"email": "scanner@example.com", "text": "Scanned"},
    "no_message_id_2.eml": {"email": "scanner@example.com", "text": "Scanned"},
    "noreply_notification.eml": {
        "email": "no-reply@parcels.example",
        "auto": "noreply",
        "text": "front door",
    },
    "out_of_office.eml": {
        "email": "jana.novak@example.cz",
        "auto": "auto-reply",
        "text": "out of the office",
    },
    "outlook.msg": {"rejected": "an Outlook .msg file, not a MIME message: save it as .eml"},
    "question_bike.eml": {"email": "tom.berg@example.com", "text": "order 4471"},
    "question_frame.eml": {"email": "kim.park@example.net", "text": "1.82 m"},
    "reply_gmail.eml": {
        "email": "tom.berg@example.com",
        "text": "tracking number",
        "new_text": "Thanks! The tracking number is 1Z999AA10123456784.",
    },
    "reply_outlook.eml": {
        "email": "kim.park@example.net",
        "text": "Thanks – Kim",
        "new_text": 'Sorry, I meant the 28" wheel model. Thanks – Kim',
    },
    "undisclosed_sender.eml": {"rejected": "'from' has no email"},
    "webform_notification.eml": {
        "email": "maria.lopez@example.org",
        "name": "Maria Lopez",
        "text": "frame cracked",
    },
}

# replies first: each is stored before the message it answers and joins its thread later
REPLIES = ["reply_gmail.eml", "reply_outlook.eml"]
ORDER = [*REPLIES, *sorted(p.name for p in CORPUS.iterdir() if p.name not in REPLIES)]


def inbound(contact: Contact) -> Event:
    return Event.get((Event.contact == contact.id) & (Event.kind == "inbound"))


def acked(contact: Contact) -> bool:
    return Event.select().where((Event.contact == contact.id) & (Event.kind == "ack")).exists()


def test_the_corpus_is_every_shape_we_expect() -> None:
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(EXPECTED)


def test_the_whole_corpus_through_the_import_path(live_app: Application) -> None:
    outcome: dict[str, Any] = {}
    for name in ORDER:
        path = CORPUS / name
        records = list(read_eml(path))  # what read_file does for .eml, for the .msg too
        report = live_app.intake.ingest(records, source=name)
        assert report.imported + len(report.rejected) == 1, name
        outcome[name] = report.rejected[0].reason if report.rejected else report.contact_ids[0]
    for name, want in EXPECTED.items():
        got = outcome[name]
        if "rejected" in want:
            assert want["rejected"] in got, name
            continue
        contact = Contact.get_by_id(got)
        event = inbound(contact)
        data = json.loads(event.data)
        keys = {i.value for i in Identity.select().where(Identity.customer == contact.customer)}
        assert want["email"] in keys, name
        if "name" in want:
            assert Customer.get_by_id(contact.customer_id).name == want["name"], name
        assert want["text"].lower() in event.body.lower(), name
        if "subject" in want:
            assert contact.subject == want["subject"], name
        assert data.get("auto") == want.get("auto"), name
        if "new_text" in want:
            assert data["new_text"] == want["new_text"], name
        if want.get("auto"):
            assert not acked(contact), f"{name}: an automatic mail must never be answered"
    # a web form is answered to the customer, not to the form
    maria = Contact.get_by_id(outcome["webform_notification.eml"])
    assert Outbound.get(Outbound.contact == maria.id).recipient == "maria.lopez@example.org"
    # replies stored before their parents were threaded when the parents came
    for reply, parent in (
        ("reply_gmail.eml", "question_bike.eml"),
        ("reply_outlook.eml", "question_frame.eml"),
    ):
        assert Contact.get_by_id(outcome[reply]).thread_id == outcome[parent]
    # two different mails without a Message-ID are two contacts; the display name that
    # looks like an address is not a customer
    assert outcome["no_message_id_1.eml"] != outcome["no_message_id_2.eml"]
    assert not Identity.select().where(Identity.value == "alice@example.com").exists()
    # no Date: the newest Received header
    undated = Contact.get_by_id(outcome["no_date.eml"])
    assert undated.received_at.isoformat() == "2026-11-22T08:45:30+00:00"
    assert "Received" in json.loads(inbound(undated).data)["received_note"]
    # attachments: metadata kept, a path in a file name is not a path
    meta = json.loads(inbound(Contact.get_by_id(outcome["attachments.eml"])).data)
    assert [(a["name"], a["type"]) for a in meta["attachments"]] == [
        ("receipt.pdf", "application/pdf"),
        ("setup.exe", "application/octet-stream"),
    ]
    # the same files again change nothing
    again = [live_app.intake.ingest(read_eml(CORPUS / n)) for n in ORDER]
    assert sum(r.imported for r in again) == 0


def test_a_reply_threads_by_references_when_its_parent_is_ours(live_app: Application) -> None:
    # its In-Reply-To is our acknowledgement, which is no contact: References find the thread
    for name in ("question_bike.eml", "reply_gmail.eml"):
        assert live_app.intake.ingest(read_file(CORPUS / name)).imported == 1
    question = Contact.get(Contact.external_id == "<q-bike-1@mail.example.com>")
    reply = Contact.get(Contact.external_id == "<CAK7m9x=Fq2Pq@mail.gmail.com>")
    assert reply.thread_id == question.id
    data = json.loads(inbound(reply).data)
    assert data["references"] == [
        "<0190aa11-ack.lastmile@lastmile.example>",
        "<q-bike-1@mail.example.com>",
    ]


@pytest.mark.parametrize(
    ("name", "token"),
    [("bounce_postfix.eml", "ACK-EVENT-ID"), ("bounce_exchange.eml", "REPLY-EVENT-ID")],
)
def test_a_bounce_of_our_mail_marks_it_not_delivered(
    live_app: Application, tmp_path: Path, name: str, token: str
) -> None:
    live_app.intake.ingest([(1, contact_record(1, sender={"email": "old.customer@example.com"}))])
    ack = Event.get(Event.kind == "ack")
    assert Outbound.get(Outbound.event_id == ack.id).state == "queued"
    path = tmp_path / name
    path.write_bytes((CORPUS / name).read_bytes().replace(token.encode(), ack.id.encode()))
    report = live_app.intake.ingest(read_file(path))
    assert report.imported == 1
    assert Outbound.get(Outbound.event_id == ack.id).state == "failed"
    delivery = json.loads(Event.get(Event.id == ack.id).data)["delivery"]
    assert delivery["state"] == "failed"
    assert delivery["reason"].startswith("not delivered: 550 5.1.")
    assert Event.select().where(Event.kind == "ack").count() == 1  # the bounce: no answer


def test_a_bounce_finds_our_mail_by_its_recorded_message_id(live_app: Application) -> None:
    live_app.intake.ingest([(1, contact_record(1))])
    out = Outbound.get()
    Outbound.update(message_id="<custom-1@relay.example>").where(Outbound.id == out.id).execute()
    raw = (
        (CORPUS / "bounce_postfix.eml")
        .read_bytes()
        .replace(b"<ACK-EVENT-ID.lastmile@lastmile.example>", b"<custom-1@relay.example>")
    )
    live_app.intake.ingest([(1, parse_mail(raw))])
    assert Outbound.get_by_id(out.id).state == "failed"


def test_outlook_msg_and_empty_bytes_are_not_mail() -> None:
    with pytest.raises(RecordError, match=r"Outlook \.msg"):
        parse_mail((CORPUS / "outlook.msg").read_bytes())
    with pytest.raises(RecordError, match="empty"):
        parse_mail(b"\r\n \n")


def test_a_long_body_is_cut_with_a_note_and_accepted() -> None:
    raw = b"From: a@example.com\nDate: Sun, 22 Nov 2026 08:00:00 +0000\n\n" + b"x" * 250_000
    record = parse_mail(raw)
    assert len(record["body"]) <= MAX_TEXT
    kept = record["body"].index("\n[")
    assert record["body"].endswith(f"[… truncated: {250_000 - kept} characters not shown]")
    parse_record(record, 1)


def test_no_date_anywhere_takes_the_fallback_or_the_time_of_import() -> None:
    raw = b"From: a@example.com\nSubject: hi\n\nhello\n"
    assert parse_mail(raw)["received_note"] == "no Date header: time of import"
    record = parse_mail(raw, fallback_received=NOW)
    assert record["received_at"] == "2026-11-22T09:30:00Z"
    assert record["received_note"] == "no Date header: time given by the mailbox"


def test_attachments_bytes_for_content_addressed_storage() -> None:
    parts = mail_attachments((CORPUS / "attachments.eml").read_bytes())
    assert [meta["name"] for meta, _ in parts] == ["receipt.pdf", "setup.exe"]
    assert parts[1][1].startswith(b"MZ")
    assert parts[1][0]["size"] == len(parts[1][1])


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ({"auto": "robot"}, "unknown auto"),
        ({"references": [f"<{n}@x>" for n in range(51)]}, "more than 50"),
        ({"references": "<a@x>"}, "list of message ids"),
        ({"attachments": [{"name": "a"}]}, "name, type, size and sha256"),
    ],
)
def test_mail_keys_are_validated(extra: dict[str, Any], reason: str) -> None:
    with pytest.raises(RecordError, match=reason):
        parse_record(contact_record(1, **extra), 1)


# -- hostile bytes ---------------------------------------------------------------------


def storable(value: Any) -> None:
    if isinstance(value, str):
        assert "\x00" not in value
        value.encode("utf-8")  # no lone surrogates
    elif isinstance(value, dict):
        for key, item in value.items():
            storable(key)
            storable(item)
    elif isinstance(value, list):
        for item in value:
            storable(item)


def survives(raw: bytes) -> None:
    try:
        record = parse_mail(raw)
    except RecordError as exc:
        assert UNREADABLE not in str(exc), f"the parser failed: {exc}"
        return
    storable(record)
    try:
        parse_record(record, 1)
    except RecordError as exc:  # e.g. no sender: a reason, never a crash
        assert str(exc)


SAMPLES = [p.read_bytes() for p in sorted(CORPUS.glob("*.eml"))]
NASTY = [
    b"\x00",
    b"\xed\xa0\x80",
    b"\xff\xfe",
    b"=?utf-8?b?7aCA?=",
    b"\r\n\r\n",
    b"--",
    b"Content-Type: multipart/mixed; boundary=b\n",
    b"\n--b\n",
    b"=?x-bogus?q?=FF?=",
    b"Content-Transfer-Encoding: base64\n",
    b'charset="\x00"',
    b"<",
    b">",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    raw = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(raw)))
        kind = draw(st.integers(0, 3))
        if kind == 0:
            piece = draw(st.binary(min_size=1, max_size=40))
        elif kind == 1:
            piece = draw(st.sampled_from(NASTY))
        elif kind == 2:
            piece = b"y" * draw(st.integers(1000, 300_000))  # a huge line
        else:
            depth = draw(st.integers(1, 60))  # nested multiparts
            piece = b"".join(
                b"Content-Type: multipart/mixed; boundary=n%d\n\n--n%d\n" % (i, i)
                for i in range(depth)
            )
        raw[at:at] = piece
    return bytes(raw)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_parse_mail_survives_any_bytes(raw: bytes) -> None:
    survives(raw)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_parse_mail_survives_mutated_real_mail(raw: bytes) -> None:
    survives(raw)
