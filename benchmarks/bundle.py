"""The PyInstaller bundle measured: size, self-test, start-up to a usable window.

    pyinstaller --noconfirm build.spec            # README "Bundles"
    python benchmarks/bundle.py [--dist dist/lastmile] [--runs 3]

Start-up is ``lastmile --workspace W --screenshot PNG`` over a demo workspace made once
(the program prints ``startup_ms`` when the window is drawn and grabbed, less the 300 ms
it waits before grabbing); the same from source (``python -m ui.main``) is the figure
beside it. The machine's load average is written too: the figures mean little without it.
Results: benchmarks/results/bundle.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRAB_DELAY_MS = 300  # ui/app.py waits this long before the screenshot


def _size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def _startup(command: list[str], workspace: Path, shot: Path) -> tuple[float, float]:
    """(ms to the drawn window, s until the process ended)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    began = time.perf_counter()
    done = subprocess.run(
        [*command, "--workspace", str(workspace), "--screenshot", str(shot)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=ROOT,
    )
    ended = time.perf_counter() - began
    found = re.search(r"startup_ms=(\d+)", done.stdout)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"start-up run failed ({done.returncode}): {done.stderr[-400:]}")
    return float(found.group(1)) - GRAB_DELAY_MS, ended


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "lastmile")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "bundle.json")
    args = parser.parse_args()
    exe = args.dist / ("lastmile.exe" if sys.platform == "win32" else "lastmile")
    if not exe.exists():
        raise SystemExit(f"no bundle at {exe}: pyinstaller --noconfirm build.spec")
    size, files = _size(args.dist)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    began = time.perf_counter()
    selftest = subprocess.run(
        [str(exe), "--selftest"], capture_output=True, text=True, env=env, timeout=300
    )
    selftest_s = time.perf_counter() - began
    usable = re.search(r"window usable in (\d+) ms", selftest.stdout)
    with tempfile.TemporaryDirectory(prefix="lastmile-bundle-") as tmp:
        workspace, shot = Path(tmp) / "ws", Path(tmp) / "shot.png"
        subprocess.run(
            [str(exe), "--demo", "--workspace", str(workspace), "--screenshot", str(shot)],
            capture_output=True,
            env=env,
            timeout=300,
            check=True,
        )
        bundle = [_startup([str(exe)], workspace, shot) for _ in range(args.runs)]
        source = [
            _startup([sys.executable, "-m", "ui.main"], workspace, shot) for _ in range(args.runs)
        ]
    bundle_ms = statistics.median(ms for ms, _s in bundle)
    source_ms = statistics.median(ms for ms, _s in source)
    result = {
        "platform": sys.platform,
        "bundle_bytes": size,
        "bundle_mb": round(size / 1e6, 1),
        "bundle_files": files,
        "selftest_exit": selftest.returncode,
        "selftest_seconds": round(selftest_s, 1),
        "selftest_window_usable_ms": int(usable.group(1)) if usable else None,
        "startup_to_window_ms": {
            "bundle_median": round(bundle_ms),
            "bundle_runs": [round(ms) for ms, _s in bundle],
            "source_median": round(source_ms),
            "source_runs": [round(ms) for ms, _s in source],
            "ratio_bundle_to_source": round(bundle_ms / source_ms, 2),
            "target_ms": 1500,
        },
        "process_seconds_bundle": [round(s, 1) for _ms, s in bundle],
        "load_average_1m": round(os.getloadavg()[0], 1),
        "cpus": os.cpu_count(),
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0 if selftest.returncode == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
