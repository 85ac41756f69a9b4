"""Customer commands: merge and unmerge (the incoming-call screen-pop: cli_call.py)."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from desktop.app import Application
from desktop.card import find_customer
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


HANDLERS = {"merge": cmd_merge, "unmerge": cmd_unmerge}
