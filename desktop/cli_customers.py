"""Customer commands: merge, unmerge, edit, and the incoming-call screen-pop."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any, TextIO

from desktop import ipc
from desktop.app import Application
from desktop.callpop import identify_caller
from desktop.card import find_customer
from desktop.errors import UserFacingError
from desktop.ops import Actor
from desktop.ops import customers as customer_ops
from models.schema import Agent

EXIT_OK, EXIT_ERROR = 0, 1


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "merge", parents=[common], help="merge DUPLICATE into SURVIVOR (undo with unmerge)"
    )
    p.add_argument("survivor")
    p.add_argument("duplicate")
    p.add_argument("--reason", default="merged from the command line")
    p.add_argument("--as", dest="as_login", metavar="LOGIN", help="acting agent")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("unmerge", parents=[common], help="split a merge back exactly")
    p.add_argument("merge_id")
    p.add_argument("--as", dest="as_login", metavar="LOGIN", help="acting agent")
    p = sub.add_parser(
        "call",
        parents=[common],
        help="an incoming call: open the caller's card in the running window",
    )
    p.add_argument("--from", dest="number", required=True, metavar="NUMBER")
    p.add_argument("--to", dest="line", default="", metavar="LINE")
    p.add_argument("--json", action="store_true")


def _actor(app: Application, login: str | None) -> Actor:
    if login:
        return app.sign_in(login)
    admin = (
        Agent.select().where(Agent.role.in_(("admin", "supervisor"))).order_by(Agent.login).first()
    )
    if admin is None:
        return app.sign_in(None)
    return app.sign_in(admin.login)


def cmd_merge(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    survivor = find_customer(customer_id=args.survivor)
    duplicate = find_customer(customer_id=args.duplicate)
    merge_id, _ = customer_ops.merge(
        app.mutator, _actor(app, args.as_login), survivor.id, duplicate.id, evidence=[args.reason]
    )
    if args.json:
        json.dump(
            {"merge_id": merge_id, "survivor_id": survivor.id, "duplicate_id": duplicate.id}, out
        )
        out.write("\n")
    else:
        print(
            f"Merged {duplicate.name} into {survivor.name}. Undo with: lastmile unmerge {merge_id}",
            file=out,
        )
    return EXIT_OK


def cmd_unmerge(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    customer_ops.unmerge(app.mutator, _actor(app, args.as_login), args.merge_id)
    print("Split back.", file=out)
    return EXIT_OK


def cmd_call(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    caller = identify_caller(args.number)
    started = time.perf_counter()
    message = {"type": "call", "from": caller.number, "to": args.line}
    try:
        answer = ipc.send(app.workspace.root, message)
    except UserFacingError as exc:
        who = caller.name if caller.known else "an unknown number"
        print(f"lastmile: {exc}; the caller {caller.display} is {who}", file=sys.stderr)
        return EXIT_ERROR
    answer["round_trip_ms"] = round((time.perf_counter() - started) * 1000, 1)
    if args.json:
        json.dump(
            {
                "number": caller.number,
                "customer_id": caller.customer_id,
                "name": caller.name,
                **answer,
            },
            out,
        )
        out.write("\n")
    elif caller.known:
        print(f"Showing {caller.name} ({caller.display}) in the window.", file=out)
    else:
        print(
            f"Unknown caller {caller.display}: the window asks whether this is a new or an "
            "existing customer.",
            file=out,
        )
    return EXIT_OK


HANDLERS = {"merge": cmd_merge, "unmerge": cmd_unmerge, "call": cmd_call}
