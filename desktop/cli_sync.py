"""`lastmile login` and `lastmile sync`. Training workspaces are refused before anything else."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any, TextIO

from desktop.app import Application
from desktop.errors import UserFacingError
from desktop.training.guard import ensure_live
from desktop.workspace import Workspace, detect_kind, resolve_root, setup_logging


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("login", parents=[common], help="sign this workspace in to a server")
    p.add_argument("--server", required=True, metavar="URL")
    p.add_argument("--user", required=True, metavar="LOGIN")
    p = sub.add_parser("sync", parents=[common], help="run one sync cycle with the server")
    p.add_argument("--json", action="store_true")


def _open(args: argparse.Namespace) -> Application:
    root = resolve_root(args.workspace)
    kind = detect_kind(root)
    # the guard runs before the database is even opened
    ensure_live(kind, "sync")
    ws = Workspace(root, kind)
    setup_logging(ws, json_logging=args.json_logging, verbose=args.verbose)
    return Application.open(ws)


def cmd_login(_app: Any, args: argparse.Namespace, out: TextIO) -> int:
    from desktop.sync.client import HttpTransport, store_token
    from models.database import set_meta
    from models.schema import Agent

    password = (getpass.getpass(f"Password for {args.user}: ") if sys.stdin.isatty()
                else sys.stdin.readline().rstrip("\n"))
    app = _open(args)
    try:
        transport = HttpTransport(args.server)
        try:
            answer = transport.post("/v1/login", {"login": args.user, "password": password},
                                    None)
        finally:
            transport.close()
        local = Agent.get_or_none(Agent.login == answer["login"])
        if local is not None and local.id != answer["agent_id"]:
            raise UserFacingError(
                f"this workspace already has a local agent {answer['login']!r}; sign in from "
                "a new workspace folder so that the server's data arrives cleanly")
        store_token(args.server, answer["login"], answer["token"])
        set_meta("server_url", args.server)
        set_meta("sync_login", answer["login"])
        print(f"Signed in as {answer['display_name']} ({answer['role']}, team "
              f"{answer['team']}). The token is kept in the system keychain.", file=out)
        return _cycle(app, args, out)
    finally:
        app.close()


def _cycle(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    from desktop.sync.client import SyncClient

    client = SyncClient(app)
    try:
        report = client.sync_once()
    finally:
        client.close()
    if getattr(args, "json", False):
        json.dump({"pushed": report.pushed, "pulled": report.pulled,
                   "accepted": report.accepted, "rejected": report.rejected,
                   "pending": report.pending}, out)
        out.write("\n")
    else:
        print(f"Synced: pushed {report.pushed}, pulled {report.pulled} changes, "
              f"{report.pending} pending.", file=out)
        for notice in report.rejected:
            print(f"  refused: {notice}", file=out)
    return 0


def cmd_sync(_app: Any, args: argparse.Namespace, out: TextIO) -> int:
    app = _open(args)
    try:
        return _cycle(app, args, out)
    finally:
        app.close()


HANDLERS = {"sync": cmd_sync, "login": cmd_login}
WITHOUT_APP = {"sync", "login"}
