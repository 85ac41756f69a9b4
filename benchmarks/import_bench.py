"""Bulk import rate for JSON Lines with realistic bodies (issue 14), raw sqlite3 beside it.

The file: N contacts, bodies of 200-2,000 characters, 8 channels round robin, ~30 % from
customers already known (in the workspace or earlier in the file). Imported into a fresh
live workspace (the outbox is written: every record must sync) and, with ``--base N``,
into one that already holds N seeded contacts. The raw figure: plain sqlite3
``executemany`` of the same customer, identity, contact and event rows (full-text
triggers included, as they are part of the schema) into an empty copy of the schema.

    python -m benchmarks.import_bench [--n 50000] [--base 0] [--out benchmarks/results/import.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop.app import Application
from desktop.importer import read_file
from desktop.seed import seed
from desktop.workspace import Workspace
from models.base import to_ms

ANCHOR = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
CHANNELS = ("email", "sms", "chat", "social", "webform", "phone", "session", "fax")
WORDS = (
    "order",
    "delivery",
    "refund",
    "please",
    "help",
    "the",
    "package",
    "arrived",
    "damaged",
    "invoice",
    "account",
    "password",
    "thanks",
    "waiting",
    "since",
    "week",
    "number",
    "customer",
    "service",
    "not",
    "yet",
    "when",
    "will",
    "my",
    "is",
    "a",
)


def write_file(path: Path, n: int, known: list[str], run: str) -> None:
    rng = random.Random(14)
    seen: list[str] = []
    with path.open("w") as handle:
        for i in range(n):
            channel = CHANNELS[i % len(CHANNELS)]
            pool = known or seen
            if pool and rng.random() < 0.3:
                person: dict[str, Any] = {"email": rng.choice(pool)}
            else:
                email = f"p{run}{i}@example.net"
                seen.append(email)
                person = {"name": f"Person {i}", "email": email, "phone": f"+1555{i:07d}"}
            if channel == "social":
                person.update(
                    {"handle": f"h{run}{i}", "network": "twitter", "followers": i % 50_000}
                )
            size = rng.randint(200, 2000)
            body = []
            length = 0
            while length < size:
                word = rng.choice(WORDS)
                body.append(word)
                length += len(word) + 1
            record = {
                "type": "contact",
                "channel": channel,
                "external_id": f"x{run}-{i}",
                "received_at": (ANCHOR - timedelta(seconds=n - i)).isoformat(),
                "from": person,
                "subject": f"Message {i} about my order",
                "body": " ".join(body)[:size],
                "skill": "general",
            }
            if channel == "session":
                record["outcome"] = "failed"
            handle.write(json.dumps(record) + "\n")


def raw_import(db_path: Path, path: Path) -> float:
    """The same rows with bare sqlite3: parse, one customer + identity per new address,
    contact and event rows, executemany in one transaction."""
    conn = sqlite3.connect(str(db_path))
    started = time.perf_counter()
    customers: dict[str, str] = {}
    cust_rows, ident_rows, contact_rows, event_rows = [], [], [], []
    with path.open("rb") as handle:
        for line in handle:
            rec = json.loads(line)
            email = rec["from"]["email"]
            cid = customers.get(email)
            if cid is None:
                cid = customers[email] = uuid.uuid4().hex
                cust_rows.append((cid, rec["from"].get("name", email), 0, 0))
                ident_rows.append((uuid.uuid4().hex, cid, "email", email, ""))
            ms = to_ms(datetime.fromisoformat(rec["received_at"]))
            kid = uuid.uuid4().hex
            contact_rows.append(
                (
                    kid,
                    rec["channel"],
                    "inbound",
                    ms,
                    cid,
                    rec["subject"],
                    rec["body"][:160],
                    rec["external_id"],
                    kid,
                    rec["skill"],
                    0,
                    "open",
                    ms,
                    ms,
                )
            )
            event_rows.append(
                (uuid.uuid4().hex, cid, kid, ms, rec["channel"], rec["subject"], rec["body"])
            )
    with conn:
        conn.executemany(
            "INSERT INTO customer (id, name, locale, timezone, culture_notes, tags, vip, "
            "influencer, reach, do_not_contact, created_at, updated_at) "
            "VALUES (?, ?, '', '', '', '[]', 0, ?, ?, 0, 0, 0)",
            cust_rows,
        )
        conn.executemany(
            "INSERT INTO identity (id, customer_id, kind, value, network) VALUES (?, ?, ?, ?, ?)",
            ident_rows,
        )
        conn.executemany(
            "INSERT INTO contact (id, channel, direction, received_at, customer_id, subject, "
            "preview, external_id, thread_id, skill, priority, status, due_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            contact_rows,
        )
        conn.executemany(
            "INSERT INTO event (id, customer_id, contact_id, at, channel, kind, subject, body, "
            "data) VALUES (?, ?, ?, ?, ?, 'inbound', ?, ?, '{}')",
            event_rows,
        )
    seconds = time.perf_counter() - started
    conn.close()
    return seconds


def run_case(n: int, base: int, workdir: Path) -> dict[str, Any]:
    root = workdir / f"ws-{base}"
    app = Application.open(Workspace(root))
    if base and not app.db.execute_sql("SELECT 1 FROM contact LIMIT 1").fetchone():
        started = time.perf_counter()
        seed(
            app.db,
            customers=base // 5,
            contacts=base,
            now=ANCHOR,
            events_per_contact=1,
            open_share=0.2,
        )
        print(f"seeded {base:,} in {time.perf_counter() - started:.0f} s", flush=True)
    known = [
        r[0]
        for r in app.db.execute_sql(
            "SELECT value FROM identity WHERE kind = 'email' LIMIT 20000"
        ).fetchall()
    ]
    before = app.db.execute_sql("SELECT count(*) FROM contact").fetchone()[0]
    run = uuid.uuid4().hex[:6]
    path = workdir / f"import-{run}.jsonl"
    write_file(path, n, known, run)
    db_path = app.workspace.database_path
    outbox_before = app.db.execute_sql(
        "SELECT count(*), coalesce(sum(length(args)), 0) FROM outbox"
    ).fetchone()
    size_before = db_path.stat().st_size
    started = time.perf_counter()
    report = app.intake.ingest(read_file(path), source=str(path))
    ours = time.perf_counter() - started
    started = time.perf_counter()
    again = app.intake.ingest(read_file(path), source=str(path))
    reimport = time.perf_counter() - started
    outbox = app.db.execute_sql(
        "SELECT count(*), coalesce(sum(length(args)), 0) FROM outbox"
    ).fetchone()
    app.db.close()
    size_after = db_path.stat().st_size
    # raw: an empty copy of the schema
    raw_db = workdir / f"raw-{run}.sqlite"
    src = sqlite3.connect(str(db_path))
    schema = [
        r[0]
        for r in src.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'message_fts_%' ORDER BY type = 'table' DESC, rowid"
        )
    ]
    src.close()
    dst = sqlite3.connect(str(raw_db))
    for sql in schema:
        # an index of a table made later in the list, or one that exists already
        with contextlib.suppress(sqlite3.OperationalError):
            dst.execute(sql)
    dst.commit()
    dst.close()
    raw = raw_import(raw_db, path)
    raw_db.unlink()
    assert report.imported == n, (report.imported, report.rejected[:3])
    out = {
        "base_contacts": before,
        "imported": report.imported,
        "rejected": len(report.rejected),
        "seconds": round(ours, 2),
        "contacts_per_s": round(n / ours),
        "reimport_duplicates": again.duplicates,
        "reimport_contacts_per_s": round(n / reimport),
        "raw_sqlite3_contacts_per_s": round(n / raw),
        "ratio_raw_to_ours": round(ours / raw, 2),
        "outbox_rows_added": outbox[0] - outbox_before[0],
        "outbox_mb_added": round((outbox[1] - outbox_before[1]) / 1e6, 1),
        "db_mb_added": round((size_after - size_before) / 1e6, 1),
        "target_per_s": 20_000,
        "meets_target": n / ours >= 20_000,
    }
    print(json.dumps(out), flush=True)
    path.unlink()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=50_000)
    parser.add_argument(
        "--base",
        type=int,
        action="append",
        default=None,
        help="contacts already in the workspace (repeatable; 0 = fresh)",
    )
    parser.add_argument("--workdir", default="")
    parser.add_argument("--label", default="after")
    parser.add_argument("--out", default="benchmarks/results/import.json")
    args = parser.parse_args()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="lastmile-import-"))
    cases = [run_case(args.n, base, workdir) for base in (args.base or [0])]
    out_path = Path(args.out)
    results = json.loads(out_path.read_text()) if out_path.exists() else {}
    results[args.label] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": sys.version.split()[0],
            "sqlite": sqlite3.sqlite_version,
            "cpus": os.cpu_count(),
        },
        "file": {
            "contacts": args.n,
            "bodies": "200-2,000 characters",
            "channels": 8,
            "repeat_customers": "~30 %",
        },
        "cases": cases,
    }
    out_path.write_text(json.dumps(results, indent=2) + "\n")
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
