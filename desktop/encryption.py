"""Encryption at rest, optional per workspace (SQLCipher 4; see models/cipher.py).

A workspace is encrypted when its database file is: the file says so itself (it does not
start with SQLite's header). Its key is random (256 bits, never typed) and kept by
desktop/secrets.py (the system keychain, or the owner-only file of LASTMILE_SECRETS_FILE)
under the 16 bytes the encrypted file starts with (its SQLCipher salt, chosen with the
key). Every copy made with the key (rotating backups, ``backup --out``, a masked training
copy) starts with the same bytes, so it finds its key wherever the file goes. Keys are
never deleted from the keychain: old encrypted backups still need them.

``lastmile encrypt`` / ``lastmile decrypt`` convert a workspace where it is: a converted
copy beside it (``.encrypting``), checked (integrity_check, the rows of every table, the
schema), then put in place by one atomic rename while the old file is kept (a hard link,
``.before-encrypt``) until the new one passes the check again in its place; only then is
the old plain file overwritten with zeros and removed. Interrupted anywhere, the
workspace database is either the old file or the checked new one, and the next run
tidies what was left.

Why ~500 lines: the keys and the conversion of the files (encrypt, decrypt, verify,
dispose of the plain copy) must change together.
"""

from __future__ import annotations

import logging
import os
import re
import secrets as random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.errors import UserFacingError
from desktop.secrets import ENV, get_secret, set_secret, store_name
from desktop.workspace import FILE_MODE, Workspace
from models import database
from models.database import SIDECARS, db_errors, file_head, is_encrypted

log = logging.getLogger("lastmile.encryption")

SERVICE = "lastmile-workspace-key"
KEY_BYTES, SALT_BYTES = 32, 16
EXPORT_TAG = "lastmile-workspace-key"
_HEX = re.compile(r"[0-9a-fA-F]+")
Steps = Callable[[str], None]


class MissingKeyError(UserFacingError):
    """An encrypted file whose key is not kept on this machine."""


def key_id(path: Path) -> str:
    """The name of an encrypted file's key: the salt its first 16 bytes hold."""
    return file_head(path)[:SALT_BYTES].hex()  # never a second open of a file in use


def _pragma(key_hex: str, salt_hex: str) -> str:
    # a raw key with its salt: no key derivation, and the salt written into the file
    return f"x'{key_hex}{salt_hex}'"


def _is_hex(value: str, n_bytes: int) -> bool:
    return len(value) == 2 * n_bytes and _HEX.fullmatch(value) is not None


def key_for(path: Path) -> str:
    """The key of the encrypted database file at path (a models.database.KeySource), or
    one line saying which file it is, where its key was looked for and what to do."""
    path = Path(path)
    kid = key_id(path)
    try:
        value = get_secret(SERVICE, kid)
    except UserFacingError as exc:
        raise MissingKeyError(f"{path} is encrypted and its key cannot be read: {exc}") from None
    if not value or not _is_hex(value, KEY_BYTES):
        raise MissingKeyError(
            f"{path} is encrypted and its key (id {kid[:12]}) is not in {store_name()}: "
            f"import it from your key backup with 'lastmile key import FILE' (the file "
            f"'lastmile key export' wrote), or set {ENV} to the secrets file that holds it; "
            "without the key the data cannot be read (if it was never encrypted, its first "
            "page is damaged: 'lastmile restore --latest')"
        )
    return _pragma(value.lower(), kid)


def key_if_encrypted(path: Path) -> str | None:
    return key_for(path) if is_encrypted(path) else None


def connect(path: Path, **options: Any) -> Any:
    """A bare DB-API connection to a database file, encrypted or not (its key from the
    keychain): for the code that opens database files itself (backups, training)."""
    return database.connect(path, key=key_if_encrypted(path), **options)


def new_key() -> str:
    """A new random key with its salt, kept in the keychain before any file uses it."""
    key, salt = random.token_hex(KEY_BYTES), random.token_hex(SALT_BYTES)
    set_secret(SERVICE, salt, key)
    return _pragma(key, salt)


def create_encrypted(path: Path) -> None:
    """A new, empty encrypted database file (0600) with a new key; opening it as a
    workspace then builds its tables, encrypted from the first page on."""
    if path.exists() and path.stat().st_size:
        raise UserFacingError(f"{path} exists already")
    key = new_key()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    conn = database.connect(path, key=key, isolation_level=None)
    try:  # a first page, so that the file starts with its salt
        conn.execute("CREATE TABLE lastmile_new (x)")
        conn.execute("DROP TABLE lastmile_new")
    finally:
        conn.close()


