"""One workspace database per process (issue 16): every model reads and writes through one
process-wide proxy, so opening a second, different workspace while one is open is refused
with a clear error instead of silently taking the first one's reads and writes. Closing
first works as before; a second handle is the explicit ``bind=False``."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.app import Application
from desktop.ops import agents as agent_ops
from desktop.workspace import Workspace
from models.base import database_proxy
from models.database import SecondDatabaseError, get_meta, open_database
from models.schema import Agent
from tests.conftest import open_app


def test_a_second_workspace_is_refused_while_one_is_open(tmp_path: Path) -> None:
    first = open_app(tmp_path / "a")
    try:
        agent_ops.add_agent(first.mutator, login="ana", display_name="Ana Tester")
        with pytest.raises(SecondDatabaseError) as refused:
            Application.open(Workspace(tmp_path / "b", "live"))
        said = str(refused.value)
        assert str(tmp_path / "a") in said and str(tmp_path / "b") in said
        assert "close it before opening" in said and "\n" not in said
        # nothing moved: the first workspace is still the one the models use
        assert database_proxy.obj is first.db
        assert [a.login for a in Agent.select()] == ["ana"]
        # the same file again is no second database
        again = open_database(first.workspace.database_path, kind="live")
        database_proxy.initialize(first.db)
        again.close()
        # a second handle, asked for: the models stay on the first
        other = open_database(tmp_path / "b" / "lastmile.sqlite3", kind="live", bind=False)
        try:
            assert database_proxy.obj is first.db
            kind = other.execute_sql("SELECT value FROM workspace_meta WHERE key = 'kind'")
            assert kind.fetchone() == ("live",)
            assert other.execute_sql("SELECT count(*) FROM agent").fetchone() == (0,)
        finally:
            other.close()
        assert get_meta("kind") == "live" and Agent.select().count() == 1
    finally:
        first.close()


def test_closing_first_lets_the_next_one_open(tmp_path: Path) -> None:
    for name in ("a", "b", "a"):  # in sequence, as the tests and the CLI do
        app = open_app(tmp_path / name)
        assert Path(database_proxy.obj.path).parent == tmp_path / name
        app.close()


def test_a_training_workspace_beside_an_open_live_one_is_refused(
    live_app: Application, tmp_path: Path
) -> None:
    with pytest.raises(SecondDatabaseError):
        open_app(tmp_path / "practice", "training")
    assert database_proxy.obj is live_app.db and get_meta("kind") == "live"
