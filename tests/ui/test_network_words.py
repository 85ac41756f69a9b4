"""A server out of reach is said in words, never as "[Errno 111] Connection refused"
(issue 15): the transport names the cause from real sockets, the sync line says where and
that the desktop works offline and retries."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from desktop.app import Application
from desktop.sync.transport import HttpTransport, SyncUnavailable
from ui.sync_status import SyncController


def _failure(url: str, timeout: float = 5.0) -> SyncUnavailable:
    transport = HttpTransport(url, kind="live", timeout=timeout)
    try:
        with pytest.raises(SyncUnavailable) as caught:
            transport.get("/v1/health", {}, None)
    finally:
        transport.close()
    return caught.value


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port  # closed again: nothing listens there


@pytest.fixture
def plain_http() -> Iterator[int]:
    """A server that answers plain text (an https:// address to it fails in TLS)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def answer() -> None:
        while True:
            try:
                conn, _addr = server.accept()
            except OSError:
                return
            with conn:
                conn.recv(1024)
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    threading.Thread(target=answer, daemon=True).start()
    yield server.getsockname()[1]
    server.close()


@pytest.fixture
def silent() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield server.getsockname()[1]
    server.close()


def test_each_network_failure_has_its_words(plain_http: int, silent: int) -> None:
    port = _free_port()
    refused = _failure(f"http://127.0.0.1:{port}")
    assert (refused.where, refused.cause) == (f"127.0.0.1:{port}", "refused")
    assert str(refused) == f"server not reachable at 127.0.0.1:{port}: connection refused"

    dns = _failure("https://no-such-host.invalid")
    assert (dns.where, dns.cause) == ("no-such-host.invalid:443", "dns")

    tls = _failure(f"https://127.0.0.1:{plain_http}")
    assert tls.cause == "tls" and str(tls).startswith(
        f"server not reachable at 127.0.0.1:{plain_http}: secure connection (TLS) failed"
    )

    timeout = _failure(f"http://127.0.0.1:{silent}", timeout=0.3)
    assert timeout.cause == "timeout" and "no answer in time" in str(timeout)

    for error in (refused, dns, tls, timeout):
        assert "Errno" not in str(error) and "[" not in str(error)


def test_the_sync_line_says_offline_and_retry(workspace_app: Application, qtbot) -> None:
    port = _free_port()
    sync = SyncController(workspace_app)
    said: list[str] = []
    sync.status_changed.connect(said.append)
    try:
        sync._on_failed(_failure(f"http://127.0.0.1:{port}"))
        line = said[-1]
        assert line.startswith(
            f"○ Server not reachable at 127.0.0.1:{port} (connection refused) — working "
            "offline; will retry in "
        )
        assert "Errno" not in line and "pending" in line
        # a server error that is not the network keeps the plain offline line
        sync._on_failed(SyncUnavailable("server answered 503: busy"))
        assert said[-1].startswith("○ offline, retrying in ")
    finally:
        sync.stop()
