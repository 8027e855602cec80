"""A threaded local HTTP server for network stubs: 127.0.0.1, a free port, JSON in and out.

Each stub answers ``handle(request)``; tests queue faults per account (``fail_next``) and read
what each real client sent (``requests``).
"""

import json
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class StubRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: Message
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def form_or_json(self) -> dict[str, Any]:
        if "json" in (self.headers.get("Content-Type") or ""):
            loaded: dict[str, Any] = self.json()
            return loaded
        return {key: values[-1] for key, values in parse_qs(self.body.decode()).items()}

    def bearer(self) -> str:
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        return token if scheme.lower() == "bearer" else ""


@dataclass
class StubResponse:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class StubServer:
    name = "stub"

    def __init__(self) -> None:
        self.requests: list[StubRequest] = []
        self.faults: dict[str, list[StubResponse]] = defaultdict(list)
        self.lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name=self.name, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> "StubServer":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.faults.clear()
            self.forget()

    def forget(self) -> None:
        """Drop what the stub's network holds (posts, sessions); accounts are kept."""

    def fail_next(self, account: str, response: StubResponse, times: int = 1) -> None:
        with self.lock:
            self.faults[account].extend([response] * times)

    def fault_for(self, account: str) -> StubResponse | None:
        with self.lock:
            queue = self.faults.get(account)
            return queue.pop(0) if queue else None

    def handle(self, request: StubRequest) -> StubResponse:
        raise NotImplementedError

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                request = StubRequest(
                    self.command, parts.path, parse_qs(parts.query), self.headers, self.rfile.read(length)
                )
                with stub.lock:
                    stub.requests.append(request)
                response = stub.handle(request)
                payload = b"" if response.body is None else json.dumps(response.body).encode()
                self.send_response(response.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in response.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:
                """Silent: tests read ``requests`` instead."""

        return Handler
