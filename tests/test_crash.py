"""kill -9 of the running window (issue 11, proof): six kills, two per phase — while the
agent works, while ``lastmile import`` runs beside it, while it syncs with a real server.

The harness is ``benchmarks/crash_bench.py`` (which runs the 100-kill campaign): the real
window in its own process, driven through its widgets, writes an fsync'ed line for each
action it confirmed to the user; after each SIGKILL ``PRAGMA integrity_check`` is ok,
every confirmed action is in the database exactly once, nothing is doubled, the window
opens again, and in the sync phase ``lastmile sync`` pushes everything and a second
desktop converges with the first and the server.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.crash_bench import PHASES, run_campaign


def test_kills_of_the_window_lose_and_double_nothing(tmp_path: Path) -> None:
    postgres = os.environ.get("LASTMILE_TEST_DATABASE_URL")
    if postgres is None:
        pytest.importorskip("pgserver")
    phases = PHASES
    result = run_campaign(
        tmp_path, kills=6, seed=11, max_delay=1.5, postgres=postgres, phases=phases
    )
    assert result["failures"] == [], result
    assert (result["lost"], result["doubled"], result["integrity_failures"]) == (0, 0, 0)
    assert result["kills"] == 6
    assert [result["phases"][p]["kills"] for p in phases] == [2, 2, 2]
    # the kills landed on work: the driver had confirmed actions before them
    assert sum(result["phases"][p].get("acknowledged_actions", 0) for p in phases) > 0
    assert result["converged"] is True
    assert result["converged_rows"]["contacts"] >= 60
