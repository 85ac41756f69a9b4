"""Workspaces: a folder holding the database, attachments and logs."""

from __future__ import annotations

import logging
import logging.handlers
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ENV_VAR = "LASTMILE_WORKSPACE"
DB_NAME = "lastmile.sqlite3"
TRAINING_DB_NAME = "training.sqlite3"


@dataclass(frozen=True)
class Workspace:
    root: Path
    kind: str = "live"

    @property
    def database_path(self) -> Path:
        return self.root / (DB_NAME if self.kind == "live" else TRAINING_DB_NAME)

    @property
    def log_dir(self) -> Path:
        return self.root / "logs"

    @property
    def attachments_dir(self) -> Path:
        return self.root / "attachments"

    def ensure(self) -> None:
        for folder in (self.root, self.log_dir, self.attachments_dir):
            folder.mkdir(parents=True, exist_ok=True)


def default_root() -> Path:
    return Path(platformdirs.user_data_dir("Lastmile", "Lastmile")) / "workspace"


def resolve_root(arg: str | None) -> Path:
    """--workspace wins, then $LASTMILE_WORKSPACE, then the platform's user data folder."""
    if arg:
        return Path(arg).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    return default_root()


def detect_kind(root: Path) -> str:
    """A folder holding only a training database is a training workspace."""
    if (root / TRAINING_DB_NAME).exists() and not (root / DB_NAME).exists():
        return "training"
    return "live"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        import json

        data = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data)


def setup_logging(ws: Workspace, *, json_logging: bool = False, verbose: bool = False) -> None:
    """A rotating log file in the workspace; warnings also to stderr."""
    ws.log_dir.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger("lastmile")
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    file_handler = logging.handlers.RotatingFileHandler(
        ws.log_dir / "lastmile.log", maxBytes=5_000_000, backupCount=3, encoding="utf-8"
    )
    file_handler.setFormatter(
        JsonFormatter()
        if json_logging
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root.addHandler(file_handler)
    stream = logging.StreamHandler()
    stream.setLevel(logging.DEBUG if verbose else logging.WARNING)
    stream.setFormatter(JsonFormatter() if json_logging else logging.Formatter("%(message)s"))
    root.addHandler(stream)
    root.propagate = False
