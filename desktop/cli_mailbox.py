"""`lastmile mailbox ...` and `lastmile mail run`: mail in by IMAP, out by SMTP, for a
desktop alone (with a sync server, the server runs the connectors)."""

from __future__ import annotations

import argparse
import getpass
import json
import signal
import sys
import threading
from typing import Any, TextIO

from desktop.app import Application
from desktop.channels import imap, smtp
from desktop.channels import mailbox as boxes
from desktop.errors import UserFacingError
from desktop.training.guard import ensure_live
from models.schema import Mailbox, Outbound


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("mailbox", parents=[common], help="mailboxes: mail in (IMAP) and out (SMTP)")
    ms = p.add_subparsers(dest="mailbox_command", metavar="ACTION", required=True)
    m = ms.add_parser(
        "add",
        parents=[common],
        help="add a mailbox (password prompted or one line on stdin; kept in the system keychain)",
    )
    m.add_argument("name")
    m.add_argument("--imap", required=True, metavar="imaps://USER@HOST[:PORT]/FOLDER")
    m.add_argument(
        "--smtp",
        default="",
        metavar="smtps://USER@HOST[:PORT]",
        help="where replies leave (same password as IMAP)",
    )
    m.add_argument("--skill", default="general", help="the skill its mail needs")
    m.add_argument("--address", default="", help="the address replies are sent from")
    m = ms.add_parser("list", parents=[common], help="mailboxes with their state")
    m.add_argument("--json", action="store_true")
    m = ms.add_parser("remove", parents=[common], help="remove a mailbox (its mail stays)")
    m.add_argument("name")
    m = ms.add_parser("test", parents=[common], help="one line: can sign in, how many new")
    m.add_argument("name")
    m = ms.add_parser("fetch", parents=[common], help="take in new mail once")
    m.add_argument("name", nargs="?")
    m.add_argument("--json", action="store_true")
    p = sub.add_parser("mail", parents=[common], help="fetch and send mail")
    ms = p.add_subparsers(dest="mail_command", metavar="ACTION", required=True)
    m = ms.add_parser(
        "send", parents=[common], help="send the queued replies and acknowledgements once"
    )
    m.add_argument("--json", action="store_true")
    m = ms.add_parser(
        "run",
        parents=[common],
        help="keep fetching (IMAP IDLE or polling) and sending until stopped (Ctrl+C)",
    )


def cmd_mailbox(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    ensure_live(app.workspace.kind, "use mailboxes")
    command = args.mailbox_command
    if command == "add":
        password = (
            getpass.getpass(f"Password for {args.imap}: ")
            if sys.stdin.isatty()
            else sys.stdin.readline().rstrip("\r\n")
        )
        box = boxes.add(
            args.name,
            imap=args.imap,
            smtp=args.smtp,
            skill=args.skill,
            address=args.address,
            password=password,
            clock=app.clock,
        )
        where = (
            "this desktop fetches and sends"
            if boxes.runs_here()
            else (
                "kept, but a sync server is configured: the server's connectors are used "
                "(lastmile-server mailbox add)"
            )
        )
        print(
            f"Mailbox {box.name} added ({box.imap_url}"
            f"{', replies by ' + box.smtp_url if box.smtp_url else ', no SMTP'}; skill "
            f"{box.skill}); {where}.",
            file=out,
        )
        return 0
    if command == "list":
        return _list(app, args, out)
    if command == "remove":
        boxes.remove(args.name)
        print(f"Mailbox {args.name} removed; its mail stays in the workspace.", file=out)
        return 0
    if command == "test":
        print(imap.test(boxes.get(args.name), kind=app.workspace.kind), file=out)
        return 0
    return _fetch(app, args, out)


def _list(_app: Application, args: argparse.Namespace, out: TextIO) -> int:
    rows = []
    for box in Mailbox.select().order_by(Mailbox.name):
        rows.append(
            {
                "name": box.name,
                "imap": box.imap_url,
                "smtp": box.smtp_url,
                "skill": box.skill,
                "address": box.address,
                "state": box.state,
                "last_error": box.last_error,
                "fetched": box.fetched,
                "last_uid": box.last_uid,
                "checked_at": box.checked_at.isoformat() if box.checked_at else None,
            }
        )
    if args.json:
        json.dump(rows, out)
        out.write("\n")
        return 0
    if not rows:
        print("No mailboxes (lastmile mailbox add NAME --imap imaps://user@host/INBOX).", file=out)
    for row in rows:
        state = f"{row['state']}: {row['last_error']}" if row["last_error"] else row["state"]
        print(
            f"{row['name']:<16} {row['imap']}  skill {row['skill']}  {row['fetched']} taken "
            f"in  [{state}]",
            file=out,
        )
    return 0


def _fetch(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    names = [args.name] if args.name else [b.name for b in Mailbox.select()]
    reports, failed = [], 0
    for name in names:
        try:
            report = imap.fetch_once(
                boxes.get(name), app.intake, kind=app.workspace.kind, now=app.clock.now()
            )
        except imap.MailboxUnavailable as exc:
            print(f"lastmile: mailbox {name}: {exc}", file=sys.stderr)
            failed += 1
            continue
        reports.append(report)
        if not args.json:
            print(
                f"{name}: {report.new} new, {report.duplicates} already here"
                + "".join(f"\n  not readable: {u}" for u in report.unreadable),
                file=out,
            )
    if args.json:
        json.dump([r.as_json() for r in reports], out)
        out.write("\n")
    return 1 if failed else 0


def cmd_mail(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    ensure_live(app.workspace.kind, "send mail")
    if args.mail_command == "send":
        if not boxes.runs_here():
            raise UserFacingError("this workspace syncs with a server: the server sends")
        sender = smtp.Sender(app.db, kind=app.workspace.kind)
        sender.recover(app.clock.now())
        report = sender.send_due(app.clock.now())
        if args.json:
            json.dump(report.as_json(), out)
            out.write("\n")
        else:
            waiting = Outbound.select().where(Outbound.state == "queued").count()
            print(
                f"Sent {report.sent}; {report.retrying} to retry; {len(report.failed)} not "
                f"sent; {waiting} waiting.",
                file=out,
            )
            for line in report.failed:
                print(f"  not sent: {line}", file=out)
        return 0
    from desktop.channels.service import MailService

    service = MailService(app)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    service.start()
    print(
        f"Fetching {Mailbox.select().count()} mailbox(es) and sending; Ctrl+C stops.",
        file=out,
        flush=True,
    )
    try:
        stopped.wait()
    except KeyboardInterrupt:
        pass
    finally:
        service.stop()
    return 0


HANDLERS = {"mailbox": cmd_mailbox, "mail": cmd_mail}
