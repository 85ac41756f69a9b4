"""The HTTP intake of a desktop alone: ``lastmile intake serve``.

``POST /v1/intake`` takes the inbound format of DESIGN.md (one object, or
``{"records": [...]}`` of at most 500) from chat widgets, web forms, SMS gateways, social
listening tools, fax-to-mail gateways, online-session monitors and PBXs, each with the
key of its integration (``Authorization: Bearer lmk_...``); ``GET /v1/health``;
``GET /openapi.json``. The standard library's threading server: the FastAPI of the sync
server is not a dependency of the desktop. Each request thread writes through the
application's intake with its own SQLite connection and closes it when it is done.

Every answer is JSON. No input makes a 5xx or shows a traceback: a bad request is a 4xx
with the reason, a bad record is rejected with its position while the good ones go in.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import peewee

from desktop.app import Application
from desktop.channels.intake_openapi import OPENAPI
from desktop.channels.intake_records import IntakeDoor, Popper
from desktop.integrations import verify
from desktop.training.guard import ensure_live
from models.database import db_errors
from models.errors import UserFacingError
from models.intake_body import MAX_BODY, MAX_RECORDS, BadRequestError, records_of

log = logging.getLogger("lastmile.intake.http")

REQUEST_TIMEOUT_S = 30.0
DRAIN_LIMIT = 16 * MAX_BODY  # a bigger body is not read at all: the connection is closed
JSON_TYPES = ("application/json",)


class IntakeServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(
        self,
        app: Application,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        popper: Popper | None = None,
    ) -> None:
        ensure_live(app.workspace.kind, "the HTTP intake")
        self.app = app
        self.door = IntakeDoor(app, popper=popper) if popper else IntakeDoor(app)
        super().__init__((host, port), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> threading.Thread:
        """Serve in a background thread (tests, the window); stop with :meth:`stop`."""
        thread = threading.Thread(
            target=self.serve_forever, args=(0.1,), name="intake-http", daemon=True
        )
        thread.start()
        return thread

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.exception("intake request from %s failed", client_address)


class _Handler(BaseHTTPRequestHandler):
    server: IntakeServer
    protocol_version = "HTTP/1.1"  # keep-alive: a gateway posting a burst reuses its socket
    server_version = "Lastmile"
    default_request_version = "HTTP/1.0"  # a status line and headers even for a bad request
    sys_version = ""
    _body_read = False
    # headers and body are two writes: without this, delayed ACKs cost ~40 ms a request
    disable_nagle_algorithm = True
    timeout = REQUEST_TIMEOUT_S  # a client that stalls mid-request is dropped, not waited for

    def __getattr__(self, name: str) -> Any:
        # any other method (HEAD, OPTIONS, FOO) is a 405, not the base class's 501
        if name.startswith("do_"):
            return self._not_allowed
        raise AttributeError(name)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The base class's own refusals (a bad request line, headers too long, an HTTP
        version it does not speak) as JSON, and never as a 5xx: they are the input's."""
        status = 400 if code >= 500 else code
        self.close_connection = True
        with contextlib.suppress(OSError):  # the client is gone
            self._answer(status, {"error": message or self.responses.get(code, ("",))[0]})

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:
        try:
            if self.path == "/v1/health":
                self._answer(
                    200,
                    {
                        "ok": True,
                        "service": "lastmile-intake",
                        "workspace": self.server.app.workspace.kind,
                    },
                )
            elif self.path == "/openapi.json":
                self._answer(200, OPENAPI)
            else:
                self._answer(404, {"error": f"no such endpoint: GET {self.path}"})
        finally:
            self.server.app.db.close()  # this thread's own connection

    def do_POST(self) -> None:
        self._body_read = False
        try:
            if self.path != "/v1/intake":
                raise BadRequestError(404, f"no such endpoint: POST {self.path}")
            self._answer(*self._intake())
        except BadRequestError as exc:
            if not self._body_read:  # else its bytes would be read as the next request
                self._drain()
            self._answer(
                exc.status,
                {"error": exc.reason, "rejected": [{"position": 0, "reason": exc.reason}]},
                exc.headers,
            )
        except db_errors(peewee.PeeweeException, UserFacingError) as exc:  # SQLCipher's too
            log.warning("intake could not store a request: %s", exc)
            self._answer(
                503,
                {
                    "error": f"cannot store now: {exc}; nothing of this request "
                    "was lost that was not reported; try again"
                },
                {"Retry-After": "5"},
            )
        except Exception:  # a bug: logged with its traceback, never sent to the client
            log.exception("intake request failed")
            self._answer(500, {"error": "internal error (details in the workspace log)"})
        finally:
            self.server.app.db.close()

    def do_PUT(self) -> None:
        self._not_allowed()

    def do_DELETE(self) -> None:
        self._not_allowed()

    def do_PATCH(self) -> None:
        self._not_allowed()

    def _not_allowed(self) -> None:
        self._answer(405, {"error": f"{self.command} is not allowed here"}, {"Allow": "GET, POST"})

    def _intake(self) -> tuple[int, dict[str, Any]]:
        auth = self.headers.get("Authorization", "")
        scheme, _, key = auth.partition(" ")
        gateway = verify(key.strip()) if scheme.lower() == "bearer" else None
        if gateway is None:
            raise BadRequestError(
                401,
                "a valid integration key is needed: Authorization: Bearer "
                "lmk_... (lastmile integration add)",
                {"WWW-Authenticate": 'Bearer realm="lastmile"'},
            )
        ctype, _, params = (self.headers.get("Content-Type") or "").partition(";")
        ctype = ctype.strip().lower()
        charset = next(
            (
                p.split("=", 1)[1].strip().strip('"').lower()
                for p in params.split(";")
                if p.strip().lower().startswith("charset=")
            ),
            "utf-8",
        )
        if not (ctype in JSON_TYPES or ctype.endswith("+json")) or charset not in ("utf-8", "utf8"):
            raise BadRequestError(
                415,
                f"send JSON in UTF-8 (Content-Type: application/json), not "
                f"{self.headers.get('Content-Type') or 'nothing'!r}",
            )
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self.close_connection = True
            raise BadRequestError(411, "send a Content-Length (chunked bodies are not taken)")
        length_text = self.headers.get("Content-Length")
        if length_text is None or not length_text.isdigit():
            self.close_connection = True
            raise BadRequestError(411, "send a Content-Length")
        length = int(length_text)
        if length > MAX_BODY:
            raise BadRequestError(
                413,
                f"the body is {length} bytes; at most {MAX_BODY} are taken "
                f"in one request ({MAX_RECORDS} records)",
            )
        self._body_read = True
        try:
            body = self.rfile.read(length)
        except OSError:  # timed out or gone
            body = b""
        if len(body) < length:
            self.close_connection = True
            raise BadRequestError(400, f"the body ended after {len(body)} of {length} bytes")
        records = records_of(body)
        outcome = self.server.door.take(gateway, records)
        return outcome.status, outcome.as_json()

    def _drain(self) -> None:
        """Read a refused body away, so that the client reads our answer (a socket closed
        with unread bytes resets the connection); one too big to read closes it."""
        self._body_read = True
        length_text = self.headers.get("Content-Length") or ""
        length = int(length_text) if length_text.isdigit() else -1
        if not 0 <= length <= DRAIN_LIMIT:
            self.close_connection = True
            return
        left = length
        while left > 0:
            try:
                chunk = self.rfile.read(min(left, 65536))
            except OSError:
                chunk = b""
            if not chunk:
                self.close_connection = True
                break
            left -= len(chunk)

    def _answer(
        self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(body).encode()  # ASCII: lone surrogates of the input stay escaped
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
