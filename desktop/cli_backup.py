"""`lastmile backup`, `lastmile restore`, `lastmile check`: a workspace's safety net.
They open the database file themselves (a damaged one cannot be opened as a workspace)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

from desktop import backup
from desktop.errors import UserFacingError
from desktop.workspace import Workspace, check_root, resolve_root
from models.database import is_encrypted


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "backup",
        parents=[common],
        help="a consistent copy of the workspace database, taken while it is in use",
    )
    p.add_argument(
        "--out", metavar="FILE", help="where (default: the workspace's backups folder, rotated)"
    )
    p = sub.add_parser(
        "restore",
        parents=[common],
        help="put a backup in place of the workspace database (the current one is kept beside it)",
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("file", nargs="?", metavar="FILE")
    which.add_argument("--latest", action="store_true", help="the newest rotating backup")
    p = sub.add_parser("check", parents=[common], help="check the database file for damage")
    p.add_argument("--json", action="store_true")


def _workspace(args: argparse.Namespace) -> Workspace:
    root = resolve_root(args.workspace)
    check_root(root, create=False)
    return Workspace(root)


def cmd_backup(_app: Any, args: argparse.Namespace, out: TextIO) -> int:
    ws = _workspace(args)
    path = backup.backup(ws, Path(args.out) if args.out else None)
    if not args.out:
        backup.rotate(ws, backup.setting(ws, "backup_keep", 7))
    print(f"Backed up to {path} ({path.stat().st_size / 1_048_576:.1f} MB).", file=out)
    if is_encrypted(path):
        print(
            "It is encrypted with this workspace's key: keep that key's own backup "
            "('lastmile key export') apart from it.",
            file=out,
        )
    return 0


def cmd_restore(_app: Any, args: argparse.Namespace, out: TextIO) -> int:
    ws = _workspace(args)
    from desktop import ipc

    try:
        ipc.send(ws.root, {"type": "ping"}, timeout=1.0)
    except UserFacingError:
        pass  # no window has the workspace open
    else:
        raise UserFacingError("a Lastmile window has this workspace open: close it first")
    if args.latest:
        found = backup.listed(ws)
        if not found:
            raise UserFacingError(f"no backups in {backup.backups_dir(ws)}")
        source = found[0]
    else:
        source = Path(args.file)
    was_encrypted = is_encrypted(ws.database_path)
    kept = backup.restore(ws, source)
    print(
        f"Restored {ws.database_path} from {source}; the previous file is kept as {kept}. "
        "Changes made after the backup that were synced come back with the next sync; "
        "this workspace syncs as a new desktop.",
        file=out,
    )
    if was_encrypted and not is_encrypted(ws.database_path):
        print(
            "This backup is not encrypted, so the workspace is stored plain now: "
            f"'lastmile encrypt --workspace {ws.root}' encrypts it again.",
            file=out,
        )
    return 0


def cmd_check(_app: Any, args: argparse.Namespace, out: TextIO) -> int:
    ws = _workspace(args)
    verdict = backup.check(ws.database_path)
    if args.json:
        json.dump({"database": str(ws.database_path), "result": verdict}, out)
        out.write("\n")
    elif verdict == "ok":
        print(f"{ws.database_path}: no damage found.", file=out)
    else:
        latest = backup.listed(ws)
        hint = (
            f"restore the latest backup: lastmile restore --latest --workspace {ws.root}"
            if latest
            else "no backup is there to restore"
        )
        raise UserFacingError(f"{ws.database_path} is damaged ({verdict}); {hint}")
    return 0 if verdict == "ok" else 1


HANDLERS = {"backup": cmd_backup, "restore": cmd_restore, "check": cmd_check}
WITHOUT_APP = {"backup", "restore", "check"}
