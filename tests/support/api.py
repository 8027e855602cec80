"""Calling the API function as API Gateway would."""

import json
from dataclasses import dataclass, field
from typing import Any

from lobbykit.handlers.api import lambda_handler
from lobbykit.local.apigw import http_api_event
from lobbykit.local.lambda_context import LocalLambdaContext


@dataclass
class ApiResponse:
    status: int
    headers: dict[str, str]
    body: str
    cookies: list[str] = field(default_factory=list)  # Set-Cookie values (HTTP API v2 "cookies")

    def json(self) -> Any:
        return json.loads(self.body)


def lambda_context(function: str = "ApiFunction", timeout: float = 10) -> LocalLambdaContext:
    """The context Lambda would give ``function`` of a stack named ``test``."""
    return LocalLambdaContext(
        f"test-{function}", f"arn:aws:lambda:eu-west-2:123456789012:function:test-{function}", timeout
    )


def call_api(
    method: str,
    path: str,
    query: str = "",
    body: Any = None,
    headers: dict[str, str] | None = None,
    source_ip: str = "198.51.100.7",
) -> ApiResponse:
    """A body for ``/api/`` goes as JSON, with its ``Content-Type``, unless ``headers`` name one."""
    raw = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body)
    headers = dict(headers or {})
    if raw is not None and path.startswith("/api/") and not any(h.lower() == "content-type" for h in headers):
        headers["Content-Type"] = "application/json"
    event = http_api_event(method, path, query=query, headers=headers, body=raw, source_ip=source_ip)
    result = lambda_handler(event, lambda_context())
    return ApiResponse(
        result["statusCode"], result.get("headers", {}), result.get("body", ""), result.get("cookies", [])
    )
