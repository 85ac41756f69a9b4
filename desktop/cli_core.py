"""The core commands: init, seed, import, queue, customer, agent, search.

Their parsers and handlers, loaded by desktop/cli.py like every other cli_*.py module (a
command line imports only the module that answers it). Everything heavy is imported
inside the command that needs it: ``queue`` and ``search`` run on the plain sqlite3 reader
(models/reader.py) when the workspace is current, and pay for nothing else.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from desktop.cli import EXIT_ERROR, EXIT_NOTHING, EXIT_OK, ReadApp, open_app
from desktop.errors import UserFacingError
from desktop.workspace import Workspace, has_database, resolve_root
from models.protocol.vocabulary import CHANNELS, ROLES, STATUSES
from models.times import iso

if TYPE_CHECKING:
    from desktop.app import Application

# opens its own workspace; read on the plain reader (queue too, without --agent)
WITHOUT_APP = {"init"}
READS = {"search"}


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "init", parents=[common], help="create an empty workspace (then add agents to it)"
    )
    p.add_argument(
        "--encrypted",
        action="store_true",
        help="encrypt it from the first page on (key kept in the keychain)",
    )

    p = sub.add_parser("seed", parents=[common], help="create deterministic demo/benchmark data")
    p.add_argument("--customers", type=int, required=True)
    p.add_argument("--contacts", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--events-per-contact", type=float, default=1.6)
    p.add_argument(
        "--open-share", type=float, default=0.1, help="share of contacts still open (default 0.1)"
    )
    p.add_argument("--now", help="anchor time, ISO 8601 (default: now, to the minute)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser(
        "import",
        parents=[common],
        help="import contacts, purchases, invoices (.jsonl .json .csv .eml .mbox)",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--team", help="the team the contacts go to (an account in several; default: home team)"
    )

    p = sub.add_parser("queue", parents=[common], help="print the open queue in order")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--channel", choices=CHANNELS)
    p.add_argument("--skill")
    p.add_argument("--status", choices=STATUSES)
    p.add_argument("--assignee", metavar="LOGIN", help="LOGIN or 'unassigned'")
    p.add_argument("--team", help="only this team's contacts (an account in several teams)")
    p.add_argument(
        "--agent", metavar="LOGIN", help="show the order in which this agent would be served"
    )

    p = sub.add_parser("customer", parents=[common], help="print a customer card")
    p.add_argument("id", nargs="?")
    p.add_argument("--email")
    p.add_argument("--phone")
    p.add_argument("--handle", help="NETWORK:NAME")
    p.add_argument("--json", action="store_true")
    p.add_argument("--history", type=int, default=100, help="history items (default 100)")

    p = sub.add_parser("agent", parents=[common], help="manage agents")
    agent_sub = p.add_subparsers(dest="agent_command", metavar="ACTION", required=True)
    a = agent_sub.add_parser("add", parents=[common], help="add an agent")
    a.add_argument("login")
    a.add_argument("--name", required=True)
    a.add_argument(
        "--skills", default="", help="comma separated, optional :level, e.g. billing,tech:2"
    )
    a.add_argument("--role", choices=ROLES, default="agent")
    a.add_argument("--team", default="")
    a = agent_sub.add_parser("list", parents=[common], help="list agents")
    a.add_argument("--json", action="store_true")
    a = agent_sub.add_parser(
        "set", parents=[common], help="change an agent's skills, team, role or capacity"
    )
    a.add_argument("login")
    a.add_argument("--skills", help="replace the skills, e.g. billing:2,tech")
    a.add_argument("--team")
    a.add_argument("--role", choices=ROLES)
    a.add_argument("--name")
    a.add_argument("--capacity", help="per channel, e.g. phone=1,chat=3,email=5")
    p = sub.add_parser(
        "search",
        parents=[common],
        help="find customers (name, e-mail, phone, handle) and messages (text)",
    )
    p.add_argument("text")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=20, help="at most this many of each (default 20)")


def cmd_init(_app: None, args: argparse.Namespace, out: TextIO) -> int:
    from desktop.secrets import store_name

    root = resolve_root(args.workspace)
    if has_database(root):
        print(f"{root} already holds a workspace.", file=out)
        return EXIT_OK
    if args.encrypted:
        from desktop.encryption import create_encrypted

        create_encrypted(Workspace(root).database_path)
    app = open_app(args)
    app.close()
    print(
        f"Workspace ready: {root}. Add its first agent with "
        f"'lastmile agent add LOGIN --name NAME --role admin --workspace {root}'.",
        file=out,
    )
    if args.encrypted:
        print(
            f"It is encrypted; its key is kept in {store_name()}. Back the key up apart "
            f"from the workspace: 'lastmile key export --out FILE --workspace {root}'.",
            file=out,
        )
    return EXIT_OK


def cmd_seed(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    from datetime import UTC, datetime

    from models.database import get_meta, set_meta
    from models.schema import Agent, Contact
    from models.times import parse_iso

    if args.customers < 1 or args.contacts < 0:
        raise UserFacingError("--customers must be at least 1 and --contacts at least 0")
    if get_meta("seed_state") == "started":
        raise UserFacingError(
            f"a seed of {app.workspace.root} was interrupted and left it half filled; seed a "
            "new folder (or delete this one and seed it again)"
        )
    if Contact.select().limit(1).exists() or Agent.select().limit(1).exists():
        raise UserFacingError(f"workspace {app.workspace.root} is not empty; seed a new folder")
    try:
        now = (
            parse_iso(args.now) if args.now else datetime.now(UTC).replace(second=0, microsecond=0)
        )
    except ValueError as exc:
        raise UserFacingError(f"--now: {exc}") from None
    from desktop.seed import seed

    started = time.perf_counter()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        if not args.json and time.perf_counter() - last[0] > 2:
            last[0] = time.perf_counter()
            print(f"  {done:,} / {total:,} contacts", file=sys.stderr)

    set_meta("seed_state", "started")  # cleared when it is done: a kill leaves it flagged
    report = seed(
        app.db,
        customers=args.customers,
        contacts=args.contacts,
        seed_value=args.seed,
        now=now,
        events_per_contact=args.events_per_contact,
        open_share=args.open_share,
        progress=progress,
    )
    set_meta("seed_state", "done")
    elapsed = time.perf_counter() - started
    if args.json:
        json.dump({**report.as_json(), "seconds": round(elapsed, 2)}, out)
        out.write("\n")
    else:
        print(
            f"Seeded {report.customers:,} customers, {report.contacts:,} contacts, "
            f"{report.events:,} events, {report.agents} agents in {elapsed:.1f} s "
            f"into {app.workspace.root}",
            file=out,
        )
    return EXIT_OK


def cmd_import(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    from desktop.importer import read_file
    from desktop.intake import IntakeReport

    team = getattr(args, "team", None)
    if team is not None:
        from desktop.reads import signed_in_teams

        teams = signed_in_teams()
        if not teams:
            raise UserFacingError("--team needs a workspace signed in to a team server")
        if team not in teams:
            raise UserFacingError(f"you are not in team {team!r} (yours: {', '.join(teams)})")
    total = IntakeReport()
    started = time.perf_counter()
    for name in args.files:
        path = Path(name)
        report = app.intake.ingest(
            read_file(path, app.workspace.attachments_dir), source=str(path), team=team
        )
        total.merge(report)
    elapsed = time.perf_counter() - started
    if args.json:
        json.dump(total.as_json(), out)
        out.write("\n")
    else:
        print(
            f"Imported {total.imported:,}, skipped {total.duplicates:,} duplicates, "
            f"rejected {len(total.rejected):,} in {elapsed:.2f} s.",
            file=out,
        )
        for r in total.rejected:
            where = f"{r.source}:{r.position}" if r.source else f"record {r.position}"
            print(f"  rejected {where}: {r.reason}", file=out)
    return EXIT_ERROR if total.rejected else EXIT_OK


def cmd_search(app: Application | ReadApp, args: argparse.Namespace, out: TextIO) -> int:
    """Customers by name or identity, then messages by their text, newest first."""
    from models.queries import search_customers, search_messages

    if args.limit < 1:
        raise UserFacingError("--limit must be at least 1")
    text = args.text.strip()
    if not text:
        raise UserFacingError("say what to search for")
    customers = search_customers(app.db, text, limit=args.limit)
    messages = search_messages(app.db, text, limit=args.limit)
    if args.json:
        json.dump(
            {"customers": customers, "messages": [{**m, "at": iso(m["at"])} for m in messages]},
            out,
            ensure_ascii=False,
        )
        out.write("\n")
        return EXIT_OK if customers or messages else EXIT_NOTHING
    for c in customers:
        marks = (" ★" if c["vip"] else "") + (" ◆" if c["influencer"] else "")
        print(f"customer  {c['id']}  {c['name']}{marks}", file=out)
    for m in messages:
        snippet = " ".join((m["snippet"] or "").split())
        print(
            f"{iso(m['at'])}  {m['channel'] or '-':<8} {m['kind']:<8} contact "
            f"{m['contact_id'] or '-'}  {m['subject'] or ''} — {snippet}",
            file=out,
        )
    if not customers and not messages:
        print(f"Nothing matches {text!r}.", file=out)
        return EXIT_NOTHING
    return EXIT_OK


def _agent_id(db: Application | ReadApp, login: str) -> str:
    row = db.db.execute_sql(
        "SELECT id FROM agent WHERE login = ?", [login.strip().lower()]
    ).fetchone()
    if row is None:
        raise UserFacingError(f"no agent with login {login!r}")
    return str(row[0])


def queue_item_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "channel": row["channel"],
        "received_at": iso(row["received_at"]),
        "status": row["status"],
        "skill": row["skill"],
        "customer_id": row["customer_id"],
        "customer_name": row["customer_name"],
        "subject": row["subject"],
        "assigned_to": row["assigned_to"],
        "assignee_name": row["assignee_name"],
        "due_at": iso(row["due_at"]),
        "priority": row["priority"],
    }


def cmd_queue(app: Application | ReadApp, args: argparse.Namespace, out: TextIO) -> int:
    from models.queries import QueueFilter, queue_page, queue_rows

    if args.limit < 1:
        raise UserFacingError("--limit must be at least 1")
    assignee = None
    if args.assignee:
        assignee = "unassigned" if args.assignee == "unassigned" else _agent_id(app, args.assignee)
    flt = QueueFilter(
        channel=args.channel,
        skill=args.skill,
        status=args.status,
        assignee=assignee,
        team=args.team or None,
    )
    if args.agent:  # routing needs the rules: the full application (reads_only)
        from desktop.app import Application
        from desktop.routing import load_profile, served_order

        assert isinstance(app, Application)
        profile = load_profile(app.db, _agent_id(app, args.agent))
        ids = served_order(app.db, profile, app.rules, app.clock.now(), limit=args.limit)
    else:
        ids = [k[1] for k in queue_page(app.db, flt, limit=args.limit)]
    rows = queue_rows(app.db, ids)
    items = [queue_item_json(rows[i]) for i in ids if i in rows]
    if args.json:
        json.dump(items, out, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    now = app.clock.now()
    for item in items:
        row = rows[item["id"]]
        left = ""
        if row["due_at"] is not None:
            minutes = int((row["due_at"] - now).total_seconds() // 60)
            left = f"{minutes}m left" if minutes >= 0 else f"{-minutes}m overdue"
        print(
            f"{iso(row['received_at'])}  {row['channel']:<8} {row['status']:<8} "
            f"{row['skill']:<8} {(row['customer_name'] or '?')[:22]:<22} "
            f"{row['subject'][:40]:<40} {(row['assignee_name'] or '-')[:12]:<12} {left}",
            file=out,
        )
    if not items:
        print("The queue is empty.", file=out)
    return EXIT_OK


def cmd_customer(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    from desktop.card import card_json, find_customer, load_card

    customer = find_customer(
        customer_id=args.id, email=args.email, phone=args.phone, handle=args.handle
    )
    card = load_card(customer.id)
    data = card_json(app.db, card, history_limit=max(1, args.history))
    if args.json:
        json.dump(data, out, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    flags = [
        f
        for f, on in (
            ("VIP", data["vip"]),
            ("influencer", data["influencer"]),
            ("do not contact", data["do_not_contact"]),
        )
        if on
    ]
    print(f"{data['name']}  ({data['id']})  {' '.join(f'[{f}]' for f in flags)}", file=out)
    for ident in data["identities"]:
        print(f"  {ident['kind']:<8} {ident['value']}", file=out)
    if data["tasks"]:
        print("Open follow-ups:", file=out)
        for t in data["tasks"]:
            print(f"  {t['due_at']}  {t['title']}", file=out)
    if data["invoices"]:
        print("Invoices:", file=out)
        for i in data["invoices"]:
            print(
                f"  {i['number']:<16} {i['amount']:>10.2f} {i['currency']}  {i['state']}", file=out
            )
    if data["purchases"]:
        print("Purchases:", file=out)
        for p in data["purchases"]:
            print(f"  {p['purchased_at']}  {p['product']}", file=out)
    print("History (newest first):", file=out)
    for h in data["history"]:
        print(f"  {h['at']}  {h['channel'] or '-':<8} {h['kind']:<8} {h['summary'][:90]}", file=out)
    return EXIT_OK


def cmd_agent(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    from desktop.ops import agents as agent_ops
    from models.schema import Agent

    if args.agent_command == "add":
        agent_ops.add_agent(
            app.mutator,
            login=args.login,
            display_name=args.name,
            role=args.role,
            skills=agent_ops.parse_skills(args.skills),
            team=args.team,
        )
        print(f"Added {args.role} {args.login} ({args.name}).", file=out)
        return EXIT_OK
    if args.agent_command == "set":
        agent = Agent.get_or_none(Agent.login == args.login.strip().lower())
        if agent is None:
            raise UserFacingError(f"no agent with login {args.login!r}")
        agent_ops.update_agent(
            app.mutator,
            agent.id,
            skills=agent_ops.parse_skills(args.skills) if args.skills is not None else None,
            team=args.team,
            role=args.role,
            display_name=args.name,
            capacity=agent_ops.parse_capacity(args.capacity) if args.capacity else None,
        )
        print(f"Updated {agent.login}.", file=out)
        return EXIT_OK
    agents = list(Agent.select().order_by(Agent.login))
    if args.json:
        json.dump(
            [
                {
                    "id": a.id,
                    "login": a.login,
                    "name": a.display_name,
                    "role": a.role,
                    "team": a.team,
                    "capacity": json.loads(a.capacity or "{}"),
                    "presence": a.presence,
                    "skills": agent_ops.agent_skills(a.id),
                }
                for a in agents
            ],
            out,
            ensure_ascii=False,
        )
        out.write("\n")
        return EXIT_OK
    for a in agents:
        skills = ", ".join(f"{k}:{v}" for k, v in sorted(agent_ops.agent_skills(a.id).items()))
        print(f"{a.login:<12} {a.display_name:<22} {a.role:<10} {a.presence:<9} {skills}", file=out)
    if not agents:
        print("No agents yet.", file=out)
    return EXIT_OK


HANDLERS = {
    "init": cmd_init,
    "seed": cmd_seed,
    "import": cmd_import,
    "queue": cmd_queue,
    "customer": cmd_customer,
    "agent": cmd_agent,
    "search": cmd_search,
}
