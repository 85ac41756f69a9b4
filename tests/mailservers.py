"""Real mail servers for the tests: Dovecot (IMAP, from Debian's dovecot-imapd, run as a
normal process on a free local port) and aiosmtpd (SMTP), both started by the suite.

The fixtures ``dovecot`` (one per test module; mail delivered stays for the module) and
``smtp_server`` (one per test, running) are registered for every test by tests/conftest.py:
a test names them, it never builds its own."""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from email.message import Message
from email.parser import BytesParser
from email.policy import default
from pathlib import Path
from typing import Any

import pytest

USER, PASSWORD = "agent", "agentpass"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int, up: bool, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            s.settimeout(0.2)
            reachable = s.connect_ex(("127.0.0.1", port)) == 0
        if reachable == up:
            return
        time.sleep(0.05)
    raise AssertionError(f"port {port} did not go {'up' if up else 'down'}")


class Dovecot:
    """One Dovecot with one user; stop() and start() keep its mail (a server restart)."""

    def __init__(self) -> None:
        binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
        if not Path(binary).exists():
            pytest.fail(
                "these tests need Dovecot: apt-get install dovecot-imapd "
                "(.ci/system-deps.sh installs it)"
            )
        self.binary = binary
        # outside pytest's 0700 folders: Dovecot reads the mail as an unprivileged user
        self.dir = Path(tempfile.mkdtemp(prefix="lastmile-dovecot-"))
        self.dir.chmod(0o755)
        self.port = free_port()
        if os.getuid() == 0:
            user, group = "nobody", "nogroup"
        else:
            user = pwd.getpwuid(os.getuid()).pw_name
            group = grp.getgrgid(os.getgid()).gr_name
        for sub in ("run", "state", "mail", "home"):
            (self.dir / sub).mkdir()
        (self.dir / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        d = self.dir
        (d / "dovecot.conf").write_text(f"""
protocols = imap
listen = 127.0.0.1
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
ssl = no
disable_plaintext_auth = no
mail_uid = {user}
mail_gid = {group}
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
mail_location = maildir:{d}/mail/%u
passdb {{
  driver = passwd-file
  args = {d}/passwd
}}
userdb {{
  driver = static
  args = uid={user} gid={group} home={d}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
""")
        if os.getuid() == 0:
            shutil.chown(d / "mail", user, group)
            shutil.chown(d / "home", user, group)
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"imap://{USER}@127.0.0.1:{self.port}/INBOX"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "-F", "-c", str(self.dir / "dovecot.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for_port(self.port, up=True)
        except AssertionError:
            log = self.dir / "dovecot.log"
            raise AssertionError(
                f"Dovecot did not start: {log.read_text() if log.exists() else ''}"
            ) from None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None
            _wait_for_port(self.port, up=False)
            time.sleep(1.0)  # the master frees its pid file a moment later

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def deliver(self, raw: bytes) -> None:
        """A message arrives in the INBOX (as the mail server's delivery would put it)."""
        imap = imaplib.IMAP4("127.0.0.1", self.port)
        try:
            imap.login(USER, PASSWORD)
            kind, data = imap.append(
                "INBOX",
                "",
                imaplib.Time2Internaldate(time.time()),
                raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"),
            )
            assert kind == "OK", data
        finally:
            imap.logout()


class Smtp:
    """aiosmtpd on a free port, keeping every message it was given."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[Message] = []
        self.envelopes: list[Any] = []
        outer = self

        class Handler:
            async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
                outer.envelopes.append(envelope)
                outer.messages.append(BytesParser(policy=default).parsebytes(envelope.content))
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.running = False

    @property
    def url(self) -> str:
        return f"smtp://{USER}@127.0.0.1:{self.port}"

    def start(self) -> None:
        self.controller.start()
        self.running = True

    def stop(self) -> None:
        if self.running:
            self.controller.stop()
            self.running = False


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    server = Dovecot()
    yield server
    server.close()


@pytest.fixture
def smtp_server() -> Iterator[Smtp]:
    server = Smtp()
    server.start()
    yield server
    server.stop()
