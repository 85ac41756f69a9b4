"""The window's end of desktop/ipc.py: a QLocalServer that takes one JSON line per client."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from desktop import ipc

log = logging.getLogger("lastmile.ui.ipc")

Handler = Callable[[dict[str, Any]], dict[str, Any]]


class WindowListener(QObject):
    def __init__(self, root: Path, handler: Handler, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._handler = handler
        self._server = QLocalServer(self)
        self._buffers: dict[QLocalSocket, bytes] = {}
        self._server.newConnection.connect(self.on_server_new_connection)
        self.name = ipc.endpoint(root)

    def start(self) -> bool:
        # a socket left behind by a crashed window would block the name
        QLocalServer.removeServer(self.name)
        ok = self._server.listen(self.name)
        if not ok:
            log.warning("cannot listen on %s: %s", self.name, self._server.errorString())
        return ok

    def stop(self) -> None:
        self._server.close()

    def on_server_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            self._buffers[sock] = b""
            sock.readyRead.connect(lambda s=sock: self._on_ready_read(s))
            sock.disconnected.connect(lambda s=sock: self._forget(s))

    def _forget(self, sock: QLocalSocket) -> None:
        self._buffers.pop(sock, None)
        sock.deleteLater()

    def _on_ready_read(self, sock: QLocalSocket) -> None:
        self._buffers[sock] = self._buffers.get(sock, b"") + bytes(sock.readAll().data())
        if b"\n" not in self._buffers[sock]:
            return
        line, _, rest = self._buffers[sock].partition(b"\n")
        self._buffers[sock] = rest
        try:
            message = json.loads(line)
            if not isinstance(message, dict):
                raise ValueError("not an object")
            answer = self._handler(message)
        except ValueError as exc:
            answer = {"ok": False, "error": f"bad message: {exc}"}
        except Exception as exc:  # answer the caller, then let the crash handler see it
            log.exception("ipc handler failed")
            answer = {"ok": False, "error": str(exc)}
        sock.write((json.dumps(answer) + "\n").encode())
        sock.flush()
