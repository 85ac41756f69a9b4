"""What one command line costs: ``lastmile queue --limit 20`` and ``lastmile call --from N``.

    python -m benchmarks.cli_start --workdir /work/bench-1m [--code DIR] [--label after]
        [--repeat 15] [--out benchmarks/results/cli_start.json]

Each command runs as its own process (``python -m ui.main ...``, as the ``lastmile``
script does), ``--repeat`` times; reported are the median and best wall time and the
median CPU time (user + system) of the child, beside ``python -c "import sqlite3"`` (the
floor of any Python program that opens SQLite) as a ratio. ``--code`` runs another
checkout's code (a before figure) on the same workspace (run from that folder: ``-m``
puts the working folder first on sys.path). The CPU figure is the one to
compare on a busy machine: wall time there includes waiting for a core.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def run(
    argv: list[str],
    env: dict[str, str],
    repeat: int,
    ok: tuple[int, ...] = (0, 3),
    cwd: str | None = None,
) -> dict[str, Any]:
    walls, cpus = [], []
    # warm: caches, .pyc
    subprocess.run(argv, env=env, capture_output=True, check=False, cwd=cwd)
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        proc = subprocess.run(argv, env=env, capture_output=True, text=True, check=False, cwd=cwd)
        walls.append((time.perf_counter() - started) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
        if proc.returncode not in ok:
            raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr.strip()[:300]}")
    return {
        "median_wall_ms": round(statistics.median(walls), 1),
        "best_wall_ms": round(min(walls), 1),
        "median_cpu_ms": round(statistics.median(cpus), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workdir", default="/work/bench-1m")
    parser.add_argument("--code", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--label", default="run")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--number", default="+44 20 7946 0000")
    parser.add_argument("--out", default="benchmarks/results/cli_start.json")
    args = parser.parse_args(argv)
    env = dict(os.environ, PYTHONPATH=args.code, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program has its .pyc files
    py = sys.executable
    ws = ["--workspace", args.workdir]
    floor = run([py, "-c", "import sqlite3"], env, args.repeat)
    results: dict[str, Any] = {"python -c 'import sqlite3'": floor}
    for name, command in (
        ("lastmile queue --limit 20", ["queue", "--limit", "20"]),
        ("lastmile queue --limit 20 --json", ["queue", "--limit", "20", "--json"]),
        (f"lastmile call --from {args.number}", ["call", "--from", args.number]),
        ("lastmile search refund --limit 20", ["search", "refund", "--limit", "20"]),
    ):
        if command[0] == "search" and not (
            Path(args.code) / "desktop" / "cli.py"
        ).read_text().count('"search"'):
            continue  # that checkout has no search command
        # without a running window, call looks the caller up and says no window is there
        # (exit 1): the command's own cost, without the window's answer
        figure = run(
            [py, "-m", "ui.main", *command, *ws],
            env,
            args.repeat,
            (0, 1, 3) if command[0] == "call" else (0, 3),
            cwd=args.code,  # python -m puts the working folder first on sys.path
        )
        figure["ratio_wall"] = round(figure["median_wall_ms"] / floor["median_wall_ms"], 1)
        figure["ratio_cpu"] = round(figure["median_cpu_ms"] / max(floor["median_cpu_ms"], 0.1), 1)
        figure["target_wall_ms"] = 120
        results[name] = figure
        print(
            f"{name:<40} wall {figure['median_wall_ms']:7.1f} ms (best "
            f"{figure['best_wall_ms']:.1f})  cpu {figure['median_cpu_ms']:7.1f} ms",
            flush=True,
        )
    print(
        f"{'python -c import sqlite3':<40} wall {floor['median_wall_ms']:7.1f} ms (best "
        f"{floor['best_wall_ms']:.1f})  cpu {floor['median_cpu_ms']:7.1f} ms"
    )
    out = Path(args.out)
    previous = json.loads(out.read_text()) if out.exists() else {}
    previous[args.label] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "workdir": args.workdir,
        "load_average": os.getloadavg(),
        "commands": results,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(previous, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
