"""`lastmile-server`: run the sync server, or manage accounts.

    lastmile-server --database postgresql://... [--host 127.0.0.1] [--port 8765]
                    [--workers N] [--ssl-certfile CERT --ssl-keyfile KEY] [--proxy-headers]
    lastmile-server user add LOGIN --role agent|supervisor|admin|trainee --team T [--team T2]
                    [--name "Ana K"]     (the first team is the home team)
    lastmile-server user teams LOGIN [--add T] [--remove T] [--role R] [--json]
    lastmile-server user set LOGIN [--role R] [--team T] [--name N] [--password]
                    [--disable | --enable]
    lastmile-server user revoke LOGIN      sign the account out everywhere
    lastmile-server user unlock LOGIN      end a lockout after failed sign-ins
    lastmile-server user list [--json]
    lastmile-server token list LOGIN [--json]   the account's sessions (id, created, state)
    lastmile-server token revoke LOGIN [--token-prefix ID]   sign out all of them, or one
                    (a lost laptop): its next sync is refused, its unsent changes kept
    lastmile-server outbound list [--json]  replies waiting, failed or needing review
    lastmile-server outbound mark-sent|resend EVENT_ID   an admin's decision on one
    lastmile-server integration add NAME --team T --channel C [--webhook URL]
                    a key for POST /v1/intake (printed once); list [--json]; remove NAME
    lastmile-server mailbox add NAME --team T --imap imaps://user@host[:port]/INBOX
                    [--smtp smtps://user@host[:port]] [--skill S] [--address A]
                    the server fetches it (password from the prompt or stdin, kept sealed);
                    list [--json]; remove NAME; test NAME (one line: log in, new mails)

Replies are sent by email when --smtp-host is given (see server/README.md):
    --smtp-host H [--smtp-port P] [--smtp-user U] --smtp-from ADDR [--smtp-starttls|--smtp-ssl]
with the SMTP password in $LASTMILE_SMTP_PASSWORD.

The database URL may also come from $LASTMILE_DATABASE_URL. Passwords are read from the
prompt, or from the first line of stdin when it is not a terminal.

Why ~540 lines: the parser declares every subcommand (users, teams, tokens, outbound,
integrations, mailboxes) in one place, so that `--help` and this usage agree; each
subcommand's work is a short function beside it, the work itself in server/accounts.py,
server/intake.py and server/channels/.
"""

from __future__ import annotations

import argparse
import getpass
import inspect
import json
import os
import sys
import uuid
from typing import Any, TextIO

from server import store
from server.channels.mail import MailboxError
from server.channels.secrets import SecretError
from server.intake import IntakeError
from server.sender import ENV_PASSWORD, SmtpConfig

ENV_URL = "LASTMILE_DATABASE_URL"


