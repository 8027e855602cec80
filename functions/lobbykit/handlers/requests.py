"""Reading request bodies the same way on every route: size-limited, JSON or a posted form."""

import base64
import json
from typing import Any
from urllib.parse import parse_qs

from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from lobbykit.domain.errors import InvalidInput, PayloadTooLarge

MAX_BODY_BYTES = 16 * 1024


def source_ip(event: BaseProxyEvent) -> str:
    """The client's address as API Gateway saw it (never stored: only hashed, for rate limits)."""
    context = event.get("requestContext") or {}
    return str((context.get("http") or {}).get("sourceIp") or "unknown")


def raw_body(event: BaseProxyEvent, limit: int = MAX_BODY_BYTES) -> bytes:
    body = event.body or ""
    raw = base64.b64decode(body) if event.is_base64_encoded else body.encode()
    if len(raw) > limit:
        raise PayloadTooLarge(
            f"That is more than we can accept ({limit // 1024} KB). Please shorten what you wrote."
        )
    return raw


def json_body(event: BaseProxyEvent, limit: int = MAX_BODY_BYTES) -> Any:
    raw = raw_body(event, limit)
    try:
        return json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidInput(
            "Please send the form as JSON: what arrived could not be read.", code="invalid_json"
        ) from error


def form_body(event: BaseProxyEvent) -> dict[str, str]:
    """A posted HTML form (application/x-www-form-urlencoded): last value of each field."""
    try:
        text = raw_body(event).decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput("The form could not be read. Please try again.", code="invalid_form") from error
    return {key: values[-1] for key, values in parse_qs(text, keep_blank_values=True).items()}
