"""Reading request bodies the same way on every route: size-limited, JSON or a posted form.

powertools' event does the decoding (``decoded_body`` undoes API Gateway's base64, ``json_body``
parses it); this adds the size limit and turns what cannot be read into a message for a person.
The client's address is the event's too: ``request_context.http.source_ip``.
"""

from typing import Any
from urllib.parse import parse_qs

from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from lobbykit.domain.errors import InvalidInput, PayloadTooLarge

MAX_BODY_BYTES = 16 * 1024


def text_body(event: BaseProxyEvent, limit: int = MAX_BODY_BYTES) -> str:
    """The body as text; ``UnicodeDecodeError`` if it is not UTF-8, ``PayloadTooLarge`` past ``limit``
    bytes."""
    text = event.decoded_body or ""
    if len(text.encode()) > limit:
        raise PayloadTooLarge(
            f"That is more than we can accept ({limit // 1024} KB). Please shorten what you wrote."
        )
    return text


def json_body(event: BaseProxyEvent, limit: int = MAX_BODY_BYTES) -> Any:
    """The JSON document sent (``None`` for an empty body)."""
    try:
        text_body(event, limit)
        return event.json_body
    except ValueError as error:  # not JSON, or not UTF-8 (a UnicodeDecodeError is a ValueError)
        raise InvalidInput(
            "Please send the form as JSON: what arrived could not be read.", code="invalid_json"
        ) from error


def form_body(event: BaseProxyEvent) -> dict[str, str]:
    """A posted HTML form (application/x-www-form-urlencoded): last value of each field."""
    try:
        text = text_body(event)
    except UnicodeDecodeError as error:
        raise InvalidInput("The form could not be read. Please try again.", code="invalid_form") from error
    return {key: values[-1] for key, values in parse_qs(text, keep_blank_values=True).items()}
