"""`lastmile sync`: one sync cycle. Training workspaces are refused before anything else."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from desktop.errors import UserFacingError
from desktop.training.guard import ensure_live
from desktop.workspace import Workspace, detect_kind, resolve_root
from models.database import get_meta, open_database


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    sub.add_parser("sync", parents=[common], help="run one sync cycle with the server")


def cmd_sync(_app: Any, args: argparse.Namespace, out: TextIO) -> int:
    root = resolve_root(args.workspace)
    kind = detect_kind(root)
    # the guard runs before the database is even opened as live
    ensure_live(kind, "sync")
    ws = Workspace(root, kind)
    db = open_database(ws.database_path, kind=kind, create=False)
    try:
        server = get_meta("server_url")
    finally:
        db.close()
    if not server:
        raise UserFacingError(
            "no sync server is configured for this workspace; the sync "
            "client is not part of this version yet (see issue 3)"
        )
    raise UserFacingError(f"cannot reach {server}")


HANDLERS = {"sync": cmd_sync}
WITHOUT_APP = {"sync"}
