"""`lastmile training ...`: scenario packs and training workspaces from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from desktop.errors import UserFacingError
from desktop.training.scenario import find_scenario, list_scenarios, validate_file
from desktop.workspace import resolve_root

EXIT_OK, EXIT_ERROR = 0, 1


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("training", parents=[common], help="training workspaces and scenarios")
    ts = p.add_subparsers(dest="training_command", metavar="ACTION", required=True)
    t = ts.add_parser("new", parents=[common], help="create a training workspace")
    source = t.add_mutually_exclusive_group(required=True)
    source.add_argument("--scenario", metavar="NAME", help="a scenario pack (name or .json file)")
    source.add_argument("--masked-copy-of", metavar="LIVE_WORKSPACE_DIR")
    t.add_argument("--trainee", metavar="LOGIN", help="who practises (default: the pack's)")
    t.add_argument("--trainee-name", metavar="NAME", help="their name as customers see it")
    ts.add_parser("list", parents=[common], help="list the scenario packs")
    t = ts.add_parser("validate", parents=[common], help="check a scenario file")
    t.add_argument("file")
    ts.add_parser("reset", parents=[common], help="back to the starting point")
    t = ts.add_parser("feedback", parents=[common], help="your private feedback")
    t.add_argument("--json", action="store_true")
    t.add_argument("--export", metavar="FILE", help="write it to a .md or .json file")


def run_training(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Training commands open their own (training) workspace, never a live one."""
    command = args.training_command
    if command == "list":
        broken: list[str] = []
        for s in list_scenarios(broken):
            print(f"{s.name:<18} {s.title} — {len(s.contacts)} contacts", file=out)
            print(f"{'':<18} {s.description}", file=out)
        for problem in broken:
            print(f"lastmile: scenario left out: {problem}", file=err)
        return EXIT_ERROR if broken else EXIT_OK
    if command == "validate":
        problems = validate_file(Path(args.file))
        for problem in problems:
            print(f"{args.file}: {problem}", file=err)
        if problems:
            return EXIT_ERROR
        print(f"{args.file}: valid scenario", file=out)
        return EXIT_OK
    if args.workspace is None:
        raise UserFacingError("say which training workspace: --workspace DIR")
    root = resolve_root(args.workspace)
    if command == "new":
        trainee = None
        if args.trainee:
            trainee = (args.trainee, args.trainee_name or args.trainee.capitalize())
        elif args.trainee_name:
            raise UserFacingError("--trainee-name goes with --trainee LOGIN")
        if args.scenario:
            from desktop.training.session import create_from_scenario

            path = create_from_scenario(root, find_scenario(args.scenario), trainee=trainee)
        else:
            from desktop.training.masking import masked_copy

            path = masked_copy(
                resolve_root(args.masked_copy_of),
                root,
                trainee=trainee or ("trainee", "Sam Trainee"),
                progress=lambda stage: print(f"  masking: {stage}", file=err),
            )
        print(
            f"Training workspace ready: {path}. Open it with: "
            f"lastmile --training --workspace {root}",
            file=out,
        )
        return EXIT_OK
    if command == "reset":
        from desktop.training.session import reset

        reset(root)
        print("Back to the starting point.", file=out)
        return EXIT_OK
    from desktop.training.feedback import feedback
    from desktop.training.session import info, open_training

    app = open_training(root)
    try:
        details = info()
        from models.schema import Agent

        agent = Agent.get_or_none(Agent.login == details.trainee)
        report = feedback(details.scenario, agent.id if agent else None, app.rules, app.clock.now())
    finally:
        app.close()
    if args.export:
        path = report.export(Path(args.export))
        print(f"Feedback written to {path}", file=out)
    elif args.json:
        json.dump(report.as_json(), out, indent=2)
        out.write("\n")
    else:
        out.write(report.as_markdown() + "\n")
    return EXIT_OK


def cmd_training(_app: Any, args: argparse.Namespace, out: TextIO) -> int:
    return run_training(args, out, sys.stderr)


HANDLERS = {"training": cmd_training}
WITHOUT_APP = {"training"}
