"""Calling the API function as API Gateway would."""

import json
from dataclasses import dataclass
from typing import Any

from lobbykit.local.apigw import http_api_event


class FakeLambdaContext:
    function_name = "ApiFunction"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:eu-west-2:123456789012:function:ApiFunction"
    aws_request_id = "test-request"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


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
    result = lambda_handler(event, FakeLambdaContext())
    return ApiResponse(result["statusCode"], result.get("headers", {}), result.get("body", ""))
