"""`lastmile report --from DATE --to DATE --format csv|pdf --out FILE [--team T]`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from desktop import reports
from desktop.app import Application
from desktop.cli_customers import _actor
from desktop.errors import UserFacingError
from desktop.supervisor import may_open
from models.base import to_ms
from models.schema import Agent


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "report",
        parents=[common],
        help="the supervisor desk's figures for a period, as CSV or a one-page PDF",
    )
    p.add_argument("--from", dest="start", required=True, metavar="DATE")
    p.add_argument("--to", dest="end", required=True, metavar="DATE")
    p.add_argument("--format", choices=reports.FORMATS, default="csv")
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument(
        "--team",
        metavar="T",
        help="only this team (the workspace's team is the only one a desktop holds)",
    )
    p.add_argument("--as", dest="as_login", metavar="LOGIN", help="whose report")


def cmd_report(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    actor = _actor(app, getattr(args, "as_login", None))
    refused = may_open(actor.role, app.workspace.kind)
    if refused:
        raise UserFacingError(refused)
    held = Agent.get_or_none(Agent.id == actor.id)
    team = held.team if held is not None else None
    if args.team and team and args.team != team:
        raise UserFacingError(f"this workspace holds team {team!r}, not {args.team!r}")
    period = f"{args.start}..{args.end}"
    for word, value in (("--from", args.start), ("--to", args.end)):
        if len(value.strip()) != 10 or value.strip()[4] != "-":
            raise UserFacingError(f"{word} is a date YYYY-MM-DD, not {value!r}")
    snap = reports.report_data(
        app.workspace.database_path, period, to_ms(app.clock.now()), app.rules.timezone
    )
    target = Path(args.out)
    if not target.parent.is_dir():
        raise UserFacingError(f"no folder {str(target.parent)!r} to write the report in")
    if args.format == "csv":
        with target.open("w", newline="", encoding="utf-8") as f:
            n = reports.write_csv(f, ("section", "figure", "of", "value"), reports.rows(snap))
        print(f"Report {period}: {n} figures written to {target}.", file=out)
        return 0
    if reports.PDF_WRITER is None:
        raise UserFacingError("a PDF report needs Qt: run it as the 'lastmile' program")
    reports.PDF_WRITER(snap, target, period)
    print(f"Report {period}: one page written to {target}.", file=out)
    return 0


HANDLERS = {"report": cmd_report}
