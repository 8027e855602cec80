"""Reading a JSON request body: size first, then JSON, then shape, each with its own message.

Routes read their body here, after the organiser check (a ``Depends``), rather than through a
typed body parameter: powertools validates body parameters before dependencies run, which would
let anyone without a token make the function parse a large body.
"""

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from lobbykit.domain.errors import InvalidInput

MAX_BODY_BYTES = 256 * 1024

Model = TypeVar("Model", bound=BaseModel)


class PayloadTooLarge(InvalidInput):
    code = "body_too_large"


def parse_body(body: str | None, model: type[Model]) -> Model:
    raw = body or ""
    if len(raw.encode("utf-8")) > MAX_BODY_BYTES:
        raise PayloadTooLarge(f"The request is too large: send at most {MAX_BODY_BYTES // 1024} KB.")
    try:
        document: Any = json.loads(raw)
    except ValueError as error:
        where = (
            f" (line {error.lineno}, column {error.colno})" if isinstance(error, json.JSONDecodeError) else ""
        )
        raise InvalidInput(f"The request body is not valid JSON{where}.", code="malformed_json") from None
    if not isinstance(document, dict):
        raise InvalidInput("The request body must be a JSON object, {...}.", code="malformed_json")
    try:
        return model.model_validate(document)
    except ValidationError as error:
        first = error.errors(include_url=False, include_input=False)[0]
        field = ".".join(str(part) for part in first["loc"]) or None
        raise InvalidInput(
            f"Please check {field}: {first['msg']}.", field=field, code="invalid_request"
        ) from None
