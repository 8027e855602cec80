"""HTTP requests as API Gateway HTTP API (payload format 2.0) events.

The local stack and the tests call the Lambda handler with exactly the event API Gateway would
send, so the same code path runs locally and in AWS.
"""

import base64
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode


def merge_headers(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Repeated request headers as API Gateway passes them: one lower-case name, the values
    joined by commas (cookies by ``; ``, so they split back into the event's ``cookies``)."""
    merged: dict[str, str] = {}
    for name, value in pairs:
        key = name.lower()
        separator = "; " if key == "cookie" else ","
        merged[key] = f"{merged[key]}{separator}{value}" if key in merged else value
    return merged


def http_api_event(
    method: str,
    path: str,
    *,
    query: str | Mapping[str, str] = "",
    headers: Mapping[str, str] | None = None,
    body: bytes | str | None = None,
    source_ip: str = "127.0.0.1",
) -> dict[str, Any]:
    raw_query = query if isinstance(query, str) else urlencode(query)
    header_map = {name.lower(): value for name, value in (headers or {}).items()}
    cookies = [c.strip() for c in header_map.pop("cookie", "").split(";") if c.strip()]
    now = datetime.now(UTC)
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": raw_query,
        "headers": header_map,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "local",
            "domainName": header_map.get("host", "127.0.0.1"),
            "domainPrefix": "local",
            "http": {
                "method": method.upper(),
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": header_map.get("user-agent", ""),
            },
            "requestId": uuid.uuid4().hex,
            "routeKey": "$default",
            "stage": "$default",
            "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "timeEpoch": int(now.timestamp() * 1000),
        },
        "isBase64Encoded": False,
    }
    if cookies:
        event["cookies"] = cookies
    if raw_query:
        params: dict[str, str] = {}
        for key, value in parse_qsl(raw_query, keep_blank_values=True):
            params[key] = f"{params[key]},{value}" if key in params else value
        event["queryStringParameters"] = params
    if body is not None:
        raw = body.encode() if isinstance(body, str) else body
        try:
            event["body"] = raw.decode("utf-8")
        except UnicodeDecodeError:
            event["body"] = base64.b64encode(raw).decode()
            event["isBase64Encoded"] = True
    return event
