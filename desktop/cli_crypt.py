"""`lastmile encrypt`, `lastmile decrypt`, `lastmile key export|import`: encryption at rest
(desktop/encryption.py). They open the database file themselves: an encrypted workspace
whose key is missing cannot be opened as a workspace, and these are the way back."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from desktop import encryption
from desktop.errors import UserFacingError
from desktop.secrets import store_name
from desktop.workspace import FILE_MODE, Workspace, check_root, detect_kind, resolve_root
from models.database import is_encrypted

STEPS = {
    "copy": "copying",
    "check": "checking the copy",
    "swap": "putting it in place",
    "check-in-place": "checking it in place",
    "tidy": "removing the old file",
}


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    sub.add_parser(
        "encrypt",
        parents=[common],
        help="encrypt the workspace database (key kept in the keychain); its backups too",
    )
    sub.add_parser(
        "decrypt", parents=[common], help="store the workspace database unencrypted again"
    )
    p = sub.add_parser(
        "key", parents=[common], help="back up or bring back the key of an encrypted workspace"
    )
    key_sub = p.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    e = key_sub.add_parser(
        "export",
        parents=[common],
        help="write the key as one line, to "
        "keep apart from the workspace (paper, a password manager)",
    )
    e.add_argument("--out", metavar="FILE", help="a file readable by you only (default: print it)")
    i = key_sub.add_parser(
        "import",
        parents=[common],
        help="keep a key written by 'key export' in this machine's keychain",
    )
    i.add_argument("file", metavar="FILE", help="the exported key ('-': read it from stdin)")


def _workspace(args: argparse.Namespace) -> Workspace:
    root = resolve_root(args.workspace)
    check_root(root, create=False)
    return Workspace(root, detect_kind(root))


def _progress(err: TextIO) -> encryption.Steps:
    return lambda step: print(f"  {STEPS.get(step, step)}…", file=err, flush=True)


def _tidied(result: encryption.Conversion, out: TextIO) -> None:
    for line in result.tidied:
        print(f"Finished an interrupted run: {line}.", file=out)


def cmd_encrypt(_app: Any, args: argparse.Namespace, out: TextIO) -> int:
    ws = _workspace(args)
    result = encryption.encrypt(ws, steps=_progress(sys.stderr))
    _tidied(result, out)
    if result.rows or result.tables:
        print(
            f"Encrypted {result.database} ({result.tables} tables, {result.rows:,} rows, "
            f"{result.seconds:.1f} s). Its key is kept in {store_name()}.",
            file=out,
        )
        print(
            f"Back the key up now, apart from the workspace: 'lastmile key export --out "
            f"FILE --workspace {ws.root}'. Without it the data cannot be read.",
            file=out,
        )
    if result.copies:
        print(f"Encrypted {len(result.copies)} backup(s) kept in the workspace as well.", file=out)
    if result.attachments:
        print(f"Encrypted {result.attachments} attachment file(s).", file=out)
    for problem in result.problems:
        print(f"lastmile: warning: {problem}", file=sys.stderr)
    return 0


def cmd_decrypt(_app: Any, args: argparse.Namespace, out: TextIO) -> int:
    ws = _workspace(args)
    result = encryption.decrypt(ws, steps=_progress(sys.stderr))
    _tidied(result, out)
    if result.rows or result.tables:
        print(
            f"Decrypted {result.database} ({result.tables} tables, {result.rows:,} rows, "
            f"{result.seconds:.1f} s): it is stored plain now. Backups made while it was "
            f"encrypted stay encrypted; their key stays in {store_name()}.",
            file=out,
        )
    if result.attachments:
        print(f"Decrypted {result.attachments} attachment file(s).", file=out)
    return 0


def cmd_key(_app: Any, args: argparse.Namespace, out: TextIO) -> int:
    ws = _workspace(args)
    if args.key_command == "export":
        line = encryption.export_line(ws.database_path)
        if not args.out:
            print(line, file=out)
            return 0
        target = Path(args.out).expanduser()
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(line + "\n")
            os.chmod(target, FILE_MODE)
        except OSError as exc:
            raise UserFacingError(f"cannot write {target}: {exc.strerror or exc}") from None
        print(
            f"Wrote the key of {ws.database_path} to {target} (readable by you only). "
            "Keep it apart from the workspace and its backups.",
            file=out,
        )
        return 0
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserFacingError(f"cannot read {args.file}: {exc}") from None
    kid = encryption.import_line(text)
    print(f"Kept key {kid[:12]} in {store_name()}.", file=out)
    path = ws.database_path
    if is_encrypted(path):
        if encryption.key_id(path) != kid:
            print(f"It is not the key of {path} (it may be a backup's).", file=out)
        elif not encryption.opens(path):
            raise UserFacingError(f"the key does not open {path}")
        else:
            print(f"It opens {path}.", file=out)
    return 0


HANDLERS = {"encrypt": cmd_encrypt, "decrypt": cmd_decrypt, "key": cmd_key}
WITHOUT_APP = {"encrypt", "decrypt", "key"}
