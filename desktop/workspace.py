"""Workspaces: a folder holding the database, attachments and logs."""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from desktop.errors import UserFacingError

ENV_VAR = "LASTMILE_WORKSPACE"
DB_NAME = "lastmile.sqlite3"
TRAINING_DB_NAME = "training.sqlite3"
LOG_NAME = "lastmile.log"
# what a workspace holds is its owner's alone: customers' data, agents' notes
FOLDER_MODE, FILE_MODE = 0o700, 0o600


class Workspace(NamedTuple):
    """A workspace folder and its kind (a NamedTuple, not a dataclass: the command line
    starts without importing dataclasses and inspect)."""

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
        """Create the folders that are missing, for their owner only.

        A read-only workspace is left as it is: reading it needs no new folder.
        """
        check_root(self.root, create=True)
        for folder in (self.root, self.log_dir, self.attachments_dir):
            if folder.is_dir():
                make_private(folder, FOLDER_MODE)
                continue
            try:
                folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
            except OSError:
                if folder is self.root or is_writable(self.root):
                    raise
            else:
                make_private(folder, FOLDER_MODE)


def is_writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def make_private(path: Path, mode: int) -> None:
    """Tighten what we own to its owner only (POSIX); leave other people's files alone."""
    if os.name != "posix":
        return
    try:
        st = path.stat()
        if st.st_uid == os.getuid() and st.st_mode & 0o777 != mode:
            path.chmod(mode)
    except OSError:  # read-only file system, or not ours: nothing to tighten
        pass


def has_database(root: Path) -> bool:
    return (root / DB_NAME).is_file() or (root / TRAINING_DB_NAME).is_file()


def check_root(root: Path, *, create: bool, make: str = "lastmile init") -> None:
    """Refuse a file given as a workspace, and (unless creating) a folder with no workspace.

    A mistyped --workspace must not become a new, empty workspace.
    """
    if root.exists() and not root.is_dir():
        raise UserFacingError.said("{root} is a file, not a workspace folder", root=root)
    if create:
        return
    if not root.exists():
        raise UserFacingError.said(
            "no workspace at {root}: the folder does not exist (create one with '{make} "
            "--workspace {root}')",
            root=root,
            make=make,
        )
    if not has_database(root):
        raise UserFacingError.said(
            "no workspace at {root}: the folder holds no Lastmile database (create one with "
            "'{make} --workspace {root}')",
            root=root,
            make=make,
        )


def default_root() -> Path:
    import platformdirs  # only without --workspace and $LASTMILE_WORKSPACE

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


class PrivateLogFile(logging.FileHandler):
    """A rotating log file that only its owner can read (it names customers).

    logging.handlers.RotatingFileHandler's rotation, without importing that module (it
    loads pickle, socket and queue: a tenth of a command line's start-up): the file is
    rolled over when a record would take it past ``max_bytes``.
    """

    def __init__(
        self, filename: Path, *, max_bytes: int, backups: int, encoding: str = "utf-8"
    ) -> None:
        self.max_bytes, self.backups = max_bytes, backups
        super().__init__(filename, mode="a", encoding=encoding, delay=False)

    def _open(self) -> io.TextIOWrapper:
        os.close(os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE))
        make_private(Path(self.baseFilename), FILE_MODE)
        return super()._open()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is not None and self.max_bytes > 0:
                size = self.stream.tell() + len(self.format(record)) + len(self.terminator)
                if size >= self.max_bytes:
                    self.rollover()
        except Exception:
            self.handleError(record)
            return
        super().emit(record)

    def rollover(self) -> None:
        """lastmile.log -> lastmile.log.1 -> … -> .N (the oldest dropped), a new one opened."""
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        for i in range(self.backups - 1, 0, -1):
            older = f"{self.baseFilename}.{i}"
            if os.path.exists(older):
                os.replace(older, f"{self.baseFilename}.{i + 1}")
        if self.backups > 0 and os.path.exists(self.baseFilename):
            os.replace(self.baseFilename, f"{self.baseFilename}.1")
        self.stream = self._open()


class NotOnStderr(logging.Filter):
    """Records logged with ``extra={"file_only": True}`` (tracebacks) stay out of stderr."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, "file_only", False)


def _fallback_log_dir() -> Path:
    """Where the log goes when the workspace cannot take it (a read-only folder)."""
    import tempfile

    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"lastmile-{uid}"


def _open_log_file(ws: Workspace) -> logging.Handler | None:
    places: tuple[Callable[[], Path], ...] = (lambda: ws.log_dir, _fallback_log_dir)
    for where in places:
        folder = where()
        try:
            folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
            make_private(folder, FOLDER_MODE)
            return PrivateLogFile(
                folder / LOG_NAME, max_bytes=5_000_000, backups=3, encoding="utf-8"
            )
        except OSError:
            continue
    return None


def log_file() -> Path | None:
    """The file the 'lastmile' logger writes to, if any."""
    for handler in logging.getLogger("lastmile").handlers:
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None


def setup_logging(ws: Workspace, *, json_logging: bool = False, verbose: bool = False) -> None:
    """A rotating log file in the workspace; warnings also to stderr.

    A workspace that cannot take a log file (read-only) logs to a private folder in
    the temporary directory instead, and to none at all if that fails too: logging
    never stops a command.
    """
    root = logging.getLogger("lastmile")
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    file_handler = _open_log_file(ws) if ws.root.is_dir() else None
    if file_handler is not None:
        file_handler.setFormatter(
            JsonFormatter()
            if json_logging
            else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
        root.addHandler(file_handler)
    stream = logging.StreamHandler()
    stream.setLevel(logging.DEBUG if verbose else logging.WARNING)
    stream.setFormatter(JsonFormatter() if json_logging else logging.Formatter("%(message)s"))
    stream.addFilter(NotOnStderr())
    root.addHandler(stream)
    root.propagate = False
