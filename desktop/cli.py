"""The command line: the same workspace for admins and scripts.

``lastmile`` with no command opens the window (see ui/main.py, which owns the
entry point so that this module never imports the GUI).

The parser's skeleton, the dispatcher (with the map of which module answers which command,
so that a command line imports only that one) and the one error contract (one line on
stderr, an exit code); the commands live in the cli_*.py modules (the core ones, init,
seed, import, queue, customer, agent and search, in cli_core.py).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from desktop.errors import UserFacingError
from desktop.workspace import (
    DB_NAME,
    Workspace,
    check_root,
    detect_kind,
    log_file,
    resolve_root,
    setup_logging,
)

# peewee, the models and desktop.app are imported by the commands that use them: the read
# commands (queue, call, search) run on a plain sqlite3 reader when the workspace is current
if TYPE_CHECKING:
    from desktop.app import Application
    from models.reader import Reader

log = logging.getLogger("lastmile.cli")

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_NOTHING = 0, 1, 2, 3


def _columns() -> int:
    """shutil.get_terminal_size's answer, without importing shutil (and bz2, lzma)."""
    import os

    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        # sys.__stdout__ is None without a console: the AttributeError below says 80
        return os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


class Parser(argparse.ArgumentParser):
    """argparse's parser with the terminal width found by us: argparse imports shutil for
    it each time it makes a formatter (every add_argument), a tenth of a command's start-up.
    Subcommand parsers are of the same class."""

    def _get_formatter(self) -> argparse.HelpFormatter:
        # typeshed's formatter_class protocol names only prog; every HelpFormatter takes width
        return self.formatter_class(prog=self.prog, width=_columns() - 2)  # type: ignore[call-arg]


class _Skipped:
    """The parser of a subcommand this command line does not name: takes every call."""

    def __getattr__(self, _name: str) -> Callable[..., _Skipped]:
        return lambda *_args, **_kwargs: self


