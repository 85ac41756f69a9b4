"""``lastmile call --from NUMBER``: the incoming-call screen-pop a PBX hook runs per call.

It reads only (who is calling) and hands the number to the running window, so it runs on
the plain reader of a current workspace (desktop/cli.py ``READS``): no peewee, no models.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import TYPE_CHECKING, Any, TextIO

from desktop import ipc
from desktop.errors import UserFacingError

if TYPE_CHECKING:
    from desktop.app import Application
    from desktop.cli import ReadApp

EXIT_OK, EXIT_ERROR = 0, 1


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "call",
        parents=[common],
        help="an incoming call: open the caller's card in the running window",
    )
    p.add_argument("--from", dest="number", required=True, metavar="NUMBER")
    p.add_argument("--to", dest="line", default="", metavar="LINE")
    p.add_argument("--json", action="store_true")


def cmd_call(app: Application | ReadApp, args: argparse.Namespace, out: TextIO) -> int:
    from desktop.callpop import identify_caller

    caller = identify_caller(args.number, db=app.db)
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


HANDLERS = {"call": cmd_call}
READS = {"call"}
