"""`lastmile alert-rule ...`, `lastmile alerts` and `lastmile alert ack`: social listening
alarms and the team's alert rules (issue 13; the method is in desktop/alerts.py). An
acknowledgement is kept for the team (desktop/ops/alerts.py)."""

from __future__ import annotations

import argparse
import json
import re
from datetime import timedelta
from typing import Any, TextIO

from desktop import alerts
from desktop.app import Application
from desktop.cli_customers import _actor
from desktop.errors import UserFacingError
from desktop.ops import alerts as alert_ops
from models.base import from_ms, iso, parse_iso, to_ms
from models.protocol.vocabulary import ALERT_RULE_KINDS
from models.schema import Alert

_RELATIVE = re.compile(r"^(\d+)\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "alert-rule", parents=[common], help="the team's alert rules (supervisors and admins)"
    )
    rs = p.add_subparsers(dest="rule_command", metavar="ACTION", required=True)
    a = rs.add_parser("add", parents=[common], help="add an alert rule")
    a.add_argument("kind", metavar="KIND", help=" | ".join(ALERT_RULE_KINDS))
    a.add_argument("--channel", default="", help="one channel (default: each channel)")
    a.add_argument("--keyword", action="extend", nargs="+", default=[], metavar="W")
    a.add_argument("--watch", action="extend", nargs="+", default=[], metavar="HANDLE")
    a.add_argument(
        "--threshold",
        help="spikes: times the baseline (default 2); influencer: followers (default 10000)",
    )
    a.add_argument("--as", dest="as_login", metavar="LOGIN", help="acting supervisor")
    a = rs.add_parser("list", parents=[common], help="list the alert rules")
    a.add_argument("--json", action="store_true")
    a = rs.add_parser("remove", parents=[common], help="remove an alert rule")
    a.add_argument("rule_id", metavar="ID")
    a.add_argument("--as", dest="as_login", metavar="LOGIN", help="acting supervisor")
    p = sub.add_parser("alerts", parents=[common], help="alerts raised (newest first)")
    p.add_argument(
        "--since", help="a time (2026-11-22T10:00Z) or an age: 30m, 24h, 7d (default 24h)"
    )
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("alert", parents=[common], help="acknowledge an alert")
    acts = p.add_subparsers(dest="alert_command", metavar="ACTION", required=True)
    a = acts.add_parser("ack", parents=[common], help="acknowledge an alert")
    a.add_argument("alert_id", metavar="ID")
    a.add_argument("--as", dest="as_login", metavar="LOGIN", help="who acknowledges")


def _threshold(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise UserFacingError(f"--threshold {text!r} is not a number") from None


def rule_json(rule: alerts.AlertRuleSpec) -> dict[str, Any]:
    return {
        "id": rule.id,
        "kind": rule.kind,
        "channel": rule.channel,
        "keywords": list(rule.keywords),
        "watch": list(rule.watch),
        "threshold": rule.threshold,
        "team": rule.team,
        "summary": rule.summary(),
    }


def cmd_alert_rule(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    if args.rule_command == "add":
        fields = alert_ops.rule_fields(
            args.kind.strip(),
            channel=args.channel,
            keywords=args.keyword,
            watch=args.watch,
            threshold=_threshold(args.threshold),
        )
        actor = _actor(app, args.as_login)
        rule_id = alert_ops.add_rule(app.mutator, fields, actor_id=actor.id)
        print(f"Added alert rule {rule_id}: {_spec(rule_id).summary()}.", file=out)
        return 0
    if args.rule_command == "remove":
        actor = _actor(app, args.as_login)
        alert_ops.remove_rule(app.mutator, args.rule_id.strip(), actor_id=actor.id)
        print(f"Removed alert rule {args.rule_id}.", file=out)
        return 0
    rules = alerts.load_rules(app.db.connection())
    if args.json:
        json.dump([rule_json(r) for r in rules], out, ensure_ascii=False)
        out.write("\n")
        return 0
    for rule in rules:
        print(f"{rule.id}  {rule.summary()}", file=out)
    if not rules:
        print("No alert rules yet (add one: lastmile alert-rule add negativity_spike).", file=out)
    return 0


def _spec(rule_id: str) -> alerts.AlertRuleSpec:
    from models.schema import AlertRule

    row = AlertRule.get_by_id(rule_id)
    return alerts.AlertRuleSpec(
        row.id,
        row.kind,
        row.channel,
        tuple(json.loads(row.keywords)),
        tuple(json.loads(row.watch)),
        row.threshold,
    )


def since_ms(text: str | None, now_ms: int) -> int:
    if not text:
        return now_ms - 24 * 3_600_000
    match = _RELATIVE.match(text.strip().lower())
    if match:
        delta = timedelta(**{_UNITS[match[2]]: int(match[1])})
        return now_ms - int(delta.total_seconds() * 1000)
    try:
        return to_ms(parse_iso(text.strip()))
    except ValueError:
        raise UserFacingError(
            f"--since {text!r} is neither a time with a zone (2026-11-22T10:00Z) nor an age "
            "(30m, 24h, 7d)"
        ) from None


def alert_json(alert: Alert) -> dict[str, Any]:
    try:
        evidence = json.loads(alert.detail or "{}")
    except ValueError:
        evidence = {}
    return {
        "id": alert.id,
        "kind": alert.kind,
        "at": iso(alert.at),
        "summary": alert.summary,
        "state": alert.state,
        "contact_id": alert.contact_id,
        "evidence": evidence,
    }


def cmd_alerts(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    now = to_ms(app.clock.now())
    since = since_ms(args.since, now)
    if app.workspace.kind == "live":  # what the window's minute sweep would have raised
        with app.db.atomic("IMMEDIATE"):
            alerts.sweep(app.db.connection(), now_ms=now)
    rows = list(
        Alert.select().where(Alert.at >= from_ms(since)).order_by(Alert.at.desc()).limit(1000)
    )
    if args.json:
        json.dump([alert_json(a) for a in rows], out, ensure_ascii=False)
        out.write("\n")
        return 0
    for alert in rows:
        mark = " " if alert.state == "open" else "✓"
        by = alert_json(alert)["evidence"].get("acknowledged_by") if mark != " " else None
        said = f" (acknowledged by {by})" if by else ""
        print(
            f"{mark} {iso(alert.at)}  {alert.kind:<16} {alert.summary}{said}  [{alert.id}]",
            file=out,
        )
    if not rows:
        print(f"No alerts since {iso(from_ms(since))}.", file=out)
    return 0


def cmd_alert(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    from desktop.reads import signed_in_teams

    actor = _actor(app, args.as_login)
    alert_id = args.alert_id.strip()
    done = alert_ops.acknowledge(app.mutator, alert_id, actor_id=actor.id, by=actor.display_name)
    if not done:
        print(f"Alert {alert_id} was acknowledged already.", file=out)
    elif not signed_in_teams():
        print(f"Acknowledged alert {alert_id}.", file=out)
    elif alert_ops.for_the_team(Alert.get_by_id(alert_id), actor.role, actor.id):
        print(f"Acknowledged alert {alert_id} (for the team at the next sync).", file=out)
    else:
        print(
            f"Acknowledged alert {alert_id} on this desktop only: the team's alarms are "
            "acknowledged for the team by a supervisor or an admin.",
            file=out,
        )
    return 0


HANDLERS = {"alert-rule": cmd_alert_rule, "alerts": cmd_alerts, "alert": cmd_alert}