def _parser() -> argparse.ArgumentParser:
    database = argparse.ArgumentParser(add_help=False)
    database.add_argument(
        "--database",
        metavar="URL",
        default=argparse.SUPPRESS,
        help=f"postgresql:// URL (default: ${ENV_URL})",
    )
    parser = argparse.ArgumentParser(
        prog="lastmile-server",
        description=__doc__,
        parents=[database],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,  # `mailbox add --smtp URL` is not an abbreviated --smtp-host
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes sharing the database (default 1)"
    )
    parser.add_argument("--ssl-certfile", help="serve HTTPS with this certificate (PEM)")
    parser.add_argument("--ssl-keyfile", help="the certificate's private key (PEM)")
    parser.add_argument(
        "--proxy-headers",
        action="store_true",
        help="behind a reverse proxy: trust its X-Forwarded-* headers",
    )
    parser.add_argument("--log-level", default="info")
    smtp = parser.add_argument_group("sending replies by email")
    smtp.add_argument("--smtp-host", help="send accepted email replies through this server")
    smtp.add_argument(
        "--smtp-port",
        type=int,
        default=0,
        help="default 587 with --smtp-starttls, 465 with --smtp-ssl, else 25",
    )
    smtp.add_argument(
        "--smtp-user", default="", help=f"log in as this user (password from ${ENV_PASSWORD})"
    )
    smtp.add_argument(
        "--smtp-from",
        default="",
        metavar="ADDRESS",
        help='the From of every reply, e.g. "Acme Support <help@acme.example>"',
    )
    security = smtp.add_mutually_exclusive_group()
    security.add_argument(
        "--smtp-starttls",
        dest="smtp_security",
        action="store_const",
        const="starttls",
        help="upgrade the connection with STARTTLS",
    )
    security.add_argument(
        "--smtp-ssl",
        dest="smtp_security",
        action="store_const",
        const="ssl",
        help="connect with TLS from the start (SMTPS)",
    )
    sub = parser.add_subparsers(dest="command")
    user = sub.add_parser("user", help="accounts", parents=[database])
    us = user.add_subparsers(dest="user_command", required=True)
    add = us.add_parser("add", help="add an account", parents=[database])
    add.add_argument("login")
    add.add_argument("--role", required=True, choices=store.ROLES)
    add.add_argument(
        "--team",
        required=True,
        action="append",
        help="a team of the account (repeat for several; the first is its home team)",
    )
    add.add_argument("--name", help="display name (default: the login)")
    add.add_argument("--agent-id", help="the agent's id in existing desktop workspaces")
    change = us.add_parser("set", help="change an account", parents=[database])
    change.add_argument("login")
    change.add_argument("--role", choices=store.ROLES)
    change.add_argument("--team")
    change.add_argument("--name")
    change.add_argument("--password", action="store_true", help="set a new password")
    state = change.add_mutually_exclusive_group()
    state.add_argument("--disable", action="store_true")
    state.add_argument("--enable", action="store_true")
    teams = us.add_parser(
        "teams", help="show or change the teams of an account", parents=[database]
    )
    teams.add_argument("login")
    teams.add_argument("--add", action="append", default=[], metavar="TEAM")
    teams.add_argument("--remove", action="append", default=[], metavar="TEAM")
    teams.add_argument(
        "--role", choices=store.ROLES, help="the role in the added teams (default: home role)"
    )
    teams.add_argument("--json", action="store_true")
    revoke = us.add_parser("revoke", help="sign an account out everywhere", parents=[database])
    revoke.add_argument("login")
    unlock = us.add_parser("unlock", help="end a lockout after failed sign-ins", parents=[database])
    unlock.add_argument("login")
    listing = us.add_parser("list", help="list accounts", parents=[database])
    listing.add_argument("--json", action="store_true")
    token = sub.add_parser("token", help="sessions (signed-in desktops)", parents=[database])
    tk = token.add_subparsers(dest="token_command", required=True)
    tk_list = tk.add_parser("list", help="an account's sessions, newest first", parents=[database])
    tk_list.add_argument("login")
    tk_list.add_argument("--json", action="store_true")
    tk_revoke = tk.add_parser("revoke", help="sign an account's desktops out", parents=[database])
    tk_revoke.add_argument("login")
    tk_revoke.add_argument(
        "--token-prefix",
        metavar="ID",
        help="only the session whose id (from `token list`) starts so",
    )
    outbound = sub.add_parser("outbound", help="replies the server sends", parents=[database])
    ob = outbound.add_subparsers(dest="outbound_command", required=True)
    ob_list = ob.add_parser(
        "list", help="replies queued, failed or needing review", parents=[database]
    )
    ob_list.add_argument("--json", action="store_true")
    for action, what in (
        ("mark-sent", "it did go out: record it as sent"),
        ("resend", "it did not go out: queue it again"),
    ):
        decide = ob.add_parser(action, help=what, parents=[database])
        decide.add_argument("event_id")
    integration = sub.add_parser(
        "integration",
        help="keys for POST /v1/intake (chat, forms, SMS, PBX...)",
        parents=[database],
    )
    ig = integration.add_subparsers(dest="integration_command", required=True)
    ig_add = ig.add_parser(
        "add", help="a new integration; its key is printed once", parents=[database]
    )
    ig_add.add_argument("name")
    ig_add.add_argument("--team", required=True, help="the team whose queue it posts into")
    ig_add.add_argument(
        "--channel", required=True, help="email, phone, fax, chat, webform, sms, social or session"
    )
    ig_add.add_argument(
        "--webhook", default="", help="replies on sms, chat or social leave by this URL (signed)"
    )
    ig_list = ig.add_parser("list", help="the integrations", parents=[database])
    ig_list.add_argument("--json", action="store_true")
    ig_remove = ig.add_parser("remove", help="its key stops working at once", parents=[database])
    ig_remove.add_argument("name")
    mailbox = sub.add_parser(
        "mailbox", help="mailboxes the server fetches and sends through", parents=[database]
    )
    mb = mailbox.add_subparsers(dest="mailbox_command", required=True)
    mb_add = mb.add_parser(
        "add", help="a mailbox for a team (password from stdin or prompt)", parents=[database]
    )
    mb_add.add_argument("name")
    mb_add.add_argument("--team", required=True)
    mb_add.add_argument(
        "--imap", required=True, metavar="URL", help="imaps://user@host[:port]/INBOX"
    )
    mb_add.add_argument(
        "--smtp",
        default="",
        metavar="URL",
        help="smtps://user@host[:port]: replies of the team leave through it",
    )
    mb_add.add_argument("--skill", default="general")
    mb_add.add_argument("--address", default="", help="the From of replies (default: the login)")
    mb_list = mb.add_parser(
        "list", help="mailboxes with their state and last error", parents=[database]
    )
    mb_list.add_argument("--json", action="store_true")
    for action in ("remove", "test"):
        one = mb.add_parser(action, help=f"{action} one mailbox", parents=[database])
        one.add_argument("name")
    return parser


