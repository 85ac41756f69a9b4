"""The HTTP intake: 1,000 single-record posts over one keep-alive connection (httpx),
next to the raw in-process ``Intake.ingest`` of the same records one by one, as a ratio.

    python -m benchmarks.intake_http_bench            # -> results/intake_http.json
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=RESULTS / "intake_http.json")
    args = parser.parse_args()
    result = run(args.posts)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
