"""Nothing unowned (issue 13): every open task is listed with its owner, the team's tasks
are visible, a supervisor assigns them and an agent may take one for themselves."""

from __future__ import annotations

import io
import json
from pathlib import Path

from desktop import cli
from desktop.ops import agents as agent_ops
from models.schema import Intent, Task
from tests.conftest import contact_record, open_app


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.run(cli.parse_args(list(argv)), out=out, err=out)
    return code, out.getvalue()


def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    app = open_app(ws)
    try:
        for login, role in (("sue", "supervisor"), ("ben", "agent"), ("ana", "agent")):
            agent_ops.add_agent(
                app.mutator,
                login=login,
                display_name=login.title(),
                role=role,
                skills={"general": 1},
            )
        app.intake.ingest([(1, contact_record(1, channel="session", outcome="failed"))])
    finally:
        app.close()
    return ws


def test_team_tasks_are_listed_and_assigned(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    code, text = run("tasks", "--unowned", "--json", "--workspace", str(ws))
    assert code == 0, text
    (task,) = json.loads(text)
    assert set(task) >= {"id", "kind", "due_at", "owner", "customer_id", "contact_id", "state"}
    assert task["owner"] is None and task["kind"] == "follow_up"
    # an agent cannot give it to a colleague, but may take it
    code, text = run("task", "assign", task["id"], "ana", "--as", "ben", "--workspace", str(ws))
    assert code == 1 and "only a supervisor or an admin" in text
    assert run("task", "assign", task["id"], "ben", "--as", "ben", "--workspace", str(ws))[0] == 0
    # the supervisor moves it to Ana
    code, text = run("task", "assign", task["id"], "ana", "--as", "sue", "--workspace", str(ws))
    assert code == 0 and "Ana's" in text
    assert (
        json.loads(run("tasks", "--owner", "ana", "--json", "--workspace", str(ws))[1])[0]["id"]
        == task["id"]
    )
    assert json.loads(run("tasks", "--unowned", "--json", "--workspace", str(ws))[1]) == []
    app = open_app(ws)
    try:
        owner = Task.get_by_id(task["id"]).owner
        assert owner is not None and owner.login == "ana"
        names = [i.name for i in Intent.select().order_by(Intent.mutation_id)]
        assert names.count("task.assign") == 2  # both travel
    finally:
        app.close()
    code, text = run("task", "assign", task["id"], "--team", "--as", "sue", "--workspace", str(ws))
    assert code == 0 and "the team's" in text
    assert run("tasks", "--overdue", "--workspace", str(ws))[0] == 0
