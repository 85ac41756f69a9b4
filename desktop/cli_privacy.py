"""`lastmile privacy export|erase`: a person's request to see or remove what is held."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from desktop import backup, privacy
from desktop.app import Application
from desktop.card import find_customer
from desktop.cli_customers import _actor
from desktop.errors import UserFacingError
from models.protocol.vocabulary import LEADS


def _selectors(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", nargs="?", metavar="CUSTOMER_ID")
    p.add_argument("--email")
    p.add_argument("--phone")
    p.add_argument("--handle", help="NETWORK:NAME")


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "privacy", parents=[common], help="a person's privacy request: export or erase what is held"
    )
    privacy_sub = p.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)
    e = privacy_sub.add_parser(
        "export", parents=[common], help="everything held about a person, as a zip"
    )
    _selectors(e)
    e.add_argument("--out", required=True, metavar="FILE")
    e = privacy_sub.add_parser(
        "erase", parents=[common], help="remove a person here, on the server and on every desktop"
    )
    _selectors(e)
    e.add_argument("--yes", action="store_true", help="do not ask (needed without a terminal)")
    e.add_argument(
        "--backups",
        action="store_true",
        help="also delete this workspace's rotating backups made before the erasure",
    )
    e.add_argument("--as", dest="as_login", metavar="LOGIN", help="acting supervisor or admin")


def _person(args: argparse.Namespace) -> Any:
    return find_customer(
        customer_id=args.id, email=args.email, phone=args.phone, handle=args.handle
    )


def cmd_privacy(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    customer = _person(args)
    if args.privacy_command == "export":
        path = privacy.export(app.db, customer.id, Path(args.out))
        print(
            f"Exported everything held about {customer.name} ({customer.id}) to {path}.", file=out
        )
        return 0
    actor = _actor(app, args.as_login)
    if actor.role not in LEADS:
        raise UserFacingError("only a supervisor or an admin may erase a customer")
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserFacingError("erasing cannot be undone: give --yes to confirm")
        answer = input(
            f"Erase {customer.name} ({customer.id}) and everything held about "
            "them, here and for the whole team? Type 'erase' to confirm: "
        )
        if answer.strip().lower() != "erase":
            print("Nothing was erased.", file=out)
            return 1
    started = datetime.now(UTC)
    name = customer.name
    privacy.erase_customer(app.mutator, actor, customer.id, app.workspace.root)
    where = (
        "the server and the team's other desktops follow at the next sync"
        if app.workspace.kind == "live"
        else "a training workspace: only here"
    )
    print(f"Erased {name} ({customer.id}); {where}.", file=out)
    old = [
        p
        for p in backup.listed(app.workspace)
        if datetime.fromtimestamp(p.stat().st_mtime, UTC) <= started
    ]
    if old and args.backups:
        for path in old:
            path.unlink(missing_ok=True)
        print(f"Deleted {len(old)} backup(s) made before the erasure.", file=out)
    elif old:
        print(
            f"{len(old)} backup(s) in {backup.backups_dir(app.workspace)} were made before "
            "the erasure and still hold this person: delete them with 'lastmile privacy "
            "erase ... --backups' (or by hand); copies kept elsewhere are yours to delete.",
            file=out,
        )
    return 0


HANDLERS = {"privacy": cmd_privacy}
