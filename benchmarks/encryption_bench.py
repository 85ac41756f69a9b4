"""The cost of encryption at rest: one seeded workspace, measured plain and encrypted (a
copy of it, converted with `lastmile encrypt`'s code) on the same machine in the same run.

    python -m benchmarks.encryption_bench [--contacts 100000] [--customers 20000]
        [--import-count 10000] [--repeat 30] [--out benchmarks/results/encryption.json]

For each variant the queue page, card and search figures of benchmarks/scale.py (ours
beside the same SQL on a bare connection: sqlite3 for the plain file, SQLCipher for the
encrypted one), a 10,000-contact import, opening the workspace and the CLI cold start.
Reported as encrypted/plain ratios. Keys go to a secrets file in the work folder.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.scale import (
    ANCHOR,
    card_benchmarks,
    queue_benchmarks,
    search_benchmarks,
    write_import_file,
)
from desktop import encryption
from desktop.app import Application
from desktop.importer import read_file
from desktop.seed import seed
from desktop.workspace import Workspace
from models.schema import Agent


def open_close(root: Path, repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        Application.open(Workspace(root)).close()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 1)


def cli_cold_start(root: Path, repeat: int = 3) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "ui.main", "queue", "--limit", "50", "--workspace", str(root)],
            check=True,
            capture_output=True,
        )
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 1)


def import_run(app: Application, path: Path, n: int) -> dict[str, Any]:
    started = time.perf_counter()
    report = app.intake.ingest(read_file(path), source=str(path))
    seconds = time.perf_counter() - started
    assert report.imported == n, report
    return {"seconds": round(seconds, 2), "contacts_per_s": round(n / seconds)}


def variant(root: Path, import_file: Path, n: int, repeat: int) -> dict[str, Any]:
    app = Application.open(Workspace(root))
    raw = encryption.connect(app.workspace.database_path)  # sqlite3, or SQLCipher with the key
    try:
        agent = Agent.select().where(Agent.login == "ben").first()
        out: dict[str, Any] = {
            "queue": queue_benchmarks(app, raw, repeat, agent.id if agent else ""),
            "card": card_benchmarks(app, raw, repeat),
            "search": search_benchmarks(app, raw, repeat),
        }
        out["import"] = import_run(app, import_file, n)
    finally:
        raw.close()
        app.close()
    out["open_ms"] = open_close(root)
    out["cli_cold_start_ms"] = cli_cold_start(root)
    out["file_mb"] = round(app.workspace.database_path.stat().st_size / 1e6, 1)
    return out


def compare(plain: dict[str, Any], encrypted: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for group in ("queue", "card", "search"):
        for p, e in zip(plain[group], encrypted[group], strict=True):
            rows.append(
                {
                    "name": p["name"],
                    "plain_ms": p["ours"]["median_ms"],
                    "encrypted_ms": e["ours"]["median_ms"],
                    "ratio": round(e["ours"]["median_ms"] / max(p["ours"]["median_ms"], 1e-6), 2),
                    "raw_sqlite3_ms": p["raw_sqlite3"]["median_ms"],
                    "raw_sqlcipher_ms": e["raw_sqlite3"]["median_ms"],
                    "raw_ratio": round(
                        e["raw_sqlite3"]["median_ms"] / max(p["raw_sqlite3"]["median_ms"], 1e-6), 2
                    ),
                    "encrypted_p95_ms": e["ours"]["p95_ms"],
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--events-per-contact", type=float, default=3.0)
    parser.add_argument("--import-count", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--out", default="benchmarks/results/encryption.json")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="lastmile-crypt-bench-"))
    os.environ.setdefault("LASTMILE_SECRETS_FILE", str(work / "secrets.json"))
    try:
        plain_root, encrypted_root = work / "plain", work / "encrypted"
        app = Application.open(Workspace(plain_root))
        started = time.perf_counter()
        seed(
            app.db,
            customers=args.customers,
            contacts=args.contacts,
            now=ANCHOR,
            events_per_contact=args.events_per_contact,
            open_share=0.1,
        )
        seeded_s = time.perf_counter() - started
        emails = [
            r[0]
            for r in app.db.execute_sql(
                "SELECT value FROM identity WHERE kind = 'email' LIMIT 20000"
            ).fetchall()
        ]
        app.close()
        print(f"seeded {args.contacts:,} contacts in {seeded_s:.0f} s")
        shutil.copytree(plain_root, encrypted_root)
        conversion = encryption.encrypt(Workspace(encrypted_root))
        print(f"encrypted {conversion.rows:,} rows in {conversion.seconds:.1f} s")
        import_file = work / "import.jsonl"
        write_import_file(import_file, args.import_count, emails, run=uuid.uuid4().hex[:8])
        print("-- plain")
        plain = variant(plain_root, import_file, args.import_count, args.repeat)
        print("-- encrypted")
        encrypted = variant(encrypted_root, import_file, args.import_count, args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    from sqlcipher3 import dbapi2

    results: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": sys.version.split()[0],
            "sqlite": sqlite3.sqlite_version,
            "sqlcipher_sqlite": dbapi2.sqlite_version,
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_avg": os.getloadavg(),
        },
        "dataset": {
            "contacts": args.contacts,
            "customers": args.customers,
            "events_per_contact": args.events_per_contact,
        },
        "encrypt": {
            "rows": conversion.rows,
            "seconds": round(conversion.seconds, 1),
            "file_mb": plain["file_mb"],
        },
        "reads": compare(plain, encrypted),
        "import": {
            "contacts": args.import_count,
            "plain": plain["import"],
            "encrypted": encrypted["import"],
            "ratio": round(
                encrypted["import"]["seconds"] / max(plain["import"]["seconds"], 1e-6), 2
            ),
        },
        "open_ms": {"plain": plain["open_ms"], "encrypted": encrypted["open_ms"]},
        "cli_cold_start_ms": {
            "plain": plain["cli_cold_start_ms"],
            "encrypted": encrypted["cli_cold_start_ms"],
        },
        "file_mb": {"plain": plain["file_mb"], "encrypted": encrypted["file_mb"]},
    }
    print(
        json.dumps(
            {
                k: results[k]
                for k in ("encrypt", "import", "open_ms", "cli_cold_start_ms", "file_mb")
            },
            indent=1,
        )
    )
    for row in results["reads"]:
        print(
            f"{row['name']:<48} plain {row['plain_ms']:>8.3f}  encrypted "
            f"{row['encrypted_ms']:>8.3f}  x{row['ratio']:.2f}  (raw x{row['raw_ratio']:.2f})"
        )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
