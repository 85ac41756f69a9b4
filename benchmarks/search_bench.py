"""Full-text search for the first 50 hits, common and rare words, at 1M contacts.

    python -m benchmarks.search_bench --workdir /tmp/copy-of-bench-1m [--label after]
        [--repeat 7] [--out benchmarks/results/search.json]

Per query: ``models.queries.search_messages`` (what the search box and ``lastmile search``
run, limit 51: the first page and whether there is more) beside the raw FTS5 query it
replaces (``MATCH '"word"*' ORDER BY rowid DESC LIMIT 51`` with the snippet), and the
exact-term query (``"word"``, no prefix) as the index's floor; median and best of
``--repeat`` in one connection, after one warm-up run. Read-only (a ``mode=ro``
connection): run it on a copy if the workspace is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from models.queries import fts_query, search_messages
from models.reader import Reader

QUERIES = ("the", "order", "refund", "please", "th", "the order", "bike battery", "thank", "zzqq")
RAW = (
    "SELECT e.id, e.contact_id, e.customer_id, e.at, e.channel, e.kind, e.subject, "
    "snippet(message_fts, 1, '[', ']', '…', 12) "
    "FROM message_fts JOIN event e ON e.seq = message_fts.rowid "
    "WHERE message_fts MATCH ? ORDER BY message_fts.rowid DESC LIMIT ?"
)


def timed(fn: Callable[[], Any], repeat: int) -> tuple[dict[str, float], Any]:
    result = fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return {
        "median_ms": round(statistics.median(times), 2),
        "best_ms": round(min(times), 2),
    }, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workdir", default="/work/bench-1m")
    parser.add_argument("--label", default="run")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--limit", type=int, default=51)
    parser.add_argument("--out", default="benchmarks/results/search.json")
    args = parser.parse_args(argv)
    path = Path(args.workdir) / "lastmile.sqlite3"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    for pragma in ("cache_size = -16000", "mmap_size = 67108864", "temp_store = memory"):
        conn.execute(f"PRAGMA {pragma}")
    db = Reader(conn, path, {})
    results: dict[str, Any] = {}
    for text in QUERIES:
        query = fts_query(text) or ""
        ours, hits = timed(lambda t=text: search_messages(db, t, limit=args.limit), args.repeat)
        raw, rows = timed(
            lambda q=query: conn.execute(RAW, [q, args.limit]).fetchall(), args.repeat
        )
        exact = query.replace('"*', '"')
        floor, _ = timed(lambda q=exact: conn.execute(RAW, [q, args.limit]).fetchall(), args.repeat)
        same = [h["event_id"] for h in hits] == [r[0] for r in rows]
        results[text] = {
            "hits": len(hits),
            "ours": ours,
            "raw_fts5_prefix": raw,
            "raw_fts5_exact_terms": floor,
            "ratio_ours_to_raw": round(ours["median_ms"] / max(raw["median_ms"], 0.01), 2),
            "same_hits_as_raw": same,
            "target_ms": 50,
        }
        print(
            f"{text!r:16} ours {ours['median_ms']:7.2f} ms  raw prefix {raw['median_ms']:7.2f} ms"
            f"  raw exact {floor['median_ms']:6.2f} ms  hits {len(hits):3} same={same}",
            flush=True,
        )
    conn.close()
    out = Path(args.out)
    previous = json.loads(out.read_text()) if out.exists() else {}
    previous[args.label] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "workdir": args.workdir,
        "load_average": os.getloadavg(),
        "limit": args.limit,
        "queries": results,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(previous, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
