"""Sync at scale: initial sync rows/s end to end and A→B visibility latency.

    python -m benchmarks.sync_bench [--contacts 20000] [--out benchmarks/results/sync.json]

Starts a real PostgreSQL (pgserver) and the sync server over HTTP on 127.0.0.1.
Client A imports N contacts and pushes them; client B signs in and pulls everything
(initial sync). Then A claims a contact and we measure how long until B sees it
(one push by A, one pull by B: the timer-driven path of the window). Raw SQL on
PostgreSQL beside it: the same rows read straight from the change log.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg-"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--out", default="benchmarks/results/sync.json")
    args = parser.parse_args(argv)

    import keyring
    import pgserver
    import uvicorn
    from keyring.backend import KeyringBackend

    from desktop import cli
    from desktop.app import Application
    from desktop.ops import Actor
    from desktop.ops import contacts as contact_ops
    from desktop.workspace import Workspace
    from models.schema import Agent, Contact
    from server import store
    from server.app import create_app

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]
        data: dict[tuple[str, str], str] = {}

        def set_password(self, s: str, u: str, p: str) -> None:
            self.data[(s, u)] = p

        def get_password(self, s: str, u: str) -> str | None:
            return self.data.get((s, u))

        def delete_password(self, s: str, u: str) -> None:
            self.data.pop((s, u), None)

    keyring.set_keyring(Memory())
    tmp = Path(tempfile.mkdtemp(prefix="lastmile-syncbench-"))
    pg = pgserver.get_server(str(tmp / "pg"), cleanup_mode="delete")
    db = store.connect(pg.get_uri())
    app_ = create_app(db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app_, host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}"
    with db.connection_context():
        for login_name in ("ana", "ben"):
            store.add_user(db, login_name, f"{login_name}-password", role="agent", team="front",
                           display_name=login_name.capitalize(), agent_id=str(uuid.uuid4()))

    def run(*argv: str, stdin: str = "") -> str:
        out = io.StringIO()
        sys.stdin = io.StringIO(stdin)
        code = cli.run(cli.parse_args(list(argv)), out=out, err=out)
        assert code == 0, out.getvalue()
        return out.getvalue()

    a, b = tmp / "a", tmp / "b"
    run("login", "--server", url, "--user", "ana", "--workspace", str(a),
        stdin="ana-password\n")
    records = [(n, {"type": "contact", "channel": "email", "external_id": f"b{n}",
                    "received_at": "2026-11-22T10:00:00Z",
                    "from": {"name": f"Person {n}", "email": f"p{n}@example.com"},
                    "subject": f"Subject {n}", "body": "Hello"}) for n in range(args.contacts)]
    app = Application.open(Workspace(a))
    app.intake.ingest(records)
    app.close()
    started = time.perf_counter()
    run("sync", "--workspace", str(a))
    push_s = time.perf_counter() - started
    started = time.perf_counter()
    run("login", "--server", url, "--user", "ben", "--workspace", str(b),
        stdin="ben-password\n")  # signs in and runs the initial sync
    pull_s = time.perf_counter() - started
    app = Application.open(Workspace(b))
    pulled_contacts = Contact.select().count()
    app.close()
    with db.connection_context():
        rows = db.execute_sql("SELECT count(*) FROM change_log WHERE space = 'front'"
                              ).fetchone()[0]
        started = time.perf_counter()
        db.execute_sql("SELECT version, seq, kind, id, data FROM change_log WHERE space = "
                       "'front' ORDER BY version, seq").fetchall()
        raw_s = time.perf_counter() - started

    latencies = []
    app_a = None
    for n in range(10):
        app_a = Application.open(Workspace(a))
        contact = Contact.select().where(Contact.assigned_to.is_null()).order_by(
            Contact.received_at).offset(n).first()
        contact_ops.claim(app_a.mutator, Actor.of(Agent.get(Agent.login == "ana")), contact.id)
        app_a.close()
        started = time.perf_counter()
        run("sync", "--workspace", str(a))
        run("sync", "--workspace", str(b))
        latencies.append((time.perf_counter() - started) * 1000)
        app_b = Application.open(Workspace(b))
        assert Contact.get_by_id(contact.id).assigned_to_id is not None
        app_b.close()

    results: dict[str, Any] = {
        "contacts": args.contacts, "change_log_rows": rows, "pulled_contacts": pulled_contacts,
        "initial_push_s": round(push_s, 2), "initial_pull_s": round(pull_s, 2),
        "initial_sync_rows_per_s": round(rows / pull_s),
        "raw_postgres_read_rows_per_s": round(rows / raw_s),
        "ratio_raw_to_ours": round((rows / raw_s) / (rows / pull_s), 1),
        "target_rows_per_s": 5000, "meets_target": rows / pull_s >= 5000,
        "a_to_b_visible_ms_median": round(statistics.median(latencies), 1),
        "a_to_b_visible_ms_max": round(max(latencies), 1), "target_ms": 1000,
    }
    server.should_exit = True
    db.close()
    pg.cleanup()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
