"""IMAP fetch rate: N messages taken in from a real local Dovecot by the mailbox connector
(fetch, parse, intake, UID bookkeeping), next to imaplib fetching the same messages alone
(the protocol's floor on this machine), as a ratio. Also the .mbox and .jsonl import rate
of the same messages next to a raw sqlite3 insert of their rows.

    python -m benchmarks.imap_bench [--messages 2000]     # -> results/imap.json
"""

from __future__ import annotations

import argparse
import io
import json
import mailbox
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import keyring

from desktop import cli
from desktop.app import Application
from desktop.channels import imap
from desktop.channels import mailbox as boxes
from desktop.clock import SystemClock
from desktop.workspace import Workspace
from models.schema import Contact, Mailbox
from tests.mailservers import PASSWORD, USER, Dovecot
from tests.memory_keyring import MemoryKeyring

RESULTS = Path(__file__).with_name("results")


def message(i: int, now: datetime) -> bytes:
    date = format_datetime(now - timedelta(minutes=i % 600))
    body = (
        f"Hello,\n\nmy order {i} has not arrived yet. Could you tell me where it is?\n\n"
        f"Thanks,\nCustomer {i}\n\n> On Monday you wrote:\n> it ships today\n"
    )
    return (
        f"From: Customer {i} <customer{i}@example.com>\r\nTo: support@shop.example\r\n"
        f"Subject: Order {i}\r\nDate: {date}\r\nMessage-ID: <bench-{i}@customer.example>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + body.replace("\n", "\r\n")
    ).encode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    args = parser.parse_args(argv)
    keyring.set_keyring(MemoryKeyring())
    now = datetime.now(UTC)
    raws = [message(i, now) for i in range(args.messages)]
    server = Dovecot()
    result: dict[str, Any] = {"messages": args.messages, "at": now.isoformat()}
    try:
        import imaplib

        feed = imaplib.IMAP4("127.0.0.1", server.port)
        feed.login(USER, PASSWORD)
        for raw in raws:
            feed.append("INBOX", "", imaplib.Time2Internaldate(time.time()), raw)
        feed.logout()

        # the floor: imaplib alone, the same UID FETCH batches of 50
        started = time.perf_counter()
        raw_imap = imaplib.IMAP4("127.0.0.1", server.port)
        raw_imap.login(USER, PASSWORD)
        raw_imap.select("INBOX", readonly=True)
        _, data = raw_imap.uid("SEARCH", "UID 1:*")
        uids = data[0].split()
        fetched = 0
        for start in range(0, len(uids), 50):
            batch = b",".join(uids[start : start + 50]).decode()
            raw_imap.uid("FETCH", batch, "(RFC822.SIZE)")
            _, parts = raw_imap.uid("FETCH", batch, "(UID BODY.PEEK[])")
            fetched += sum(1 for p in parts if isinstance(p, tuple))
        raw_imap.logout()
        raw_s = time.perf_counter() - started

        with tempfile.TemporaryDirectory() as tmp:
            ws = Workspace(Path(tmp) / "ws")
            app = Application.open(ws, clock=SystemClock())
            try:
                boxes.add("bench", imap=server.url, password=PASSWORD, clock=app.clock)
                box = Mailbox.get()
                started = time.perf_counter()
                session = imap.connect(box, PASSWORD, kind="live")
                report = imap.fetch(session, box, app.intake, now=app.clock.now())
                session.close()
                ours_s = time.perf_counter() - started
                assert report.new == args.messages, report
                assert Contact.select().count() == args.messages
            finally:
                app.close()

            # the same messages as an .mbox and as .jsonl, imported by the CLI path
            mbox_path = Path(tmp) / "bench.mbox"
            box_file = mailbox.mbox(str(mbox_path))
            for raw in raws:
                box_file.add(raw)
            box_file.flush()
            box_file.close()
            ws2 = Path(tmp) / "ws2"
            Application.open(Workspace(ws2)).close()
            started = time.perf_counter()
            code = cli.run(
                cli.parse_args(["import", str(mbox_path), "--workspace", str(ws2)]),
                out=io.StringIO(),
                err=sys.stderr,
            )
            mbox_s = time.perf_counter() - started
            assert code == 0
            jsonl = Path(tmp) / "bench.jsonl"
            with jsonl.open("w") as handle:
                for i in range(args.messages):
                    handle.write(
                        json.dumps(
                            {
                                "channel": "email",
                                "external_id": f"<j-{i}@customer.example>",
                                "received_at": (now - timedelta(minutes=i % 600)).isoformat(),
                                "from": {
                                    "name": f"Customer {i}",
                                    "email": f"customer{i}@example.com",
                                },
                                "subject": f"Order {i}",
                                "body": f"my order {i} has not arrived",
                            }
                        )
                        + "\n"
                    )
            ws3 = Path(tmp) / "ws3"
            Application.open(Workspace(ws3)).close()
            started = time.perf_counter()
            code = cli.run(
                cli.parse_args(["import", str(jsonl), "--workspace", str(ws3)]),
                out=io.StringIO(),
                err=sys.stderr,
            )
            jsonl_s = time.perf_counter() - started
            assert code == 0
            # raw: the same number of contact+event rows into plain SQLite tables
            raw_db = sqlite3.connect(Path(tmp) / "raw.sqlite3")
            raw_db.execute("CREATE TABLE c (id TEXT PRIMARY KEY, ext TEXT UNIQUE, subject TEXT)")
            raw_db.execute("CREATE TABLE e (id TEXT PRIMARY KEY, c TEXT, body TEXT)")
            started = time.perf_counter()
            with raw_db:
                raw_db.executemany(
                    "INSERT INTO c VALUES (?, ?, ?)",
                    [(str(i), f"<j-{i}>", f"Order {i}") for i in range(args.messages)],
                )
                raw_db.executemany(
                    "INSERT INTO e VALUES (?, ?, ?)",
                    [
                        (f"e{i}", str(i), f"my order {i} has not arrived")
                        for i in range(args.messages)
                    ],
                )
            raw_insert_s = time.perf_counter() - started
            raw_db.close()
    finally:
        server.close()
    n = args.messages
    result.update(
        {
            "imap_fetch_per_s": round(n / ours_s, 1),
            "imaplib_alone_per_s": round(n / raw_s, 1),
            "imap_ratio": round(ours_s / raw_s, 2),
            "raw_fetched": fetched,
            "mbox_import_per_s": round(n / mbox_s, 1),
            "jsonl_import_per_s": round(n / jsonl_s, 1),
            "raw_sqlite_insert_per_s": round(n / raw_insert_s, 1),
            "jsonl_ratio_to_raw_insert": round(jsonl_s / raw_insert_s, 1),
        }
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "imap.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
