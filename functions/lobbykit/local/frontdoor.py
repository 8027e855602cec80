"""The local stack's HTTP front door, playing API Gateway's HTTP API.

Each request becomes a payload-2.0 event for the API function and its proxy response is written
back as API Gateway would: status, headers, ``multiValueHeaders``, ``cookies`` as Set-Cookie
headers, base64 bodies decoded. Bodies over ``MAX_BODY_BYTES`` are refused before the function
runs. The local-only ``/_dev/...`` routes are answered here, never by the function.
One log line per request: method, path, status and time. Never the query string or the body:
they hold postcodes, names and email addresses; nor a token in the path (a confirmation link's
token sends a letter), which shows as ``{token}``.

A ``POST`` to a local-only route (``dev_posts``) hands the route the request's JSON body; the
route's answer is the 200 reply, and a body it cannot read (``InvalidInput``) the usual 400 JSON error.
"""

import base64
import json
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from aws_lambda_powertools import Logger

from lobbykit.application.errors import INTERNAL_ERROR, error_body
from lobbykit.domain.errors import InvalidInput
from lobbykit.local.apigw import http_api_event, merge_headers
from lobbykit.local.functions import outside_functions

logger = Logger(service="lobbykit", child=True)

MAX_BODY_BYTES = 1024 * 1024  # API Gateway allows 10 MB; nothing the product takes comes close
# A refused body up to API Gateway's own limit is read and dropped before answering: a client
# still sending when the connection closes sees "connection reset", not the 413.
DRAIN_BYTES = 10 * 1024 * 1024
HOP_BY_HOP = frozenset({"content-length", "transfer-encoding", "connection", "keep-alive"})

InvokeApi = Callable[[dict[str, Any]], Any]
DevPost = Callable[[Any], Any]  # the request's JSON body → the JSON reply
# A long URL-safe path segment with a capital or an underscore: a random token, never a slug
# (campaign slugs are lower case).
TOKEN_SEGMENT = re.compile(r"/(?=[A-Za-z0-9_-]*[A-Z_])[A-Za-z0-9_-]{20,}(?=/|$)")


@dataclass
class HttpResponse:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    close: bool = False


class Refused(Exception):
    """A request the front door answers itself, as API Gateway would, without the function."""

    def __init__(self, response: HttpResponse) -> None:
        super().__init__(response.status)
        self.response = response


def json_response(status: int, body: Any, close: bool = False) -> HttpResponse:
    payload = json.dumps(body, ensure_ascii=False).encode()
    return HttpResponse(status, [("Content-Type", "application/json")], payload, close)


def from_lambda(result: Any) -> HttpResponse:
    """A Lambda proxy result as API Gateway (payload 2.0) turns it into an HTTP response."""
    if not isinstance(result, dict) or "statusCode" not in result:
        return json_response(200, result)  # API Gateway's reading of a bare JSON result
    multi = {name.lower(): values for name, values in (result.get("multiValueHeaders") or {}).items()}
    headers = [
        (name, str(value))
        for name, value in (result.get("headers") or {}).items()
        if name.lower() not in multi
    ]
    headers += [(name, str(value)) for name, values in multi.items() for value in values]
    headers = [(name, value) for name, value in headers if name.lower() not in HOP_BY_HOP]
    headers += [("Set-Cookie", cookie) for cookie in result.get("cookies") or []]
    body = result.get("body") or ""
    raw = base64.b64decode(body) if result.get("isBase64Encoded") else str(body).encode()
    return HttpResponse(int(result["statusCode"]), headers, raw)


