"""The HTTP intake: 1,000 single-record posts over one keep-alive connection (httpx),
next to the raw in-process ``Intake.ingest`` of the same records one by one, as a ratio.

The sync server's ``POST /v1/intake`` (server/intake.py) the same way, over a real
PostgreSQL (pgserver) and uvicorn on 127.0.0.1, next to raw SQL on the same PostgreSQL
(one transaction per record: the contact, its message and two change-log rows, with
psycopg and no Python logic) as a ratio.

    python -m benchmarks.intake_http_bench [--no-server]   # -> results/intake_http.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from desktop import integrations
from desktop.app import Application
from desktop.channels.intake_http import IntakeServer
from desktop.workspace import Workspace

RESULTS = Path(__file__).with_name("results")


def _records(n: int, prefix: str) -> list[dict[str, Any]]:
    now = datetime.now(UTC) - timedelta(minutes=5)
    return [
        {
            "channel": "sms",
            "external_id": f"{prefix}-{i}",
            "received_at": now.isoformat().replace("+00:00", "Z"),
            "from": {"phone": f"+1555{i:07d}"},
            "body": f"Where is order {i}?",
        }
        for i in range(n)
    ]


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    total = sum(times)
    return {
        "per_s": round(len(times) / total, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1] * 1000, 2),
    }


def run(n: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        app = Application.open(Workspace(Path(tmp) / "raw", "live"))
        raw: list[float] = []
        for record in _records(n, "raw"):
            started = time.perf_counter()
            app.intake.ingest([(1, record)], source="bench")
            raw.append(time.perf_counter() - started)
        app.close()

        app = Application.open(Workspace(Path(tmp) / "http", "live"))
        key = integrations.add("bench", channel="sms", kind="live", clock=app.clock).key
        server = IntakeServer(app, "127.0.0.1", 0)
        server.start()
        posted: list[float] = []
        try:
            with httpx.Client(
                base_url=server.url, timeout=10, headers={"Authorization": f"Bearer {key}"}
            ) as client:
                for record in _records(n, "http"):
                    started = time.perf_counter()
                    answer = client.post("/v1/intake", json=record)
                    posted.append(time.perf_counter() - started)
                    assert answer.status_code == 202, answer.text
        finally:
            server.stop()
            app.close()
    http, direct = _summary(posted), _summary(raw)
    return {
        "posts": n,
        "http": http,
        "raw_ingest": direct,
        "ratio_per_s": round(direct["per_s"] / http["per_s"], 2),
    }


RAW_SQL = (
    'INSERT INTO "contact" ("id", "space", "channel", "received_at", "subject", "preview", '
    '"external_id", "skill", "priority", "status", "direction", "thread_id") VALUES '
    "(%s, 'raw', 'sms', 0, '', %s, %s, 'general', 0, 'open', 'inbound', %s)",
    'INSERT INTO "event" ("id", "space", "contact_id", "at", "channel", "kind", "subject", '
    "\"body\") VALUES (%s, 'raw', %s, 0, 'sms', 'inbound', '', %s)",
)


def run_server(n: int) -> dict[str, Any]:
    import socket
    import threading
    import uuid

    import pgserver
    import psycopg
    import uvicorn

    from server import intake, store
    from server.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        import os

        os.environ.setdefault("LASTMILE_SERVER_KEY_FILE", str(Path(tmp) / "secret.key"))
        pg = pgserver.get_server(str(Path(tmp) / "pg"), cleanup_mode="delete")
        try:
            url = pg.get_uri()
            db = store.open_store(url)
            with db.connection_context():
                key = intake.add_integration(db, "bench", team="bench", channel="sms")
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                port = sock.getsockname()[1]
            server = uvicorn.Server(
                uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
            )
            thread = threading.Thread(target=server.run, daemon=True)
            thread.start()
            while not server.started:
                time.sleep(0.02)
            posted: list[float] = []
            try:
                with httpx.Client(
                    base_url=f"http://127.0.0.1:{port}",
                    timeout=10,
                    headers={"Authorization": f"Bearer {key}"},
                ) as client:
                    for record in _records(n, "srv"):
                        started = time.perf_counter()
                        answer = client.post("/v1/intake", json=record)
                        posted.append(time.perf_counter() - started)
                        assert answer.status_code == 202, answer.text
            finally:
                server.should_exit = True
                thread.join(10)
            raw: list[float] = []
            with psycopg.connect(
                url.replace("postgresql://postgres:@/", "postgresql://postgres@/")
            ) as conn:
                for i, record in enumerate(_records(n, "raw")):
                    contact_id, event_id = str(uuid.uuid4()), str(uuid.uuid4())
                    started = time.perf_counter()
                    with conn.transaction():
                        conn.execute(
                            RAW_SQL[0],
                            (contact_id, record["body"][:160], record["external_id"], contact_id),
                        )
                        conn.execute(RAW_SQL[1], (event_id, contact_id, record["body"]))
                        for seq, kind in ((1, "contact"), (2, "event")):
                            conn.execute(
                                'INSERT INTO "change_log" ("space", "version", "seq", "kind", '
                                "\"entity_id\", \"data\") VALUES ('raw', %s, %s, %s, %s, '{}')",
                                (i + 1, seq, kind, contact_id),
                            )
                    raw.append(time.perf_counter() - started)
            db.close_all()  # type: ignore[attr-defined]  # a pooled database (playhouse: untyped)
        finally:
            pg.cleanup()
    ours, direct = _summary(posted), _summary(raw)
    return {
        "posts": n,
        "http": ours,
        "raw_sql": direct,
        "ratio_per_s": round(direct["per_s"] / ours["per_s"], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--no-server", action="store_true", help="only the desktop intake")
    parser.add_argument("--out", type=Path, default=RESULTS / "intake_http.json")
    args = parser.parse_args()
    result = run(args.posts)
    if not args.no_server:
        result = {**result, "server": run_server(args.posts)}
    import os

    result["load_average_1min"] = round(os.getloadavg()[0], 1)  # the machine is shared
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
