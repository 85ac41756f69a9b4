"""Colleagues' work in real time: from A's reply to B having it, and what the poke costs.

    python -m benchmarks.realtime_bench [--changes 50] [--workers 2] [--streams 50]
                                        [--cost-seconds 20] [--out ...]

Starts a real PostgreSQL (pgserver) and ``lastmile-server --workers N`` in its own
processes. Desktops A and B sign in with ``lastmile login``; each then runs in its own
process (benchmarks/realtime_peer.py): A replies (``contact.reply`` then a sync), B is the
real SyncClient that pulls when the server's event stream pokes (desktop/sync/stream.py,
what the window does) or, beside it, on a 2-second poll. Measured: wall time from just
before A's reply to the moment the reply is in B's database (p50/p99 over ``--changes``).
The window's 15-second poll waits 7.5 s on average (half the interval) plus one pull.

Then the cost on the server: ``--streams`` idle event streams held open vs as many clients
pulling every 2 s, each for ``--cost-seconds``; the server processes' RSS and CPU time.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg-"))

ROOT = Path(__file__).resolve().parents[1]
# the server and desktops this checkout has (the console script may be another checkout's)
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
)
PASS = "quiet harbour lantern 42"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def peer(ws: Path, token: str, *extra: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.realtime_peer", str(ws), *extra],
        cwd=ROOT,
        env={**os.environ, "LASTMILE_PEER_TOKEN": token},
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert json.loads(proc.stdout.readline()) == {"ready": True}
    return proc


def ask(proc: subprocess.Popen[str], **order: Any) -> dict[str, Any]:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(json.dumps(order) + "\n")
    proc.stdin.flush()
    answer: dict[str, Any] = json.loads(proc.stdout.readline())
    return answer


def latency(
    a: Path,
    b: Path,
    tokens: dict[str, str],
    contact_id: str,
    how: str,
    changes: int,
    tag: str,
    own: str = "",
) -> dict[str, Any]:
    sender = peer(a, tokens["ana"], *(["--own-stream", own] if own else []))
    receiver = peer(b, tokens["ben"], "--listen", how)
    seen: dict[str, float] = {}

    def read() -> None:
        assert receiver.stdout is not None
        for line in receiver.stdout:
            item = json.loads(line)
            seen[item["body"]] = item["seen"]

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    made: dict[str, float] = {}
    push_s = []
    for n in range(changes):
        body = f"rt-{tag}-{n} Your parcel is on its way."
        answer = ask(sender, op="reply", contact_id=contact_id, body=body)
        made[body] = answer["at"]
        push_s.append(answer["synced"] - answer["at"])
        deadline = time.monotonic() + 10
        while body not in seen and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(0.1 + (n % 5) * 0.1)  # spread over the poll's phase
    own_stats: dict[str, Any] = {}
    for proc in (sender, receiver):
        assert proc.stdin is not None
        proc.stdin.close()
        if proc is sender and own:
            assert proc.stdout is not None
            own_stats = json.loads(proc.stdout.readline())
        proc.wait(timeout=30)
    delays = [seen[body] - at for body, at in made.items() if body in seen]
    if own_stats:
        own_stats["pulls_per_push"] = round(own_stats["poke_pulls"] / changes, 3)
    return {
        **({"own_stream": own, **own_stats} if own else {}),
        "changes": changes,
        "arrived": len(delays),
        "p50_ms": round(pct(delays, 0.5) * 1000, 1),
        "p99_ms": round(pct(delays, 0.99) * 1000, 1),
        "max_ms": round(max(delays) * 1000, 1),
        "mean_ms": round(statistics.mean(delays) * 1000, 1),
        "a_reply_and_push_p50_ms": round(pct(push_s, 0.5) * 1000, 1),
    }


def server_usage(pid: int) -> tuple[float, float]:
    """(RSS MB, CPU seconds) of the server and its worker processes."""
    import psutil

    root = psutil.Process(pid)
    procs = [root, *root.children(recursive=True)]
    rss = sum(p.memory_info().rss for p in procs) / 1e6
    cpu = sum(sum(p.cpu_times()[:2]) for p in procs)
    return rss, cpu


async def hold_streams(url: str, tokens: list[str], seconds: float) -> int:
    import httpx

    from benchmarks.sync_bench import HEADERS

    headers = {**HEADERS, "X-Lastmile-Schema": str(schema())}
    opened = 0

    async def one(client: httpx.AsyncClient, token: str) -> None:
        nonlocal opened
        async with client.stream(
            "GET", url + "/v1/events", headers={**headers, "Authorization": f"Bearer {token}"}
        ) as response:
            assert response.status_code == 200
            opened += 1
            async for _line in response.aiter_lines():
                pass

    limits = httpx.Limits(max_connections=len(tokens) + 5)
    async with httpx.AsyncClient(timeout=httpx.Timeout(10, read=60), limits=limits) as client:
        tasks = [asyncio.create_task(one(client, t)) for t in tokens]
        await asyncio.sleep(seconds)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return opened


async def poll(url: str, tokens: list[str], seconds: float, every: float) -> int:
    import httpx

    from benchmarks.sync_bench import HEADERS

    headers = {**HEADERS, "X-Lastmile-Schema": str(schema())}
    done = 0

    async def one(client: httpx.AsyncClient, token: str, n: int) -> None:
        nonlocal done
        cursor, client_id = "{}", f"poll-{n}-{uuid.uuid4().hex[:8]}"
        await asyncio.sleep(every * n / len(tokens))
        while True:
            answer = await client.get(
                url + "/v1/pull",
                params={"cursor": cursor, "client_id": client_id, "limit": 1000},
                headers={**headers, "Authorization": f"Bearer {token}"},
            )
            assert answer.status_code == 200, answer.text
            cursor = answer.json()["cursor"]
            done += 1
            await asyncio.sleep(every)

    limits = httpx.Limits(max_connections=len(tokens) + 5)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        tasks = [asyncio.create_task(one(client, t, n)) for n, t in enumerate(tokens)]
        await asyncio.sleep(seconds)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return done


def schema() -> int:
    from models.database import schema_version

    return schema_version()


def cost(server_pid: int, url: str, tokens: list[str], seconds: float) -> dict[str, Any]:
    out: dict[str, Any] = {"clients": len(tokens), "seconds": seconds}
    rss0, _cpu0 = server_usage(server_pid)
    out["idle"] = {"rss_mb": round(rss0, 1)}
    for name, job in (
        ("streams", lambda: hold_streams(url, tokens, seconds)),
        ("poll_2s", lambda: poll(url, tokens, seconds, 2.0)),
    ):
        before_rss, before_cpu = server_usage(server_pid)
        started = time.perf_counter()
        count = asyncio.run(job())
        wall = time.perf_counter() - started
        rss, cpu = server_usage(server_pid)
        out[name] = {
            "count": count,
            "server_cpu_s": round(cpu - before_cpu, 2),
            "server_cpu_percent": round(100 * (cpu - before_cpu) / wall, 1),
            "server_rss_mb": round(rss, 1),
            "rss_growth_mb": round(rss - before_rss, 1),
        }
        time.sleep(1.0)
    out["cpu_ratio_streams_vs_poll"] = round(
        out["streams"]["server_cpu_s"] / max(0.01, out["poll_2s"]["server_cpu_s"]), 3
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--streams", type=int, default=50)
    parser.add_argument("--cost-seconds", type=float, default=20.0)
    parser.add_argument("--out", default="benchmarks/results/realtime.json")
    parser.add_argument("--no-poll", action="store_true", help="leave out the 2-s poll run")
    args = parser.parse_args(argv)

    import keyring
    import pgserver

    from benchmarks.sync_bench import serve
    from desktop import cli
    from desktop.app import Application
    from desktop.sync.transport import load_token
    from desktop.workspace import Workspace
    from models.schema import Contact
    from server import store
    from tests.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    tmp = Path(tempfile.mkdtemp(prefix="lastmile-rtbench-"))
    pg = pgserver.get_server(str(tmp / "pg"), cleanup_mode="delete")
    db = store.open_store(pg.get_uri())
    others = [f"c{n:02d}" for n in range(args.streams)]
    with db.connection_context():
        for name in ("ana", "ben", *others):
            store.add_user(
                db,
                name,
                PASS,
                role="agent",
                team="front",
                display_name=name.capitalize(),
                agent_id=str(uuid.uuid4()),
            )
        stream_tokens = [store.login(db, name, PASS) or "" for name in others]
    server, url = serve(pg.get_uri(), args.workers)
    results: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg()[0],
        "workers": args.workers,
    }
    try:

        def run(*argv: str, stdin: str = "") -> None:
            out = io.StringIO()
            sys.stdin = io.StringIO(stdin)
            code = cli.run(cli.parse_args(list(argv)), out=out, err=out)
            assert code == 0, out.getvalue()

        a, b = tmp / "a", tmp / "b"
        run("login", "--server", url, "--user", "ana", "--workspace", str(a), stdin=PASS + "\n")
        app = Application.open(Workspace(a))
        app.intake.ingest(
            [
                (
                    1,
                    {
                        "type": "contact",
                        "channel": "email",
                        "external_id": "rt-1",
                        "received_at": "2026-11-22T10:00:00Z",
                        "from": {"name": "Joan Smith", "email": "joan@example.com"},
                        "subject": "Order 1",
                        "body": "Where is it?",
                    },
                )
            ]
        )
        contact_id = Contact.get().id
        app.close()
        run("sync", "--workspace", str(a))
        run("login", "--server", url, "--user", "ben", "--workspace", str(b), stdin=PASS + "\n")
        tokens = {"ana": load_token(url, "ana") or "", "ben": load_token(url, "ben") or ""}

        # the acting desktop listens to its own stream too (as the window does): before
        # the heads in the poke each of its pushes cost it one more pull (noskip), now
        # the poke its pull already covered is left out (skip)
        for mode in ("noskip", "skip"):
            results[f"stream_{mode}"] = latency(
                a, b, tokens, contact_id, "stream", args.changes, mode, own=mode
            )
            print(mode, results[f"stream_{mode}"], file=sys.stderr)
        results["stream"] = results["stream_skip"]
        if not args.no_poll:
            results["poll_2s"] = latency(a, b, tokens, contact_id, "poll:2", args.changes, "p")
            print("poll 2 s", results["poll_2s"], file=sys.stderr)
            results["poll_15s_expected_mean_ms"] = 7500 + results["poll_2s"]["mean_ms"] - 1000
            results["ratio_p50_poll2s_vs_stream"] = round(
                results["poll_2s"]["p50_ms"] / max(0.1, results["stream"]["p50_ms"]), 1
            )
        if args.cost_seconds > 0:
            results["server_cost"] = cost(server.pid, url, stream_tokens, args.cost_seconds)
            print("cost", results["server_cost"], file=sys.stderr)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        db.close_all()
        pg.cleanup()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