class FrontDoor:
    """Serves on ``host:port`` (port 0: any free one; ``url`` tells which) in daemon threads."""

    def __init__(
        self,
        invoke_api: InvokeApi,
        dev_routes: Mapping[str, Callable[[], Any]],
        port: int = 0,
        host: str = "127.0.0.1",
        max_body: int = MAX_BODY_BYTES,
        dev_posts: Mapping[str, DevPost] | None = None,
    ) -> None:
        self.invoke_api = invoke_api
        self.dev_routes = dev_routes
        self.dev_posts = dev_posts or {}
        self.max_body = max_body
        self._server = _Server((host, port), _Handler, self)
        self._thread = threading.Thread(target=self._server.serve_forever, name="front-door", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()

    def respond(
        self, method: str, target: str, headers: dict[str, str], body: bytes | None, client: str
    ) -> HttpResponse:
        parts = urlsplit(target)
        path = parts.path or "/"
        if method in ("GET", "HEAD") and path in self.dev_routes:
            return json_response(200, self.dev_routes[path]())
        if method == "POST" and path in self.dev_posts:
            return _dev_post(self.dev_posts[path], body)
        event = http_api_event(method, path, query=parts.query, headers=headers, body=body, source_ip=client)
        return from_lambda(self.invoke_api(event))


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], door: FrontDoor
    ) -> None:
        self.door = door
        super().__init__(address, handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 60  # an idle keep-alive connection is closed after a minute
    server: _Server

    def __getattr__(self, name: str) -> Any:
        """Every method reaches the function (PUT, TRACE, QUERY...), as API Gateway passes them on.

        The function answers an unrouted one with a 404; http.server alone would answer 501, a
        server fault the fuzz tests rightly refuse.
        """
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)

    def _handle(self) -> None:
        started = time.monotonic()
        door = self.server.door
        try:
            body = self._body(door.max_body)
            headers = merge_headers(self.headers.items())
            response = door.respond(self.command, self.path, headers, body, self.client_address[0])
        except Refused as refused:
            response = refused.response
        except Exception:
            logger.exception("the local stack could not answer a request")
            response = json_response(500, INTERNAL_ERROR)
        self._write(response)
        path = TOKEN_SEGMENT.sub("/{token}", urlsplit(self.path).path)
        elapsed = round((time.monotonic() - started) * 1000)
        logger.info(
            f"{self.command} {path} {response.status} {elapsed} ms",
            extra=outside_functions(method=self.command, path=path, status=response.status, ms=elapsed),
        )

    def _body(self, limit: int) -> bytes | None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._chunked(limit) or None
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise Refused(
                _error(400, "invalid_request", "The request's Content-Length is not a number.")
            ) from None
        if length > limit:
            if length <= DRAIN_BYTES:
                self._discard(length)
            raise Refused(_too_large(limit))
        return self.rfile.read(length) if length > 0 else None

    def _chunked(self, limit: int) -> bytes:
        """A body sent in chunks, without a Content-Length, read to its end (trailers dropped)."""
        body, seen = bytearray(), 0
        while True:
            try:
                size = int(self.rfile.readline(1024).split(b";")[0], 16)
            except ValueError:
                raise Refused(
                    _error(400, "invalid_request", "The request's chunked body is malformed.")
                ) from None
            if size == 0:
                break
            seen += size
            if seen > DRAIN_BYTES:
                raise Refused(_too_large(limit))
            chunk = self.rfile.read(size)
            self.rfile.readline(1024)
            if seen <= limit:
                body += chunk
        while self.rfile.readline(1024) not in {b"\r\n", b"\n", b""}:
            pass
        if seen > limit:
            raise Refused(_too_large(limit))
        return bytes(body)

    def _discard(self, length: int) -> None:
        while length > 0:
            chunk = self.rfile.read(min(length, 64 * 1024))
            if not chunk:
                return
            length -= len(chunk)

    def _write(self, response: HttpResponse) -> None:
        try:
            self.send_response(response.status)
            for name, value in response.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            if response.close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client left; nothing to tell it

    def log_message(self, format: str, *args: Any) -> None:
        """Replaced by one structured line per request in ``_handle`` (no query strings)."""


def _dev_post(route: DevPost, body: bytes | None) -> HttpResponse:
    try:
        payload = json.loads(body or b"")
    except ValueError:
        return json_response(400, {"error": "invalid_json", "message": "Please send a JSON body."})
    try:
        return json_response(200, route(payload))
    except InvalidInput as error:  # a body the route cannot read; anything else is the usual 500
        return json_response(400, error_body(error))


def _too_large(limit: int) -> HttpResponse:
    return _error(
        413,
        "payload_too_large",
        f"That is more than we can take in one go ({limit / 1_048_576:g} MB at most). "
        "Please shorten it and try again.",
    )


def _error(status: int, code: str, message: str) -> HttpResponse:
    """Refused before the body was read: the connection closes, since its body is still unread."""
    return json_response(status, {"error": code, "message": message}, close=True)