def _password(stdin: TextIO) -> str:
    if stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != first:
            raise store.StoreError("the two passwords differ")
        return first
    return stdin.readline().rstrip("\r\n")


def main(
    argv: list[str] | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    out, err, stdin = out or sys.stdout, err or sys.stderr, stdin or sys.stdin
    args = _parser().parse_args(argv)
    url = getattr(args, "database", None) or os.environ.get(ENV_URL)
    if not url:
        print(f"lastmile-server: give --database postgresql://... or set ${ENV_URL}", file=err)
        return 2
    try:
        db = store.open_store(url)
    except Exception as exc:  # the admin's environment: say what is wrong, no traceback
        print(f"lastmile-server: cannot use the database: {exc}", file=err)
        return 1
    try:
        if args.command == "user":
            return _user(db, args, out, stdin)
        if args.command == "outbound":
            return _outbound(db, args, out)
        if args.command == "token":
            return _token(db, args, out)
        if args.command == "integration":
            return _integration(db, args, out)
        if args.command == "mailbox":
            return _mailbox(db, args, out, stdin)
    except (store.StoreError, IntakeError, SecretError, MailboxError) as exc:
        print(f"lastmile-server: {exc}", file=err)
        return 1
    finally:
        db.close_all() if hasattr(db, "close_all") else db.close()
    return _serve(url, args)


def _user(db: store.Database, args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    with db.connection_context():
        if args.user_command == "add":
            store.add_user(
                db,
                args.login,
                _password(stdin),
                role=args.role,
                team=args.team,
                display_name=args.name or args.login,
                agent_id=args.agent_id or str(uuid.uuid4()),
            )
            print(
                f"Added {args.role} {args.login} in team{'s' if len(args.team) > 1 else ''} "
                f"{', '.join(args.team)}.",
                file=out,
            )
        elif args.user_command == "teams":
            if args.add or args.remove or args.role:
                teams = store.set_teams(
                    db, args.login, add=args.add, remove=args.remove, role=args.role
                )
            else:
                teams = store.teams_of(store.check_login_name(args.login))
                if not teams:
                    raise store.StoreError(f"no account {args.login!r}")
            if args.json:
                json.dump(teams, out)
                out.write("\n")
            else:
                home = next(iter(teams))
                for team, role in teams.items():
                    print(f"{team:<20} {role}{'  (home)' if team == home else ''}", file=out)
        elif args.user_command == "set":
            store.set_user(
                db,
                args.login,
                role=args.role,
                team=args.team,
                display_name=args.name,
                password=_password(stdin) if args.password else None,
                disabled=True if args.disable else (False if args.enable else None),
            )
            print(f"Changed {args.login}.", file=out)
        elif args.user_command == "revoke":
            count = store.revoke_all(store.check_login_name(args.login))
            print(f"Signed {args.login} out of {count} session(s).", file=out)
        elif args.user_command == "unlock":
            store.unlock(store.check_login_name(args.login))
            print(f"{args.login} can sign in again.", file=out)
        else:
            users = store.list_users()
            if args.json:
                json.dump(users, out, indent=2)
                out.write("\n")
            for u in [] if args.json else users:
                flag = " (disabled)" if u["disabled"] else ""
                teams = ",".join(t if r == u["role"] else f"{t}:{r}" for t, r in u["teams"].items())
                print(
                    f"{u['login']:<20} {u['role']:<10} {teams:<12} {u['display_name']}{flag}",
                    file=out,
                )
    return 0


def _token(db: store.Database, args: argparse.Namespace, out: TextIO) -> int:
    import datetime as dt

    def when(ms: int) -> str:
        return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")

    with db.connection_context():
        if args.token_command == "list":
            tokens = store.list_tokens(args.login)
            if args.json:
                json.dump(tokens, out, indent=2)
                out.write("\n")
            for t in [] if args.json else tokens:
                print(
                    f"{t['id']}  {t['state']:<8} signed in {when(t['created_at'])}, "
                    f"expires {when(t['expires_at'])}",
                    file=out,
                )
        else:
            count = store.revoke_tokens(args.login, args.token_prefix)
            print(
                f"Signed {args.login} out of {count} session(s); those desktops keep "
                "their unsent changes until they sign in again.",
                file=out,
            )
    return 0


def _outbound(db: store.Database, args: argparse.Namespace, out: TextIO) -> int:
    from server import sender

    with db.connection_context():
        if args.outbound_command == "list":
            rows = sender.listing()
            if args.json:
                json.dump(rows, out, indent=2)
                out.write("\n")
            for r in [] if args.json else rows:
                print(
                    f"{r['id']}  {r['state']:<8} {r['channel']:<7} {r['recipient']:<30} "
                    f"{r['team']:<12} {r['reason']}",
                    file=out,
                )
        else:
            state = sender.resolve(db, args.event_id, args.outbound_command)
            print(f"Reply {args.event_id} is now {state}.", file=out)
    return 0


def _integration(db: store.Database, args: argparse.Namespace, out: TextIO) -> int:
    from server import intake

    with db.connection_context():
        if args.integration_command == "add":
            key = intake.add_integration(
                db, args.name, team=args.team, channel=args.channel, webhook=args.webhook
            )
            print(
                f"Added {args.channel} integration {args.name} for team {args.team}. Its key "
                "(shown only now; POST /v1/intake with Authorization: Bearer <key>):",
                file=out,
            )
            print(key, file=out)
        elif args.integration_command == "remove":
            intake.remove_integration(db, args.name)
            print(f"Removed {args.name}: its key no longer posts.", file=out)
        else:
            rows = intake.list_integrations()
            if args.json:
                json.dump(rows, out, indent=2)
                out.write("\n")
            for r in [] if args.json else rows:
                hook = f" -> {r['webhook']}" if r["webhook"] else ""
                print(f"{r['name']:<20} {r['team']:<12} {r['channel']:<8}{hook}", file=out)
    return 0


def _mailbox(db: store.Database, args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    from server.channels import mail

    with db.connection_context():
        if args.mailbox_command == "add":
            if stdin.isatty():
                secret = getpass.getpass(f"Password of {args.imap}: ")
            else:
                secret = stdin.readline().rstrip("\r\n")
            mail.add_mailbox(
                db,
                args.name,
                team=args.team,
                imap=args.imap,
                smtp=args.smtp,
                skill=args.skill,
                address=args.address,
                password=secret,
            )
            print(
                f"Added mailbox {args.name} for team {args.team}: a running server "
                "starts fetching it within seconds.",
                file=out,
            )
        elif args.mailbox_command == "remove":
            mail.remove_mailbox(db, args.name)
            print(f"Removed mailbox {args.name}.", file=out)
        elif args.mailbox_command == "test":
            print(mail.test_mailbox(args.name), file=out)
        else:
            rows = mail.list_mailboxes()
            if args.json:
                json.dump(rows, out, indent=2)
                out.write("\n")
            for r in [] if args.json else rows:
                error = f"  {r['last_error']}" if r["last_error"] else ""
                print(
                    f"{r['name']:<16} {r['team']:<12} {r['state']:<8} {r['fetched']:>6} "
                    f"fetched  {r['imap']}{error}",
                    file=out,
                )
    return 0


def smtp_config(args: argparse.Namespace) -> SmtpConfig | None:
    """The sender's settings from the options (None: replies stay queued)."""
    if not args.smtp_host:
        return None
    if not args.smtp_from:
        raise ValueError("give --smtp-from, the address replies come from")
    return SmtpConfig(
        host=args.smtp_host,
        port=args.smtp_port,
        user=args.smtp_user,
        password=os.environ.get(ENV_PASSWORD, ""),
        from_addr=args.smtp_from,
        security=args.smtp_security or "none",
    )


def _serve(url: str, args: argparse.Namespace) -> int:
    import uvicorn

    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        print("lastmile-server: give both --ssl-certfile and --ssl-keyfile", file=sys.stderr)
        return 2
    try:
        config = smtp_config(args)
    except ValueError as exc:
        print(f"lastmile-server: {exc}", file=sys.stderr)
        return 2
    if config is not None:
        os.environ.update(config.to_env())
    os.environ[ENV_URL] = url  # the worker processes build their app from it
    extra: dict[str, Any] = {}
    if "timeout_worker_healthcheck" in inspect.signature(uvicorn.run).parameters:
        # uvicorn kills a worker that has not answered its ping within 5 s, and a worker
        # still importing the app on a busy machine does not answer: it was killed and
        # restarted for minutes (seen on a loaded 2-core machine). A minute is enough.
        extra["timeout_worker_healthcheck"] = 60
    uvicorn.run(
        "server.cli:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        proxy_headers=args.proxy_headers,
        forwarded_allow_ips="*" if args.proxy_headers else None,
        log_level=args.log_level,
        timeout_graceful_shutdown=5,  # open event streams (server/events.py) are not waited on
        **extra,
    )
    return 0


def app_from_env() -> object:
    """The app for one server process (uvicorn factory): database from the environment."""
    from server.app import create_app

    db = store.open_store(os.environ[ENV_URL])
    app = create_app(db)
    _start_sender(app, db)
    return app


def _start_sender(app: Any, db: store.Database) -> None:
    """Each server process runs a sender when SMTP is configured; they share the work
    safely (server/sender.py). It starts and stops with the app."""
    from contextlib import asynccontextmanager

    from server.channels.connectors import Connectors
    from server.channels.gateway import GatewaySender
    from server.sender import Sender

    config = SmtpConfig.from_env()
    senders = [Sender(db, config)] if config is not None else []
    # the mailboxes (IMAP IDLE or polling) and the senders of those with SMTP, picked up
    # while the server runs when one is added or removed (server/channels/connectors.py)
    connectors = Connectors(
        db,
        poll_seconds=float(os.environ.get("LASTMILE_MAIL_POLL") or 30),
        rescan_seconds=float(os.environ.get("LASTMILE_MAIL_RESCAN") or 5),
        senders=True,
    )
    gateway = GatewaySender(db)  # sms, chat and social replies by their integration's webhook
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: Any) -> Any:
        for sender in senders:
            sender.start()
        connectors.start()
        gateway.start()
        try:
            async with inner(application) as state:
                yield state
        finally:
            gateway.stop()
            connectors.stop()
            for sender in senders:
                sender.stop()

    app.router.lifespan_context = lifespan


if __name__ == "__main__":
    sys.exit(main())
