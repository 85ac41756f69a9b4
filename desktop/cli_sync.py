"""`lastmile login`, `lastmile sync`, `lastmile logout`. Training workspaces are refused
before anything else."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any, TextIO

from desktop.app import Application
from desktop.training.guard import ensure_live
from desktop.workspace import Workspace, detect_kind, resolve_root, setup_logging

EXIT_UNREACHABLE = 4


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("login", parents=[common], help="sign this workspace in to a server")
    p.add_argument("--server", required=True, metavar="URL")
    p.add_argument("--user", required=True, metavar="LOGIN")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("sync", parents=[common], help="run one sync cycle with the server")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--status", action="store_true", help="only show the state of the last sync (no network)"
    )
    sub.add_parser("logout", parents=[common], help="sign out and forget the token")


def _open(args: argparse.Namespace) -> Application:
    root = resolve_root(args.workspace)
    kind = detect_kind(root)
    # the guard runs before the database is even opened
    ensure_live(kind, "sync")
    ws = Workspace(root, kind)
    setup_logging(ws, json_logging=args.json_logging, verbose=args.verbose)
    return Application.open(ws)


def cmd_login(_app: Any, args: argparse.Namespace, out: TextIO) -> int:
    from desktop.sync.account import describe_teams, sign_in
    from desktop.sync.transport import SyncUnavailable

    password = (
        getpass.getpass(f"Password for {args.user}: ")
        if sys.stdin.isatty()
        else sys.stdin.readline().rstrip("\r\n")
    )
    app = _open(args)
    try:
        try:
            account = sign_in(app, args.server, args.user, password)
        except SyncUnavailable as exc:
            print(f"lastmile: {exc}", file=sys.stderr)
            return EXIT_UNREACHABLE
        if not args.json:
            print(
                f"Signed in as {account.display_name} ({describe_teams(account)}). The token is "
                "kept in the system keychain.",
                file=out,
            )
        return _cycle(app, args, out)
    finally:
        app.close()


def _cycle(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    from desktop.sync.client import SyncClient, SyncUnavailable

    client = SyncClient(app)
    try:
        report = client.sync_once()
    except SyncUnavailable as exc:
        print(f"lastmile: {exc} (your changes are kept)", file=sys.stderr)
        return EXIT_UNREACHABLE
    finally:
        client.close()
    if getattr(args, "json", False):
        json.dump(report.as_json(), out)
        out.write("\n")
    else:
        print(
            f"Synced: pushed {report.pushed}, pulled {report.pulled} changes, "
            f"{report.pending} pending.",
            file=out,
        )
        for notice in report.rejected:
            print(f"  refused: {notice}", file=out)
        if report.quarantined:
            print(
                f"  held back: {report.quarantined} change(s) from the server could not be "
                "applied here (kept, retried at every sync; see the log)",
                file=out,
            )
        for notice in report.notices:
            print(f"  note: {notice}", file=out)
    return 0


def _status(args: argparse.Namespace, out: TextIO) -> int:
    from models.database import get_meta
    from models.schema import Intent, SyncQuarantine

    held = [
        {"kind": q.kind, "id": q.entity_id, "reason": q.reason, "attempts": q.attempts}
        for q in SyncQuarantine.select().order_by(SyncQuarantine.at).limit(50)
    ]
    state = {
        "quarantined": held,
        "server": get_meta("server_url"),
        "login": get_meta("sync_login"),
        "as_of": get_meta("sync_last") or None,
        "pending": Intent.select().where(Intent.state == "pending").count(),
        "notices": json.loads(get_meta("sync_notices") or "[]"),
    }
    if args.json:
        json.dump(state, out)
        out.write("\n")
        return 0
    if not state["server"]:
        print("Not signed in to a server.", file=out)
        return 0
    print(
        f"{state['login']} at {state['server']}: data as of {state['as_of'] or 'never'}, "
        f"{state['pending']} change(s) pending.",
        file=out,
    )
    for notice in state["notices"][-10:]:
        print(f"  {notice['at']}  {notice['text']}", file=out)
    for item in held:
        print(
            f"  held back: {item['kind']} {item['id']}: {item['reason']} "
            f"(tried {item['attempts']} time(s))",
            file=out,
        )
    return 0


def cmd_sync(_app: Any, args: argparse.Namespace, out: TextIO) -> int:
    app = _open(args)
    try:
        return _status(args, out) if args.status else _cycle(app, args, out)
    finally:
        app.close()


def cmd_logout(_app: Any, args: argparse.Namespace, out: TextIO) -> int:
    from desktop.sync.account import sign_out

    app = _open(args)
    try:
        login = sign_out(app)
        if login is None:
            print("Not signed in.", file=out)
        else:
            print(f"Signed {login} out; pending changes are kept for the next sign-in.", file=out)
        return 0
    finally:
        app.close()


HANDLERS = {"sync": cmd_sync, "login": cmd_login, "logout": cmd_logout}
WITHOUT_APP = {"sync", "login", "logout"}
