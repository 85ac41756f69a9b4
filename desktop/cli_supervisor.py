"""`lastmile assign`, `lastmile floor` and `lastmile wallboard`: the supervisor desk from the
command line (issue 13). Figures come from the local database, as of the last sync."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from desktop.app import Application
from desktop.cli_customers import _actor
from desktop.errors import UserFacingError
from desktop.ops import contacts as contact_ops
from desktop.supervisor import PERIODS, FloorFigures, may_open
from models.base import iso, to_ms
from models.database import get_meta
from models.schema import Agent, Contact


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "assign",
        parents=[common],
        help="give a contact to an agent, take it "
        "back from one, or return it to the queue (supervisors and admins)",
    )
    p.add_argument("contact_id", metavar="CONTACT")
    p.add_argument("login", nargs="?", metavar="LOGIN")
    p.add_argument("--queue", action="store_true", help="back to the queue (nobody holds it)")
    p.add_argument("--as", dest="as_login", metavar="LOGIN", help="acting supervisor")
    p = sub.add_parser("floor", parents=[common], help="the supervisor desk's figures")
    p.add_argument(
        "--period", default="7 days", help=f"{', '.join(PERIODS)} or YYYY-MM-DD..YYYY-MM-DD"
    )
    p.add_argument("--json", action="store_true")
    p.add_argument("--as", dest="as_login", metavar="LOGIN", help="whose desk")
    p.add_argument("--team", help="the backlog and agents of one team (an account in several)")
    p = sub.add_parser(
        "wallboard",
        parents=[common],
        help="open the supervisor desk full "
        "screen (large type, refreshing itself) for a screen on the wall",
    )
    p.add_argument("--as", dest="as_login", metavar="LOGIN", help="the supervisor signed in")


def cmd_assign(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    if bool(args.login) == bool(args.queue):
        raise UserFacingError("say who gets it: an agent's LOGIN, or --queue")
    actor = _actor(app, args.as_login)
    owner = None
    if args.login:
        owner = Agent.get_or_none(Agent.login == args.login.strip().lower())
        if owner is None:
            raise UserFacingError(f"no agent with login {args.login!r}")
    if Contact.get_or_none(Contact.id == args.contact_id) is None:
        raise UserFacingError(f"no contact {args.contact_id!r}")
    contact_ops.assign(app.mutator, actor, args.contact_id, owner.id if owner else None)
    whom = owner.display_name if owner else "the queue"
    print(f"Contact {args.contact_id} assigned to {whom}.", file=out)
    return 0


def cmd_floor(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    actor = _actor(app, getattr(args, "as_login", None))
    refused = may_open(actor.role, app.workspace.kind)
    if refused:
        raise UserFacingError(refused)
    figures = FloorFigures(app.workspace.database_path, timezone=app.rules.timezone)
    try:
        now = to_ms(app.clock.now())
        figures.set_period(args.period, now)
        figures.set_team(getattr(args, "team", None))
        snap = figures.snapshot(now)
    finally:
        figures.close()
    snap["as_of"] = iso(app.clock.now())
    snap["last_sync"] = get_meta("sync_last") or None
    if args.json:
        json.dump(snap, out, default=str)
        out.write("\n")
        return 0
    b, today, tasks = snap["backlog"], snap["today"], snap["tasks"]
    fr = today["all"]["first_response"]
    print(
        f"as of {snap['as_of']}: backlog {b['total']:,} ({b['unassigned']:,} unassigned, "
        f"{b['breached']:,} past SLA); today SLA met {today['sla']['met']:,}, breached "
        f"{today['sla']['breached']:,}; first response median {fr['median']} min, p90 "
        f"{fr['p90']} min; unacknowledged {snap['unanswered']['unacknowledged']:,}; open "
        f"complaints {snap['complaints']['total']:,}; tasks {tasks['open']:,} open, "
        f"{tasks['overdue']:,} overdue, {tasks['team']:,} the team's",
        file=out,
    )
    return 0


def cmd_wallboard(_app: Application, _args: argparse.Namespace, _out: TextIO) -> int:
    raise UserFacingError(
        "the wallboard is a window: run 'lastmile wallboard' where a display is available"
    )


HANDLERS = {"assign": cmd_assign, "floor": cmd_floor, "wallboard": cmd_wallboard}
