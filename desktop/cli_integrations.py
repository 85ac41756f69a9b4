"""`lastmile integration ...`, `lastmile intake serve` and `lastmile gateway send`: the
HTTP intake of a desktop alone and the webhooks its SMS, chat and social replies leave by."""

from __future__ import annotations

import argparse
import json
import signal
import threading
from typing import Any, TextIO

from desktop import integrations
from desktop.app import Application
from desktop.channels import mailbox as boxes
from desktop.errors import UserFacingError
from desktop.training.guard import ensure_live
from models.schema import CHANNELS, Integration, Outbound


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "integration", parents=[common], help="outside systems that post to the HTTP intake"
    )
    ps = p.add_subparsers(dest="integration_command", metavar="ACTION", required=True)
    a = ps.add_parser("add", parents=[common], help="add one and print its key (once)")
    a.add_argument("name")
    a.add_argument("--channel", required=True, choices=CHANNELS)
    a.add_argument(
        "--webhook",
        default="",
        metavar="URL",
        help="where replies on this channel are posted (sms, chat, social)",
    )
    a = ps.add_parser("list", parents=[common], help="integrations (never their keys)")
    a.add_argument("--json", action="store_true")
    a = ps.add_parser("remove", parents=[common], help="remove one: its key stops working")
    a.add_argument("name")
    p = sub.add_parser("intake", parents=[common], help="the HTTP intake")
    ps = p.add_subparsers(dest="intake_command", metavar="ACTION", required=True)
    a = ps.add_parser(
        "serve", parents=[common], help="take in records over HTTP until stopped (Ctrl+C)"
    )
    a.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this computer only)",
    )
    a.add_argument("--port", type=int, default=8780)
    p = sub.add_parser("gateway", parents=[common], help="SMS, chat and social replies out")
    ps = p.add_subparsers(dest="gateway_command", metavar="ACTION", required=True)
    a = ps.add_parser(
        "send",
        parents=[common],
        help="post the queued SMS, chat and social replies to their webhooks once",
    )
    a.add_argument("--json", action="store_true")


def cmd_integration(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    ensure_live(app.workspace.kind, "an integration")
    command = args.integration_command
    if command == "add":
        added = integrations.add(
            args.name,
            channel=args.channel,
            webhook=args.webhook,
            kind=app.workspace.kind,
            clock=app.clock,
        )
        replies = f"; replies leave by {args.webhook}" if args.webhook else ""
        print(
            f"Integration {args.name} added for {args.channel}{replies}.\n"
            f"Its key (shown only now; keep it in the sending system):\n{added.key}",
            file=out,
        )
        return 0
    if command == "remove":
        integrations.remove(args.name)
        print(f"Integration {args.name} removed; its key no longer works.", file=out)
        return 0
    rows = [
        {
            "name": i.name,
            "channel": i.channel,
            "webhook": i.webhook_url,
            "created_at": i.created_at.isoformat(),
            "last_used_at": i.last_used_at.isoformat() if i.last_used_at else None,
        }
        for i in Integration.select().order_by(Integration.name)
    ]
    if args.json:
        json.dump(rows, out)
        out.write("\n")
    elif not rows:
        print("No integrations (lastmile integration add NAME --channel sms).", file=out)
    for row in rows if not args.json else []:
        used = f"last used {row['last_used_at']}" if row["last_used_at"] else "never used"
        hook = f"  replies to {row['webhook']}" if row["webhook"] else ""
        print(f"{row['name']:<16} {row['channel']:<8} {used}{hook}", file=out)
    return 0


def cmd_intake(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    from desktop.channels.intake_http import IntakeServer

    if not 0 <= args.port < 65536:
        raise UserFacingError("--port must be from 0 to 65535")
    try:
        server = IntakeServer(app, args.host, args.port)
    except OSError as exc:
        raise UserFacingError(
            f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}"
        ) from None
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    server.start()
    print(
        f"Taking in on {server.url}/v1/intake ({Integration.select().count()} "
        "integration(s)); Ctrl+C stops.",
        file=out,
        flush=True,
    )
    try:
        stopped.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


def cmd_gateway(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    from desktop.channels.webhook import GatewaySender

    ensure_live(app.workspace.kind, "send replies")
    if not boxes.runs_here():
        raise UserFacingError("this workspace syncs with a server: the server sends")
    sender = GatewaySender(app.db, kind=app.workspace.kind)
    sender.recover(app.clock.now())
    report = sender.send_due(app.clock.now())
    if args.json:
        json.dump(report.as_json(), out)
        out.write("\n")
        return 0
    waiting = (
        Outbound.select()
        .where((Outbound.state == "queued") & Outbound.channel.in_(integrations.GATEWAY_CHANNELS))
        .count()
    )
    print(
        f"Sent {report.sent}; {report.retrying} to retry; {len(report.failed)} not sent; "
        f"{waiting} waiting.",
        file=out,
    )
    for line in report.failed:
        print(f"  not sent: {line}", file=out)
    return 0


HANDLERS = {"integration": cmd_integration, "intake": cmd_intake, "gateway": cmd_gateway}
