"""Calling the API function as API Gateway would."""

import json
from dataclasses import dataclass
from typing import Any

from lobbykit.local.apigw import http_api_event
from lobbykit.local.lambda_context import LocalLambdaContext


@dataclass
class ApiResponse:
    status: int
    headers: dict[str, str]
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


def call_api(
    method: str,
    path: str,
    query: str = "",
    body: Any = None,
    headers: dict[str, str] | None = None,
    source_ip: str = "198.51.100.7",
) -> ApiResponse:
    from lobbykit.handlers.api import lambda_handler

    raw = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body)
    event = http_api_event(method, path, query=query, headers=headers, body=raw, source_ip=source_ip)
    context = LocalLambdaContext(
        "test-ApiFunction", "arn:aws:lambda:eu-west-2:123456789012:function:test-ApiFunction", 10
    )
    result = lambda_handler(event, context)
    return ApiResponse(result["statusCode"], result.get("headers", {}), result.get("body", ""))
