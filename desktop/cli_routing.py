"""Routing and rules from the command line: next, presence, rules."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from desktop.app import Application
from desktop.errors import UserFacingError
from desktop.ops import Actor
from desktop.ops import agents as agent_ops
from desktop.ops import rules as rule_ops
from desktop.ops.tasks import run_rules
from desktop.routing import load_profile, take_next
from desktop.rules import load_rules, rules_json
from models.queries import queue_rows
from models.schema import PRESENCES, Agent

EXIT_OK, EXIT_NOTHING = 0, 3


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "next", parents=[common], help="take the next contact for an agent (routing)"
    )
    p.add_argument("--agent", required=True, metavar="LOGIN")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("presence", parents=[common], help="set an agent's presence")
    p.add_argument("login")
    p.add_argument("state", choices=PRESENCES)
    p = sub.add_parser(
        "rules",
        parents=[common],
        help="show or change SLA, business hours, routing and automation rules",
    )
    rs = p.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    r = rs.add_parser("show", parents=[common], help="print all rules")
    r.add_argument("--json", action="store_true")
    r = rs.add_parser("set", parents=[common], help="set one rule (value as JSON)")
    r.add_argument("key")
    r.add_argument("value")
    rs.add_parser("run", parents=[common], help="run the periodic rules now (invoice reminders)")


def _agent(login: str) -> Agent:
    agent = Agent.get_or_none(Agent.login == login.strip().lower())
    if agent is None:
        raise UserFacingError(f"no agent with login {login!r}")
    return agent


def cmd_next(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    from desktop.cli_core import queue_item_json

    agent = _agent(args.agent)
    if agent.presence != "available":
        raise UserFacingError(
            f"{agent.login} is {agent.presence}; set 'available' first "
            f"(lastmile presence {agent.login} available)"
        )
    actor = Actor.of(agent)
    contact_id, _ = take_next(app.mutator, actor, app.rules)
    if contact_id is None:
        profile = load_profile(app.db, agent.id)
        full = [c for c, n in profile.load.items() if n >= profile.capacity.get(c, 0)]
        why = f" (no capacity left on: {', '.join(sorted(full))})" if full else ""
        print(
            f"lastmile: nothing in the queue for {agent.login}'s skills{why}",
            file=__import__("sys").stderr,
        )
        return EXIT_NOTHING
    row = queue_rows(app.db, [contact_id])[contact_id]
    if args.json:
        json.dump(queue_item_json(row), out, ensure_ascii=False)
        out.write("\n")
    else:
        print(
            f"{agent.display_name} takes {row['channel']} contact {contact_id} from "
            f"{row['customer_name']}: {row['subject']}",
            file=out,
        )
    return EXIT_OK


def cmd_presence(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    agent = _agent(args.login)
    agent_ops.set_presence(app.mutator, agent.id, args.state)
    print(f"{agent.login} is now {args.state}.", file=out)
    return EXIT_OK


def cmd_rules(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    if args.rules_command == "set":
        value = rule_ops.set_rule(app.mutator, args.key, args.value)
        print(f"{args.key} = {json.dumps(value)}", file=out)
        return EXIT_OK
    if args.rules_command == "run":
        made = run_rules(app.mutator, app.rules)
        print(f"Created {made} invoice reminder task{'s' if made != 1 else ''}.", file=out)
        return EXIT_OK
    data = rules_json(load_rules())
    if getattr(args, "json", False):
        json.dump(data, out)
        out.write("\n")
    else:
        for key, value in data.items():
            print(f"{key:<28} {json.dumps(value)}", file=out)
    return EXIT_OK


HANDLERS = {"next": cmd_next, "presence": cmd_presence, "rules": cmd_rules}
