"""`lastmile tasks` and `lastmile task assign`: follow-ups and reminders, and who has them.

A task without an owner is the team's (invoice reminders and check-backs, and follow-ups
nobody took yet): it shows under ``--unowned`` and in every supervisor's list."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from peewee import JOIN

from desktop.app import Application
from desktop.cli_customers import _actor
from desktop.errors import UserFacingError
from desktop.ops import tasks as task_ops
from models.base import iso, to_ms
from models.schema import Agent, Task


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("tasks", parents=[common], help="open follow-ups and reminders")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--owner", metavar="LOGIN")
    who.add_argument(
        "--team",
        metavar="TEAM",
        help="tasks of the team's agents and the team's own (unowned) tasks",
    )
    who.add_argument("--unowned", action="store_true", help="the team's tasks nobody has")
    p.add_argument("--overdue", action="store_true")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=200)
    p = sub.add_parser("task", parents=[common], help="assign a task")
    ts = p.add_subparsers(dest="task_command", metavar="ACTION", required=True)
    t = ts.add_parser(
        "assign",
        parents=[common],
        help="give a task to an agent (supervisors and admins; an agent may take a team task)",
    )
    t.add_argument("task_id", metavar="TASK")
    t.add_argument("login", nargs="?", metavar="LOGIN")
    t.add_argument("--team", action="store_true", help="back to the team's tasks")
    t.add_argument("--as", dest="as_login", metavar="LOGIN", help="acting agent")


def _agent(login: str) -> Agent:
    agent = Agent.get_or_none(Agent.login == login.strip().lower())
    if agent is None:
        raise UserFacingError(f"no agent with login {login!r}")
    return agent


def cmd_tasks(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    query = Task.select(Task, Agent).join(
        Agent, on=(Task.owner == Agent.id), join_type=JOIN.LEFT_OUTER
    )
    query = query.where(Task.state == "open")
    if args.owner:
        query = query.where(Task.owner == _agent(args.owner).id)
    elif args.team:
        members = Agent.select(Agent.id).where(Agent.team == args.team)
        query = query.where(Task.owner.is_null() | Task.owner.in_(members))
    elif args.unowned:
        query = query.where(Task.owner.is_null())
    now = to_ms(app.clock.now())
    if args.overdue:
        query = query.where(Task.due_at < now)
    rows = []
    for task in query.order_by(Task.due_at).limit(max(1, args.limit)):
        owner = task.owner.login if task.owner_id and task.owner else None
        rows.append(
            {
                "id": task.id,
                "kind": task.kind,
                "title": task.title,
                "due_at": iso(task.due_at),
                "overdue": to_ms(task.due_at) < now,
                "owner": owner,
                "customer_id": task.customer_id,
                "contact_id": task.contact_id,
                "state": task.state,
            }
        )
    if args.json:
        json.dump(rows, out)
        out.write("\n")
        return 0
    if not rows:
        print("No open tasks.", file=out)
    for row in rows:
        late = "  OVERDUE" if row["overdue"] else ""
        print(
            f"{row['due_at']}  {row['kind']:<16} {row['owner'] or '(team)':<12} "
            f"{row['title']}  [{row['id']}]{late}",
            file=out,
        )
    return 0


def cmd_task(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    if bool(args.login) == bool(args.team):
        raise UserFacingError("say who gets it: an agent's LOGIN, or --team")
    actor = _actor(app, args.as_login)
    owner = _agent(args.login) if args.login else None
    task_ops.assign_task(app.mutator, actor, args.task_id, owner.id if owner else None)
    whose = f"{owner.display_name}'s" if owner else "the team's"
    print(f"Task {args.task_id} is now {whose}.", file=out)
    return 0


HANDLERS = {"tasks": cmd_tasks, "task": cmd_task}