# --- converting a workspace ------------------------------------------------------------


@dataclass
class Conversion:
    database: Path
    encrypted: bool
    tables: int = 0
    rows: int = 0
    seconds: float = 0.0
    copies: list[Path] = field(default_factory=list)  # backups converted as well
    problems: list[str] = field(default_factory=list)  # backups that could not be
    tidied: list[str] = field(default_factory=list)  # left by an interrupted run
    attachments: int = 0  # attachment files sealed (or opened back)


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _with_sidecars(path: Path) -> list[Path]:
    return [path, *(_side(path, s) for s in (*SIDECARS, "-journal"))]


def _shape(conn: Any) -> tuple[dict[str, int], list[tuple[str, str, str]]]:
    """Rows per table and the schema: what a converted copy must have the same of."""
    schema = sorted(
        (str(t), str(n), str(sql or ""))
        for t, n, sql in conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex%'"
        )
    )
    tables = [n for t, n, _ in schema if t == "table"]
    counts = {t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables}
    return counts, schema


def _verify(path: Path, key: str | None, expected: tuple[dict[str, int], list[Any]]) -> str:
    """'' when the file at path opens with key, passes integrity_check and holds the
    same schema and rows as expected; else what is wrong."""
    try:
        conn = database.connect(path, key=key, isolation_level=None)
        try:
            verdict = [r[0] for r in conn.execute("PRAGMA integrity_check(20)").fetchall()]
            if verdict != ["ok"]:
                return "; ".join(map(str, verdict[:5]))
            found = _shape(conn)
        finally:
            conn.close()
    except db_errors() as exc:
        return str(exc)
    if found[1] != expected[1]:
        return "the schema differs"
    if found[0] != expected[0]:
        differ = [t for t in expected[0] if found[0].get(t) != expected[0][t]]
        return "rows differ in " + ", ".join(differ[:5])
    return ""


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _scrub(path: Path) -> None:
    """Overwrite a plain database file with zeros before removing it (on a disk that
    rewrites blocks in place; SSDs and copy-on-write file systems may keep old blocks)."""
    try:
        size = path.stat().st_size
        with open(path, "r+b", buffering=0) as handle:
            chunk = b"\0" * (1 << 20)
            for start in range(0, size, len(chunk)):
                handle.write(chunk[: min(len(chunk), size - start)])
            os.fsync(handle.fileno())
    except OSError as exc:
        log.warning("could not overwrite %s before removing it: %s", path, exc)
    path.unlink(missing_ok=True)


def _dispose(kept: Path, current: Path, *, plain: bool) -> None:
    """Remove the old file kept during a swap; a plain one is overwritten first. Never
    through a hard link to the current database (the swap did not happen then)."""
    if not kept.exists():
        return
    same = current.exists() and os.path.samefile(kept, current)
    if plain and not same:
        _scrub(kept)
    kept.unlink(missing_ok=True)


def _in_use(exc: BaseException) -> UserFacingError | None:
    if "locked" in str(exc).lower() or "busy" in str(exc).lower():
        return UserFacingError(
            "the workspace is in use (a Lastmile window or command has it open): close it "
            "and try again; nothing was changed"
        )
    return None


def _keep_client(copy: Path, key: str | None, final: Path) -> None:
    """The converted copy stays the same sync client: its fingerprint names the file it
    becomes (else opening it would take it for a copy and give it a new client id)."""
    conn = database.connect(copy, key=key, isolation_level=None)
    try:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'workspace_meta'").fetchone():
            conn.execute(
                "UPDATE workspace_meta SET value = ? WHERE key = 'client_fingerprint'",
                (database._file_fingerprint(final, inode_of=copy),),
            )
    finally:
        conn.close()


