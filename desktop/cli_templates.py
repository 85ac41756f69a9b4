"""`lastmile template ...`: reply and acknowledgement templates per channel and language."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from desktop.app import Application
from desktop.ops import templates as template_ops
from desktop.ops.templates import add_template
from models.schema import CHANNELS, Template

KNOWN = template_ops.KNOWN  # the placeholders that fill (desktop/ops/templates.py)


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("template", parents=[common], help="reply and acknowledgement templates")
    ts = p.add_subparsers(dest="template_command", metavar="ACTION", required=True)
    t = ts.add_parser("add", parents=[common], help="add a template")
    t.add_argument("name")
    t.add_argument("--body", required=True, help="text with {placeholders}")
    t.add_argument("--channel", default="", choices=["", *CHANNELS])
    t.add_argument("--language", default="en")
    t.add_argument("--purpose", default="reply", choices=["reply", "ack"])
    t = ts.add_parser("list", parents=[common], help="list templates")
    t.add_argument("--json", action="store_true")


def cmd_template(app: Application, args: argparse.Namespace, out: TextIO) -> int:
    if args.template_command == "add":
        add_template(
            app.mutator,
            name=args.name,
            body=args.body,
            channel=args.channel,
            language=args.language,
            purpose=args.purpose,
        )
        print(f"Added {args.purpose} template {args.name!r}.", file=out)
        return 0
    rows = list(Template.select().order_by(Template.purpose, Template.language, Template.name))
    if args.json:
        json.dump(
            [
                {
                    "id": t.id,
                    "name": t.name,
                    "channel": t.channel,
                    "language": t.language,
                    "purpose": t.purpose,
                    "body": t.body,
                }
                for t in rows
            ],
            out,
            ensure_ascii=False,
        )
        out.write("\n")
    else:
        for t in rows:
            print(f"{t.purpose:<6} {t.language:<3} {t.channel or 'any':<8} {t.name}", file=out)
    return 0


HANDLERS = {"template": cmd_template}
