"""Encryption at rest (issue 11): an encrypted workspace holds no readable byte of what it
keeps (database, WAL, backups), every command and the window still work on it, a missing
or wrong key is one line, decrypt gives the same rows back, and an interrupted encrypt
loses nothing. Through the real CLI (in subprocesses where the program's own start
matters), with real files; keys in an owner-only secrets file (LASTMILE_SECRETS_FILE),
the keychain's stand-in on a machine without one.
"""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import cli, encryption
from desktop.workspace import Workspace
from models.database import SQLITE_HEADER, connect, is_encrypted
from tests.conftest import contact_record, open_app

ROOT = Path(__file__).resolve().parent.parent
NAME = "Zebulon Quaxworthy"
EMAIL = "zebulon.q@example.net"
TEXT = "my parrot Cornelius Wobblebottom ate the invoice"
NEEDLES = (b"Quaxworthy", b"Wobblebottom", EMAIL.encode())
POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and signals")


@pytest.fixture(autouse=True)
def secrets_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Keys go to an owner-only file here (and in the subprocesses, which inherit it)."""
    path = tmp_path / "keys" / "secrets.json"
    monkeypatch.setenv("LASTMILE_SECRETS_FILE", str(path))
    yield path
    logger = logging.getLogger("lastmile")  # the CLI pointed it at the workspace
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    logger.propagate = True


def run(*argv: str) -> tuple[int, str, str]:
    """One command in this process."""
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(cli.parse_args(list(argv)), out, err)
    assert "Traceback" not in err.getvalue()
    return code, out.getvalue(), err.getvalue()


def program(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real program as a subprocess."""
    proc = subprocess.run(
        [sys.executable, "-m", "ui.main", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def records(tmp_path: Path) -> Path:
    """A morning's file: the unusual customer's message among ordinary ones."""
    lines = [
        contact_record(
            1, sender={"name": NAME, "email": EMAIL}, subject="Eaten invoice", body=TEXT
        ),
        *(contact_record(n) for n in range(2, 12)),
    ]
    path = tmp_path / "morning.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    return path


def filled(tmp_path: Path, *, encrypted: bool = False) -> Path:
    """A workspace with an agent and the morning imported (in this process, fast)."""
    ws = tmp_path / "ws"
    assert run("init", "--workspace", str(ws), *(["--encrypted"] if encrypted else []))[0] == 0
    assert (
        run(
            "agent",
            "add",
            "ana",
            "--name",
            "Ana Lead",
            "--role",
            "supervisor",
            "--workspace",
            str(ws),
        )[0]
        == 0
    )
    code, out, err = run("import", str(records(tmp_path)), "--workspace", str(ws))
    assert code == 0, out + err
    return ws


def counts(path: Path) -> dict[str, int]:
    """Rows in every table, read with the key kept for the file (if it is encrypted)."""
    conn = encryption.connect(path, mode="ro")
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


def beside(ws: Path) -> list[str]:
    """The database's files in the workspace folder, less SQLite's own -wal/-shm."""
    return sorted(
        p.name
        for p in ws.iterdir()
        if p.name.startswith("lastmile.sqlite3") and not p.name.endswith(("-wal", "-shm"))
    )


def readable(path: Path) -> list[bytes]:
    data = path.read_bytes()
    return [n for n in NEEDLES if n in data]


def test_encrypted_workspace_keeps_no_readable_byte_and_every_command_works(
    tmp_path: Path, secrets_file: Path
) -> None:
    ws = filled(tmp_path)
    db = ws / "lastmile.sqlite3"
    assert run("backup", "--workspace", str(ws))[0] == 0
    (old_backup,) = (ws / "backups").iterdir()
    assert readable(db) and readable(old_backup)  # plain: the test can see them
    before = counts(db)

    proc = program("encrypt", "--workspace", str(ws))
    assert proc.returncode == 0, proc.stderr
    assert "Encrypted" in proc.stdout and "lastmile key export" in proc.stdout
    assert "1 backup(s)" in proc.stdout
    assert is_encrypted(db) and not db.read_bytes().startswith(SQLITE_HEADER)
    assert readable(db) == [] and readable(old_backup) == []  # the old backup too
    assert beside(ws) == ["lastmile.sqlite3"]  # no plain copy left beside it
    assert counts(db) == before
    if os.name == "posix":
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
        assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
        assert stat.S_IMODE(ws.stat().st_mode) == 0o700

    # the commands: queue, card, sync status, check, a new backup
    proc = program("queue", "--json", "--workspace", str(ws))
    assert proc.returncode == 0 and "Eaten invoice" in proc.stdout, proc.stderr
    assert "new client id" not in proc.stderr  # still the same sync client
    code, out, err = run("customer", "--email", EMAIL, "--workspace", str(ws))
    assert code == 0 and NAME in out and TEXT in out, err
    assert run("sync", "--status", "--workspace", str(ws))[0] == 0
    code, out, err = run("check", "--workspace", str(ws))
    assert code == 0 and "no damage found" in out, err
    code, out, err = run("backup", "--workspace", str(ws))
    assert code == 0 and "encrypted with this workspace's key" in out, err
    for copy in (ws / "backups").iterdir():
        assert is_encrypted(copy) and readable(copy) == [], copy
        assert encryption.key_id(copy) == encryption.key_id(db)  # one key for all
        if os.name == "posix":
            assert stat.S_IMODE(copy.stat().st_mode) == 0o600

    # while the workspace is open and written, its WAL is encrypted as well
    app = open_app(ws)
    try:
        app.intake.ingest(
            [(1, contact_record(40, sender={"name": NAME, "email": EMAIL}, body=TEXT + " again"))]
        )
        from models.queries import search_messages

        assert len(search_messages(app.db, "Wobblebottom")) == 2  # the full-text index works
        wal = ws / "lastmile.sqlite3-wal"
        assert wal.stat().st_size > 0
        assert readable(wal) == []
    finally:
        app.close()

    # the window opens it (the real program, offscreen)
    shot = tmp_path / "window.png"
    proc = program(
        "--no-crash-dialog", "--agent", "ana", "--screenshot", str(shot), "--workspace", str(ws)
    )
    assert proc.returncode == 0, proc.stderr
    assert shot.stat().st_size > 10_000

    # and back: decrypt gives a plain workspace with the same rows
    encrypted_rows = counts(db)
    proc = program("decrypt", "--workspace", str(ws))
    assert proc.returncode == 0 and "Decrypted" in proc.stdout, proc.stderr
    assert db.read_bytes().startswith(SQLITE_HEADER) and not is_encrypted(db)
    assert counts(db) == encrypted_rows
    assert b"Wobblebottom" in db.read_bytes()
    proc = program("queue", "--json", "--workspace", str(ws))
    assert proc.returncode == 0 and "Eaten invoice" in proc.stdout
    assert "new client id" not in proc.stderr


def one_line(text: str) -> str:
    assert text.count("\n") == 1 and "Traceback" not in text, text
    return text


def test_a_missing_or_wrong_key_is_one_line_and_the_key_backup_brings_it_back(
    tmp_path: Path, secrets_file: Path
) -> None:
    ws = filled(tmp_path, encrypted=True)
    db = ws / "lastmile.sqlite3"
    code, exported, _ = run("key", "export", "--workspace", str(ws))
    assert code == 0 and exported.startswith("lastmile-workspace-key ")
    kept = secrets_file.read_text()
    secrets_file.write_text("{}")  # a new machine, or a lost keychain

    proc = program("queue", "--workspace", str(ws))
    line = one_line(proc.stderr)
    assert proc.returncode == 1 and proc.stdout == ""
    assert str(db) in line and f"the secrets file {secrets_file}" in line
    assert "lastmile key import FILE" in line
    proc = program("--no-crash-dialog", "--workspace", str(ws))  # the window
    assert proc.returncode == 1 and str(db) in one_line(proc.stderr)
    code, _, err = run("check", "--workspace", str(ws))
    assert code == 1 and "no key for it is kept" in one_line(err)
    code, _, err = run("backup", "--workspace", str(ws))
    assert code == 1 and "is not in the secrets file" in one_line(err)
    code, _, err = run("decrypt", "--workspace", str(ws))
    assert code == 1 and "lastmile key import" in one_line(err)

    # a wrong key under its name: said as such, not as damage
    key_name = f"lastmile-workspace-key|{encryption.key_id(db)}"
    secrets_file.write_text(json.dumps({key_name: "ab" * 32}))
    code, _, err = run("queue", "--workspace", str(ws))
    assert code == 1 and "does not open it" in one_line(err)

    # the key's own backup brings it back
    secrets_file.write_text("{}")
    saved = tmp_path / "key.txt"
    saved.write_text(exported)
    assert json.loads(kept)  # (what the machine had)
    code, out, _ = run("key", "import", str(saved), "--workspace", str(ws))
    assert code == 0 and f"It opens {db}" in out, out
    code, out, err = run("queue", "--json", "--workspace", str(ws))
    assert code == 0 and "Eaten invoice" in out, err
    code, _, err = run("key", "import", str(records(tmp_path)), "--workspace", str(ws))
    assert code == 1 and "not a Lastmile key" in err


def test_init_encrypted_is_encrypted_from_the_first_page(tmp_path: Path) -> None:
    ws = tmp_path / "new"
    proc = program("init", "--encrypted", "--workspace", str(ws))
    assert proc.returncode == 0 and "It is encrypted" in proc.stdout, proc.stderr
    db = ws / "lastmile.sqlite3"
    assert is_encrypted(db)
    code, _, err = run("seed", "--customers", "30", "--contacts", "200", "--workspace", str(ws))
    assert code == 0, err
    data = db.read_bytes()
    assert b"CREATE TABLE" not in data and b"workspace_meta" not in data
    assert counts(db)["contact"] == 200
    if os.name == "posix":
        assert stat.S_IMODE(db.stat().st_mode) == 0o600


def _kill_at(ws: Path, step: str, command: str = "encrypt") -> subprocess.CompletedProcess[str]:
    """`lastmile encrypt`'s (or decrypt's) work, SIGKILLed just before the given step."""
    code = (
        "import os, signal, sys\n"
        "from desktop import encryption\n"
        "from pathlib import Path\n"
        "from desktop.workspace import Workspace\n"
        "def steps(name):\n"
        f"    if name == {step!r}:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        f"encryption.{command}(Workspace(Path({str(ws)!r})), steps=steps)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )


@POSIX
@pytest.mark.parametrize("step", ["copy", "check", "swap", "check-in-place", "tidy"])
def test_an_encrypt_killed_at_any_step_loses_nothing_and_is_finished_by_the_next(
    tmp_path: Path, step: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = filled(tmp_path)
    db = ws / "lastmile.sqlite3"
    before = counts(db)
    proc = _kill_at(ws, step)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    swapped = step in ("check-in-place", "tidy")
    assert is_encrypted(db) == swapped
    assert counts(db) == before  # the workspace opens, every row there
    capsys.readouterr()
    code, out, err = run("queue", "--json", "--workspace", str(ws))
    assert code == 0 and "Eaten invoice" in out
    if swapped:  # the plain copy kept during the swap is still there: said, not silent
        assert "interrupted 'lastmile encrypt'" in capsys.readouterr().err
    code, out, err = run("encrypt", "--workspace", str(ws))
    assert code == 0, err
    assert is_encrypted(db) and counts(db) == before
    assert beside(ws) == ["lastmile.sqlite3"]
    assert readable(db) == []


@POSIX
def test_a_decrypt_killed_after_the_swap_is_finished_by_the_next(tmp_path: Path) -> None:
    ws = filled(tmp_path, encrypted=True)
    db = ws / "lastmile.sqlite3"
    before = counts(db)
    assert _kill_at(ws, "tidy", "decrypt").returncode == -signal.SIGKILL
    assert not is_encrypted(db) and counts(db) == before
    assert (ws / "lastmile.sqlite3.before-decrypt").exists()
    code, out, err = run("decrypt", "--workspace", str(ws))
    assert code == 0 and "Finished an interrupted run" in out, out + err
    assert beside(ws) == ["lastmile.sqlite3"] and counts(db) == before


def test_a_failing_step_leaves_the_original_as_it_was(tmp_path: Path) -> None:
    ws = filled(tmp_path)
    db = ws / "lastmile.sqlite3"
    before, data = counts(db), db.read_bytes()

    def interrupted(step: str) -> None:
        if step == "swap":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        encryption.encrypt(Workspace(ws), steps=interrupted)
    assert db.read_bytes() == data and counts(db) == before
    assert encryption.tidy(db) == ["removed the unfinished copy lastmile.sqlite3.encrypting"]
    assert beside(ws) == ["lastmile.sqlite3"]


def test_a_swap_that_never_happened_is_removed_never_overwritten(tmp_path: Path) -> None:
    """Killed between keeping the old file (a hard link) and the rename: the kept name is
    the live file itself, so tidying must only unlink it."""
    ws = filled(tmp_path)
    db = ws / "lastmile.sqlite3"
    data = db.read_bytes()
    try:
        os.link(db, ws / "lastmile.sqlite3.before-encrypt")
    except OSError:
        pytest.skip("no hard links here")
    assert encryption.tidy(db) == [
        "removed lastmile.sqlite3.before-encrypt (the swap had not happened)"
    ]
    assert db.read_bytes() == data


def test_encrypt_refuses_a_workspace_in_use(tmp_path: Path) -> None:
    """Another process has it open (a script, a window being started): not converted
    under its feet."""
    ws = filled(tmp_path)
    db = ws / "lastmile.sqlite3"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\nfrom pathlib import Path\n"
            "from desktop.app import Application\nfrom desktop.workspace import Workspace\n"
            f"app = Application.open(Workspace(Path({str(ws)!r})))\n"
            "print('open', flush=True)\nsys.stdin.read()\napp.close()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        code, _, err = run("encrypt", "--workspace", str(ws))
        assert code == 1 and "in use" in one_line(err) and "nothing was changed" in err
    finally:
        holder.communicate("", timeout=60)
    assert not is_encrypted(db)
    assert not (ws / "lastmile.sqlite3.encrypting").exists()


def test_a_backup_of_an_encrypted_workspace_restores_encrypted(tmp_path: Path) -> None:
    ws = filled(tmp_path, encrypted=True)
    db = ws / "lastmile.sqlite3"
    out = tmp_path / "elsewhere" / "copy.sqlite3"
    out.parent.mkdir()
    code, text, _ = run("backup", "--out", str(out), "--workspace", str(ws))
    assert code == 0 and is_encrypted(out) and readable(out) == []
    from desktop.backup import check

    assert check(out) == "ok"
    before = counts(db)
    app = open_app(ws)  # more work after the backup
    try:
        app.intake.ingest([(1, contact_record(77))])
    finally:
        app.close()
    code, text, err = run("restore", str(out), "--workspace", str(ws))
    assert code == 0, err
    assert "stored plain" not in text
    assert is_encrypted(db) and counts(db)["contact"] == before["contact"]
    assert run("check", "--workspace", str(ws))[0] == 0
    kept = next(ws.glob("lastmile.sqlite3.before-restore-*"))
    assert is_encrypted(kept)  # the file restore kept is the encrypted one from before


def test_decrypt_then_restore_an_old_encrypted_backup(tmp_path: Path) -> None:
    """Keys are never deleted: a backup made while the workspace was encrypted still
    opens after a decrypt (and restoring it makes the workspace encrypted again)."""
    ws = filled(tmp_path, encrypted=True)
    assert run("backup", "--workspace", str(ws))[0] == 0
    assert run("decrypt", "--workspace", str(ws))[0] == 0
    assert not is_encrypted(ws / "lastmile.sqlite3")
    code, _, err = run("restore", "--latest", "--workspace", str(ws))
    assert code == 0, err
    assert is_encrypted(ws / "lastmile.sqlite3")
    assert run("queue", "--json", "--workspace", str(ws))[0] == 0


def test_a_masked_training_copy_of_an_encrypted_workspace_is_encrypted(tmp_path: Path) -> None:
    ws = filled(tmp_path, encrypted=True)
    training = tmp_path / "practice"
    code, out, err = run(
        "training",
        "new",
        "--masked-copy-of",
        str(ws),
        "--trainee",
        "sam",
        "--workspace",
        str(training),
    )
    assert code == 0, out + err
    copy = training / "training.sqlite3"
    assert is_encrypted(copy) and readable(copy) == []
    from desktop.training.session import open_training

    app = open_training(training)
    try:
        from models.schema import Contact

        assert Contact.select().count() == 11  # masked, and encrypted with the same key
    finally:
        app.close()
    code, _, err = run("training", "reset", "--workspace", str(training))
    assert code == 0, err


def test_privacy_erase_works_on_an_encrypted_workspace(tmp_path: Path) -> None:
    ws = filled(tmp_path, encrypted=True)
    db = ws / "lastmile.sqlite3"
    key = encryption.key_id(db)
    code, out, err = run("privacy", "erase", "--email", EMAIL, "--yes", "--workspace", str(ws))
    assert code == 0, out + err
    assert encryption.key_id(db) == key  # the vacuum kept the file's key
    assert run("decrypt", "--workspace", str(ws))[0] == 0
    assert readable(db) == []  # gone, not only unreadable
    wal = db.with_name(db.name + "-wal")
    assert not wal.exists() or readable(wal) == []


def test_a_damaged_encrypted_file_is_said_as_damage(tmp_path: Path) -> None:
    ws = filled(tmp_path, encrypted=True)
    db = ws / "lastmile.sqlite3"
    conn = connect(db, key=encryption.key_for(db))
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    data = bytearray(db.read_bytes())
    pages = len(data) // 4096
    assert pages > 8
    for n in range(pages - 4, pages - 1):
        data[n * 4096 : (n + 1) * 4096] = b"\xde\xad\xbe\xef" * 1024
    db.write_bytes(bytes(data))
    code, _, err = run("check", "--workspace", str(ws))
    assert code == 1 and "is damaged" in one_line(err)


def test_a_plain_file_with_a_damaged_first_page_points_to_the_backup(tmp_path: Path) -> None:
    """Its header gone, a plain file looks encrypted: the line says both readings."""
    ws = filled(tmp_path)
    assert run("backup", "--workspace", str(ws))[0] == 0
    db = ws / "lastmile.sqlite3"
    with open(db, "r+b") as handle:
        handle.write(b"\xde\xad\xbe\xef" * 25)
    code, _, err = run("queue", "--workspace", str(ws))
    assert code == 1 and "never encrypted" in one_line(err) and "restore --latest" in err
    code, _, err = run("restore", "--latest", "--workspace", str(ws))
    assert code == 0, err
    assert run("queue", "--json", "--workspace", str(ws))[0] == 0