def convert(
    path: Path,
    *,
    encrypt: bool,
    key: str | None = None,
    same_client: bool = False,
    steps: Steps = lambda _step: None,
) -> tuple[int, int]:
    """Encrypt (with key) or decrypt the database file at path in place; returns
    (tables, rows). same_client: the workspace database itself, which keeps its sync
    client id. The steps callback hears each step's name before it starts: 'copy',
    'check', 'swap', 'check-in-place', 'tidy'."""
    from models import cipher

    mark = "encrypt" if encrypt else "decrypt"
    source_key = None if encrypt else key_for(path)
    target_key = key if encrypt else None
    if encrypt and key is None:
        raise ValueError("encrypting needs a key")
    partial, kept = _side(path, f".{mark}ing"), _side(path, f".before-{mark}")
    for leftover in _with_sidecars(partial):
        leftover.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    try:
        try:
            conn = cipher.open_exclusive(path, source_key)
        except db_errors() as exc:
            raise _in_use(exc) or UserFacingError(f"cannot read {path}: {exc}") from None
        try:
            expected = _shape(conn)
            steps("copy")
            cipher.export(conn, partial, target_key)
        finally:
            conn.close()  # the last connection: the WAL is written back and removed
        if same_client:
            _keep_client(partial, target_key, path)
        steps("check")
        problem = _verify(partial, target_key, expected)
        if problem:
            raise UserFacingError(
                f"the {mark}ed copy of {path} did not pass its check "
                f"({problem}); nothing was changed"
            )
        wal = _side(path, "-wal")  # written back when the last connection closed
        if wal.exists() and wal.stat().st_size:
            raise UserFacingError(
                f"{path} was opened meanwhile; close it and try again; nothing was changed"
            )
    except BaseException:
        for leftover in _with_sidecars(partial):
            leftover.unlink(missing_ok=True)
        raise
    steps("swap")
    kept.unlink(missing_ok=True)
    try:
        os.link(path, kept)
    except OSError:  # no hard links here (FAT, some network folders): a copy then
        shutil.copy2(path, kept)
    for sidecar in (_side(path, s) for s in SIDECARS):
        sidecar.unlink(missing_ok=True)  # empty: nobody has the file open
    os.replace(partial, path)  # the one step that changes the workspace: atomic
    _fsync_dir(path.parent)
    steps("check-in-place")
    problem = _verify(path, target_key, expected)
    if problem:  # the checked copy is not sound where it is now: the old file goes back
        os.replace(kept, path)
        raise UserFacingError(
            f"the {mark}ed database did not pass its check in place "
            f"({problem}); the workspace is as it was"
        )
    steps("tidy")
    _dispose(kept, path, plain=encrypt)
    return len(expected[0]), sum(expected[0].values())


def tidy(path: Path) -> list[str]:
    """Finish what an interrupted encrypt or decrypt of path left: a partial copy is
    removed; a file kept during a swap is removed once the database in place is sound
    (a plain one overwritten first). Returns what was done, in words."""
    done = []
    for mark in ("encrypt", "decrypt"):
        partial, kept = _side(path, f".{mark}ing"), _side(path, f".before-{mark}")
        if partial.exists():
            for leftover in _with_sidecars(partial):
                leftover.unlink(missing_ok=True)
            done.append(f"removed the unfinished copy {partial.name}")
        if not kept.exists():
            continue
        if not path.exists():  # only the kept file is left: it is the workspace
            os.replace(kept, path)
            done.append(f"put {kept.name} back in place")
            continue
        if os.path.samefile(kept, path):  # the swap never happened
            kept.unlink()
            done.append(f"removed {kept.name} (the swap had not happened)")
            continue
        ok = (mark == "encrypt") == is_encrypted(path)
        if ok:
            try:
                conn = connect(path, isolation_level=None)
                try:
                    ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
                finally:
                    conn.close()
            except db_errors(UserFacingError):
                ok = False
        if ok:
            _dispose(kept, path, plain=mark == "encrypt")
            done.append(
                f"removed {kept.name}, the {'plain' if mark == 'encrypt' else 'encrypted'}"
                " file from before"
            )
        else:
            raise UserFacingError(
                f"an interrupted {mark} left {kept} and the database in place does not open "
                f"as it should; nothing was removed: move {kept.name} back to {path.name} "
                "by hand if the workspace does not open"
            )
    return done


def kept_copies(ws: Workspace) -> list[Path]:
    """Other copies of the workspace database kept in its folder: rotating backups and
    the files restore kept (``lastmile.sqlite3.before-restore-*``)."""
    from desktop.backup import listed

    before = ws.database_path.with_name(ws.database_path.name + ".before-restore-")
    restored = sorted(
        p for p in ws.root.glob(before.name + "*") if p.is_file() and not p.name.endswith(SIDECARS)
    )
    return [*listed(ws), *restored]


def _refuse_if_window(ws: Workspace) -> None:
    from desktop import ipc

    try:
        ipc.send(ws.root, {"type": "ping"}, timeout=1.0)
    except UserFacingError:
        return  # no window has the workspace open
    raise UserFacingError(
        "a Lastmile window has this workspace open: close it first; nothing was changed"
    )


