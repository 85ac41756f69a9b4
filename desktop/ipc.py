"""Reaching the running window of a workspace from another process (e.g. `lastmile call`).

The window listens on a local socket (QLocalServer: a Unix domain socket in the
workspace folder, a named pipe on Windows). Messages are one JSON object per
line; the window answers with one JSON line. Plain sockets here: no Qt below ui/.
"""

from __future__ import annotations

import hashlib
import json
import socket
import sys
from pathlib import Path
from typing import Any

from models.errors import UserFacingError


def endpoint(root: Path) -> str:
    """The QLocalServer name for a workspace: a socket path, or a pipe name on Windows."""
    if sys.platform == "win32":
        return "lastmile-" + hashlib.sha1(str(root.resolve()).encode()).hexdigest()[:16]
    return str(root.resolve() / "window.sock")


def send(root: Path, message: dict[str, Any], timeout: float = 3.0) -> dict[str, Any]:
    """Send one message to the running window; raises UserFacingError if none listens."""
    data = (json.dumps(message) + "\n").encode()
    name = endpoint(root)
    try:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            with open(rf"\\.\pipe\{name}", "r+b", buffering=0) as pipe:
                pipe.write(data)
                reply = pipe.readline()
        else:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(timeout)
                sock.connect(name)
                sock.sendall(data)
                reply = b""
                while not reply.endswith(b"\n"):
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    reply += chunk
    except (OSError, TimeoutError) as exc:
        raise UserFacingError(
            f"no Lastmile window is running on {root} ({exc.strerror or exc})"
        ) from None
    try:
        answer = json.loads(reply)
    except ValueError:
        raise UserFacingError("the running window gave no answer") from None
    return answer if isinstance(answer, dict) else {"answer": answer}
