"""How soon mail appended to a server-run mailbox is a queue item: the sync server's
connectors (server/channels/connectors.py, IMAP IDLE, polling set to ten minutes so only
IDLE can explain it) against a real Dovecot and PostgreSQL (pgserver). Next to it: the
IMAP APPEND alone (a fresh login and APPEND by imaplib, the delivery itself), as a ratio.

    python -m benchmarks.server_idle_bench [--messages 40]   # -> results/server_idle.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).with_name("results")


def mail(n: str) -> bytes:
    return (
        f"From: Joan <joan@example.com>\nTo: support@example.com\nSubject: q{n}\n"
        f"Date: {format_datetime(datetime.now(UTC))}\nMessage-ID: <{n}@bench>\n\nhi\n"
    ).encode()


def run(messages: int) -> dict[str, Any]:
    os.environ.setdefault("LASTMILE_SERVER_KEY_FILE", os.path.join(tempfile.mkdtemp(), "key"))
    import pgserver

    from server import models as srv
    from server import store
    from server.channels import mail as server_mail
    from server.channels.connectors import Connectors
    from tests.mailservers import PASSWORD, Dovecot

    pg = pgserver.get_server(tempfile.mkdtemp(), cleanup_mode="delete")
    db = store.open_store(pg.get_uri())
    dovecot = Dovecot()
    try:
        with db.connection_context():
            server_mail.add_mailbox(db, "bench", team="t", imap=dovecot.url, password=PASSWORD)
        connectors = Connectors(db, poll_seconds=600, rescan_seconds=0.2)
        started = time.monotonic()
        connectors.start()

        def state() -> str:
            with db.connection_context():
                return str(srv.ServerMailbox.get_by_id("bench").state)

        while state() != "idle":
            time.sleep(0.02)
        pickup = time.monotonic() - started
        latency = []
        for n in range(messages):
            sent = time.monotonic()
            dovecot.deliver(mail(f"m{n}"))
            while True:
                with db.connection_context():
                    if (
                        srv.Contact.select()
                        .where(srv.Contact.external_id == f"<m{n}@bench>")
                        .exists()
                    ):
                        break
                time.sleep(0.01)
            latency.append(time.monotonic() - sent)
        connectors.stop()
        append = []
        for n in range(messages):
            sent = time.monotonic()
            dovecot.deliver(mail(f"raw{n}"))
            append.append(time.monotonic() - sent)
    finally:
        dovecot.close()
        db.close_all()
        pg.cleanup()
    latency.sort()
    median, raw = statistics.median(latency), statistics.median(append)
    return {
        "messages": messages,
        "added_to_watched_s": round(pickup, 3),
        "append_to_contact_median_s": round(median, 3),
        "append_to_contact_p90_s": round(latency[max(0, int(0.9 * len(latency)) - 1)], 3),
        "append_to_contact_max_s": round(latency[-1], 3),
        "append_alone_median_s": round(raw, 3),
        "ratio_median_to_append": round(median / raw, 1) if raw else None,
        "poll_interval_s": 600,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=40)
    result = run(parser.parse_args().messages)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "server_idle.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
