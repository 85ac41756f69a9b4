"""Reading import files into inbound records: .jsonl, .json, .csv, .eml, .mbox.

Each reader yields (position, record) pairs, where position is the 1-based line
(JSON Lines, CSV) or item number (JSON array, mbox message) and record is a
dict, or a RecordError saying why that position could not even be read.
"""

from __future__ import annotations

import csv
import json
import logging
import mailbox
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from typing import Any

from desktop.channels.mail import parse_mail
from desktop.errors import UserFacingError
from desktop.intake import RecordError

log = logging.getLogger("lastmile.import")

Record = tuple[int, dict[str, Any] | RecordError]


def read_file(path: Path, attachments_folder: Path | None = None) -> Iterator[Record]:
    """The records of a file. With ``attachments_folder``, a mail's attachments are kept
    there (desktop/attachments.py: content-addressed, the size limit, sealed in an
    encrypted workspace) as its record is read."""
    suffix = path.suffix.lower()
    readers = {
        ".jsonl": read_jsonl,
        ".ndjson": read_jsonl,
        ".json": read_json,
        ".csv": read_csv,
        ".eml": read_eml,
        ".mbox": read_mbox,
    }
    reader = readers.get(suffix)
    if reader is None:
        raise UserFacingError(
            f"{path}: cannot import {suffix or 'files without extension'} "
            "(use .jsonl, .json, .csv, .eml or .mbox)"
        )
    if not path.is_file():
        raise UserFacingError(f"{path}: no such file")
    if suffix in (".eml", ".mbox"):
        return (
            read_eml(path, attachments_folder)
            if suffix == ".eml"
            else read_mbox(path, attachments_folder)
        )
    return reader(path)


def _keep_attachments(folder: Path | None, raw: bytes, record: dict[str, Any]) -> None:
    if folder is None or not record.get("attachments"):
        return
    from desktop import attachments
    from models.mail import mail_attachments

    try:
        attachments.keep_all(folder, mail_attachments(raw))
    except OSError as exc:  # listed by name and size; the record still comes in
        log.warning("attachments not kept: %s", exc)


def read_jsonl(path: Path) -> Iterator[Record]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.strip()
            if not line:
                continue
            try:
                yield number, json.loads(line)
            except UnicodeDecodeError:
                yield number, RecordError("line is not valid UTF-8")
            except json.JSONDecodeError as exc:
                yield number, RecordError(f"invalid JSON: {exc.msg} at column {exc.colno}")


def read_json(path: Path) -> Iterator[Record]:
    try:
        data = json.loads(path.read_bytes())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UserFacingError(f"{path}: not valid JSON: {exc}") from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise UserFacingError(f"{path}: expected a JSON object or an array of objects")
    yield from enumerate(data, start=1)


_CSV_PERSON = {"name", "email", "phone", "handle", "network", "followers", "visitor_id"}


def read_csv(path: Path) -> Iterator[Record]:
    """CSV with a header row; person columns as ``from_email`` / ``from.email``
    (contacts) or ``customer_email`` (purchases, invoices)."""
    # undecodable bytes are kept as surrogates so that only their row is rejected
    with path.open(newline="", encoding="utf-8-sig", errors="surrogateescape") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            number = reader.line_num
            try:
                _check_utf8(row)
                yield number, _csv_record(row)
            except RecordError as exc:
                yield number, exc


def _check_utf8(row: dict[str, Any]) -> None:
    cells = [k for k in row if k] + [v for v in row.values() if isinstance(v, str)]
    try:
        "".join(cells).encode("utf-8")
    except UnicodeEncodeError:
        raise RecordError("row is not valid UTF-8") from None


def _csv_record(row: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    person: dict[str, Any] = {}
    for key, value in row.items():
        if key is None:
            raise RecordError("row has more cells than the header")
        if value is None or value == "":
            continue
        name = key.strip().replace(".", "_")
        for prefix in ("from_", "customer_"):
            if name.startswith(prefix) and name[len(prefix) :] in _CSV_PERSON:
                field = name[len(prefix) :]
                if field == "followers":
                    try:
                        person[field] = int(value)
                    except ValueError:
                        raise RecordError(f"followers is not a number: {value!r}") from None
                else:
                    person[field] = value
                break
        else:
            if name in ("priority",):
                try:
                    record[name] = int(value)
                except ValueError:
                    raise RecordError(f"{name} is not a whole number: {value!r}") from None
            else:
                record[name] = value
    record.setdefault("type", "contact")
    record["customer" if record["type"] in ("purchase", "invoice") else "from"] = person
    return record


def message_to_record(
    message: Message | bytes, *, fallback_received: datetime | None = None
) -> dict[str, Any]:
    """One mail as an inbound record (see :func:`desktop.channels.mail.parse_mail`)."""
    return parse_mail(message, fallback_received=fallback_received)


_ENVELOPE_DATE = re.compile(r"[A-Z][a-z]{2} +([A-Z][a-z]{2}) +(\d{1,2}) +(\d\d:\d\d:\d\d) +(\d{4})")


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def envelope_date(from_line: bytes) -> datetime | None:
    """The time in an mbox "From " line (asctime, taken as UTC), or None."""
    match = _ENVELOPE_DATE.search(from_line.decode("ascii", "replace"))
    if match is None:
        return None
    month, day, clock, year = match.groups()
    if month not in _MONTHS:
        return None
    hour, minute, second = (int(x) for x in clock.split(":"))
    try:  # not strptime: %b follows the locale
        return datetime(
            int(year), _MONTHS.index(month) + 1, int(day), hour, minute, second, tzinfo=UTC
        )
    except ValueError:
        return None


def read_eml(path: Path, attachments_folder: Path | None = None) -> Iterator[Record]:
    try:
        raw = path.read_bytes()
        record = message_to_record(raw)
        _keep_attachments(attachments_folder, raw, record)
        yield 1, record
    except RecordError as exc:
        yield 1, exc


def read_mbox(path: Path, attachments_folder: Path | None = None) -> Iterator[Record]:
    with path.open("rb") as handle:
        start = handle.read(1024).lstrip(b"\r\n")
    if start and not start.startswith(b"From "):
        # mailbox would skip everything before the first "From " line without a word
        raise UserFacingError(f"{path}: not an mbox file (it must start with a 'From ' line)")
    box = mailbox.mbox(str(path), create=False)
    try:
        for number, key in enumerate(box.iterkeys(), start=1):
            raw = box.get_bytes(key, from_=True)
            from_line, _, data = raw.partition(b"\n")
            try:
                record = message_to_record(data, fallback_received=envelope_date(from_line))
                _keep_attachments(attachments_folder, data, record)
                yield number, record
            except RecordError as exc:
                yield number, exc
    finally:
        box.close()