def encrypt(ws: Workspace, *, steps: Steps = lambda _step: None) -> Conversion:
    """Encrypt a plain workspace where it is, with a new key kept in the keychain; its
    rotating backups and the files restore kept are encrypted too."""
    started = time.perf_counter()
    path = ws.database_path
    if not path.exists():
        raise UserFacingError(f"no workspace database at {path}")
    result = Conversion(path, True, tidied=tidy(path))
    if is_encrypted(path):
        result.copies = _encrypt_copies(ws, key_for(path), result.problems)
        result.attachments = _attachments(ws, key_for(path), seal=True)
        if not result.copies and not result.tidied and not result.attachments:
            raise UserFacingError(f"{path} is encrypted already")
        return result
    _refuse_if_window(ws)
    key = new_key()
    result.tables, result.rows = convert(path, encrypt=True, key=key, same_client=True, steps=steps)
    result.copies = _encrypt_copies(ws, key, result.problems)
    result.attachments = _attachments(ws, key, seal=True)
    result.seconds = time.perf_counter() - started
    log.warning("encrypted %s (%d rows)", path, result.rows)
    return result


def _encrypt_copies(ws: Workspace, key: str, problems: list[str]) -> list[Path]:
    """The plain copies kept in the workspace folder, encrypted with its key; one that
    cannot be (damaged, say) is left as it is and said."""
    done = []
    for copy in kept_copies(ws):
        if not is_encrypted(copy) and copy.stat().st_size:
            try:
                tidy(copy)
                convert(copy, encrypt=True, key=key)
            except UserFacingError as exc:
                problems.append(f"{copy} is still plain: {exc}")
                continue
            done.append(copy)
    return done


def _attachments(ws: Workspace, key: str, *, seal: bool) -> int:
    """Attachment files sealed (or opened back) with the workspace key (desktop/attachments)."""
    from desktop import attachments

    cipher = attachments.Sealed(attachments.key_bytes(key))
    return attachments.convert_all(ws.database_path.parent / "attachments", cipher, seal=seal)


def decrypt(ws: Workspace, *, steps: Steps = lambda _step: None) -> Conversion:
    """Store an encrypted workspace plain again where it is. Its encrypted backups stay
    as they are (they still open with the key, which stays in the keychain)."""
    started = time.perf_counter()
    path = ws.database_path
    if not path.exists():
        raise UserFacingError(f"no workspace database at {path}")
    result = Conversion(path, False, tidied=tidy(path))
    if not is_encrypted(path):
        if result.tidied:
            return result
        raise UserFacingError(f"{path} is not encrypted")
    key = key_for(path)  # its key is here, or one line says where it is expected
    _refuse_if_window(ws)
    result.attachments = _attachments(ws, key, seal=False)  # before the key leaves the file
    result.tables, result.rows = convert(path, encrypt=False, same_client=True, steps=steps)
    result.seconds = time.perf_counter() - started
    log.warning("decrypted %s (%d rows)", path, result.rows)
    return result


def notice(ws: Workspace) -> str | None:
    """A line to say when an encrypt or decrypt of the workspace was interrupted."""
    path = ws.database_path
    for mark in ("encrypt", "decrypt"):
        if _side(path, f".before-{mark}").exists():
            return (
                f"an interrupted 'lastmile {mark}' left a copy of {path.name} beside it; "
                f"run 'lastmile {mark} --workspace {ws.root}' again to finish"
            )
    return None


# --- the key's own backup --------------------------------------------------------------


def export_line(path: Path) -> str:
    """The key of an encrypted database as one line to keep elsewhere (paper, a
    password manager): the only way back to the data if this machine's keychain is lost."""
    if not is_encrypted(path):
        raise UserFacingError(f"{path} is not encrypted: it has no key")
    pragma = key_for(path)
    key_hex, salt_hex = pragma[2 : 2 + 2 * KEY_BYTES], pragma[2 + 2 * KEY_BYTES : -1]
    return f"{EXPORT_TAG} {salt_hex} {key_hex}"


def import_line(text: str) -> str:
    """Keep a key from an exported line in the keychain; returns its id."""
    words = text.split()
    if (
        len(words) != 3
        or words[0] != EXPORT_TAG
        or not _is_hex(words[1], SALT_BYTES)
        or not _is_hex(words[2], KEY_BYTES)
    ):
        raise UserFacingError(
            f"not a Lastmile key: expected one line '{EXPORT_TAG} <32 hex "
            "digits> <64 hex digits>' as 'lastmile key export' writes it"
        )
    salt, key = words[1].lower(), words[2].lower()
    set_secret(SERVICE, salt, key)
    return salt


def opens(path: Path) -> bool:
    """Whether the key kept for the encrypted file at path opens it."""
    try:
        conn = connect(path, mode="ro", isolation_level=None)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except db_errors(UserFacingError):
        return False
    return True