class _OnlyOne:
    """build_parser's subcommands: with a known command word only its parser is built
    (a few milliseconds of every command line); anything else builds them all, for the
    help and the error that lists them."""

    def __init__(self, sub: Any, only: str | None) -> None:
        self._sub, self._only = sub, only

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        if self._only is None or name == self._only:
            return self._sub.add_parser(name, **kwargs)
        return _Skipped()


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    # SUPPRESS: an option given before a nested subcommand is not reset by its default
    common = Parser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument(
        "--workspace",
        metavar="DIR",
        help="workspace folder (default: $LASTMILE_WORKSPACE or the user data folder)",
    )
    common.add_argument("--json-logging", action="store_true", help=argparse.SUPPRESS)
    common.add_argument("--verbose", action="store_true", help="log debug messages")

    parser = Parser(
        prog="lastmile",
        parents=[common],
        description="Lastmile: one queue for every channel, the customer's whole story beside it.",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="fill an empty workspace with demo data before opening it",
    )
    parser.add_argument("--agent", metavar="LOGIN", help="sign in as this agent")
    parser.add_argument(
        "--training",
        action="store_true",
        help="open a training workspace (separate, never monitored, never sent)",
    )
    parser.add_argument(
        "--scenario",
        metavar="NAME",
        default="morning-mixed",
        help="scenario for a new training workspace (default morning-mixed)",
    )
    # the live window's Practice button passes the agent's name for the trainee persona
    parser.add_argument("--trainee-name", metavar="NAME", help=argparse.SUPPRESS)
    parser.add_argument("--no-crash-dialog", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--screenshot", metavar="PNG", help=argparse.SUPPRESS)
    parser.add_argument(
        "--selftest",
        action="store_true",
        help="open a demo workspace in a temporary folder, work one contact through the "
        "real window offscreen, and exit 0 when everything works (checks a bundle)",
    )
    known = command in COMMANDS
    sub: Any = _OnlyOne(
        parser.add_subparsers(dest="command", metavar="COMMAND"), command if known else None
    )

    for module in extensions(command):
        module.add_parsers(sub, common)
    return parser


EXTENSIONS = (
    "cli_core",
    "cli_routing",
    "cli_customers",
    "cli_call",
    "cli_training",
    "cli_sync",
    "cli_templates",
    "cli_mailbox",
    "cli_backup",
    "cli_tasks",
    "cli_integrations",
    "cli_privacy",
    "cli_crypt",
    "cli_supervisor",
    "cli_reports",
    "cli_alerts",
)
# which module answers which command: a command line loads only the module it needs
# (start-up time is what a PBX hook or a script pays per call); a command missing here
# still works, it loads every module
COMMANDS = {
    **{name: "cli_core" for name in ("init", "seed", "import", "queue", "customer", "agent")},
    "search": "cli_core",
    "next": "cli_routing",
    "presence": "cli_routing",
    "rules": "cli_routing",
    "call": "cli_call",
    "merge": "cli_customers",
    "unmerge": "cli_customers",
    "training": "cli_training",
    "login": "cli_sync",
    "logout": "cli_sync",
    "sync": "cli_sync",
    "template": "cli_templates",
    "mail": "cli_mailbox",
    "mailbox": "cli_mailbox",
    "backup": "cli_backup",
    "check": "cli_backup",
    "restore": "cli_backup",
    "task": "cli_tasks",
    "tasks": "cli_tasks",
    "gateway": "cli_integrations",
    "intake": "cli_integrations",
    "integration": "cli_integrations",
    "privacy": "cli_privacy",
    "encrypt": "cli_crypt",
    "decrypt": "cli_crypt",
    "key": "cli_crypt",
    "assign": "cli_supervisor",
    "floor": "cli_supervisor",
    "wallboard": "cli_supervisor",
    "report": "cli_reports",
    "alert-rule": "cli_alerts",
    "alerts": "cli_alerts",
    "alert": "cli_alerts",
}


def extensions(command: str | None = None) -> list[Any]:
    """Subcommand modules: each has add_parsers(sub, common) and a HANDLERS dict.

    With ``command``, only the one that answers it (none for a core command)."""
    import importlib

    if command in COMMANDS:
        names: tuple[str, ...] = (COMMANDS[command],)
    else:
        names = EXTENSIONS
    return [importlib.import_module(f"desktop.{name}") for name in names]


# options of the top level that take a value (to find the command word in argv)
VALUED = {"--workspace", "--agent", "--scenario", "--trainee-name", "--screenshot"}


def command_word(argv: Sequence[str]) -> str | None:
    """The subcommand named in argv, if it can be told without parsing (else None)."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word in VALUED:
            skip = True
        elif word in ("-h", "--help"):
            return None
        elif not word.startswith("-"):
            return word
    return None


COMMON_DEFAULTS = {"workspace": None, "json_logging": False, "verbose": False}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    words = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(command_word(words)).parse_args(words)
    for key, value in COMMON_DEFAULTS.items():
        if not hasattr(args, key):
            setattr(args, key, value)
    return args


def open_app(args: argparse.Namespace) -> Application:
    from desktop.app import Application
    from models.database import get_meta

    root = resolve_root(args.workspace)
    ws = Workspace(root, detect_kind(root))
    ws.ensure()
    setup_logging(ws, json_logging=args.json_logging, verbose=args.verbose)
    app = Application.open(ws)
    if get_meta("seed_state") == "started" and args.command != "seed":
        _warn_interrupted_seed(root)
    return app


def _warn_interrupted_seed(root: Path) -> None:
    log.warning("interrupted seed")
    print(
        f"lastmile: warning: a seed of {root} was interrupted; this workspace is only "
        "half filled (seed a new folder)",
        file=sys.stderr,
    )


class ReadApp:
    """What a read command needs of the application: the workspace, a reader, a clock."""

    def __init__(self, workspace: Workspace, db: Reader) -> None:
        from desktop.clock import SystemClock

        self.workspace = workspace
        self.db = db
        self.clock = SystemClock()

    def close(self) -> None:
        self.db.close()


def reads_only(args: argparse.Namespace, reads: set[str]) -> bool:
    """Whether this command line only reads what a plain reader gives (no rules, no
    routing, no writes): ``lastmile queue`` without --agent, ``search``, ``call``."""
    if args.command == "queue":
        return not args.agent
    return args.command in reads


def open_reader(args: argparse.Namespace) -> ReadApp | None:
    """The workspace opened for reading only, without peewee, when it is current (see
    models/reader.py); None when it needs the full open (which migrates, refuses...)."""
    from models.reader import open_reader as reader_of

    root = resolve_root(args.workspace)
    ws = Workspace(root, detect_kind(root))
    reader = reader_of(ws.database_path, kind=ws.kind)
    if reader is None:
        return None
    log.info("opened %s workspace %s to read", ws.kind, root)
    if reader.meta.get("seed_state") == "started":
        _warn_interrupted_seed(root)
    return ReadApp(ws, reader)


# the commands that may make a new workspace; every other one needs an existing one
CREATING = {"init", "seed", "login"}


def workspace_policy(args: argparse.Namespace) -> str:
    """'create' (may make the workspace), 'existing' (must find one) or 'none'."""
    if args.command == "training":
        # reset checks for its starting point itself (and can restore a deleted database)
        if args.training_command in ("list", "validate", "reset") or args.workspace is None:
            return "none"  # no workspace, or run_training asks for one itself
        return "create" if args.training_command == "new" else "existing"
    return "create" if args.command in CREATING else "existing"


def check_workspace(args: argparse.Namespace) -> Path | None:
    """Refuse a missing workspace (a typo must not become a new one) or a file, in one line."""
    policy = workspace_policy(args)
    if policy == "none":
        return None
    root = resolve_root(args.workspace)
    make = "lastmile training new" if args.command == "training" else "lastmile init"
    check_root(root, create=policy == "create", make=make)
    if getattr(args, "masked_copy_of", None):
        check_root(resolve_root(args.masked_copy_of), create=False)
    if root.is_dir():  # a log file from the first line on, for what goes wrong
        setup_logging(
            Workspace(root, detect_kind(root)),
            json_logging=args.json_logging,
            verbose=args.verbose,
        )
    return root


def internal_error_line(exc: BaseException) -> str:
    """One line for a bug; the traceback goes to the log file only."""
    log.error("internal error", exc_info=exc, extra={"file_only": True})
    where = log_file()
    details = f"details in {where}" if where else "no log file could be written"
    text = " ".join(f"{exc.__class__.__name__}: {exc}".split())
    return f"lastmile: internal error ({text}); {details}"


def run(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Run one subcommand; user-facing problems become one line on stderr."""
    handlers: dict[str, Callable[[Any, argparse.Namespace, TextIO], int]] = {}
    without_app: set[str] = set()
    reads: set[str] = set()  # and queue without --agent (reads_only)
    for module in extensions(args.command):
        handlers.update(module.HANDLERS)
        without_app |= getattr(module, "WITHOUT_APP", set())
        reads |= getattr(module, "READS", set())
    app: Application | ReadApp | None = None
    root: Path | None = None
    try:
        root = check_workspace(args)
        if args.command in without_app:  # opens its own workspace (e.g. training)
            return handlers[args.command](None, args, out)
        if reads_only(args, reads):
            app = open_reader(args)
        if app is None:
            app = open_app(args)
        return handlers[args.command](app, args, out)
    except UserFacingError as exc:
        print(f"lastmile: {exc}", file=err)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("lastmile: interrupted", file=err)
        return 130
    except BrokenPipeError:  # output piped into head & co.
        return EXIT_OK
    except Exception as exc:
        if not isinstance(exc, storage_errors()):  # a bug: one line, the traceback to the log
            print(internal_error_line(exc), file=err)
            return EXIT_ERROR
        from models.database import storage_error

        # the environment, if it is one we know (a full disk, a read-only folder)
        mapped = storage_error(exc, (root or Path.cwd()) / DB_NAME)
        if mapped is None and isinstance(exc, PermissionError) and exc.filename:
            mapped = UserFacingError(f"permission denied: {exc.filename}")
        print(f"lastmile: {mapped}" if mapped else internal_error_line(exc), file=err)
        return EXIT_ERROR
    finally:
        if app is not None:
            app.close()


def storage_errors() -> tuple[type[BaseException], ...]:
    """sqlite3's, SQLCipher's and peewee's errors, and OSError: those of the drivers this
    process has loaded (a read command may have loaded neither peewee nor SQLCipher)."""
    import sqlite3

    found: list[type[BaseException]] = [sqlite3.Error, OSError]
    for module, name in (("peewee", "PeeweeException"), ("sqlcipher3.dbapi2", "Error")):
        loaded = sys.modules.get(module)
        if loaded is not None:
            found.append(getattr(loaded, name))
    return tuple(found)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command is None:
        build_parser().error(
            "no command given (the window is opened by the 'lastmile' entry point)"
        )
    return run(args)
