"""`lastmile-server`: run the sync server, or manage accounts.

    lastmile-server --database postgresql://... [--host 127.0.0.1] [--port 8765]
                    [--ssl-certfile CERT --ssl-keyfile KEY]
    lastmile-server --database ... user add LOGIN --role agent --team T --name "Ana K"
        (password from the prompt, or from stdin when it is not a terminal)
"""

from __future__ import annotations

import argparse
import getpass
import sys
import uuid

from server import store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lastmile-server", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True, help="postgresql:// URL")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--ssl-certfile")
    parser.add_argument("--ssl-keyfile")
    sub = parser.add_subparsers(dest="command")
    user = sub.add_parser("user", help="accounts")
    us = user.add_subparsers(dest="user_command", required=True)
    add = us.add_parser("add", help="add an account")
    add.add_argument("login")
    add.add_argument("--role", required=True, choices=store.ROLES)
    add.add_argument("--team", required=True)
    add.add_argument("--name", help="display name (default: the login)")
    add.add_argument("--agent-id", help="the agent's id in the desktops' workspaces")
    args = parser.parse_args(argv)
    try:
        db = store.connect(args.database)
        store.migrate(db)
    except Exception as exc:
        print(f"lastmile-server: cannot use the database: {exc}", file=sys.stderr)
        return 1
    if args.command == "user":
        password = (getpass.getpass("Password: ") if sys.stdin.isatty()
                    else sys.stdin.readline().rstrip("\n"))
        try:
            store.add_user(db, args.login, password, role=args.role, team=args.team,
                           display_name=args.name or args.login,
                           agent_id=args.agent_id or str(uuid.uuid4()))
        except Exception as exc:
            print(f"lastmile-server: {exc}", file=sys.stderr)
            return 1
        print(f"Added {args.role} {args.login} in team {args.team}.")
        return 0
    import uvicorn

    from server.app import create_app

    uvicorn.run(create_app(db), host=args.host, port=args.port,
                ssl_certfile=args.ssl_certfile, ssl_keyfile=args.ssl_keyfile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
