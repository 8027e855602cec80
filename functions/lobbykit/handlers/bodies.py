"""Reading an organiser's JSON request body: size first, then JSON, then its shape.

Routes read their body here, after the organiser check (a ``Depends``), rather than through a
typed body parameter: powertools validates body parameters before dependencies run, which would
let anyone without a token make the function parse a body. The limit is larger than a
supporter's form: a moment for a whole coalition holds well over a hundred posts.
"""

from typing import TypeVar

from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent
from pydantic import BaseModel, ValidationError

from lobbykit.domain.errors import InvalidInput
from lobbykit.handlers.requests import json_body

MAX_ORGANISER_BODY_BYTES = 256 * 1024

Model = TypeVar("Model", bound=BaseModel)


def parse_body(event: BaseProxyEvent, model: type[Model]) -> Model:
    return parse_document(json_body(event, MAX_ORGANISER_BODY_BYTES), model)


def parse_document(document: object, model: type[Model]) -> Model:
    """A decoded JSON (or YAML) document as ``model``; ``InvalidInput`` names the first problem."""
    if not isinstance(document, dict):
        raise InvalidInput("The request body must be a JSON object, {...}.", code="invalid_json")
    try:
        return model.model_validate(document)
    except ValidationError as error:
        first = error.errors(include_url=False, include_input=False)[0]
        field = ".".join(str(part) for part in first["loc"]) or None
        raise InvalidInput(
            f"Please check {field}: {first['msg']}.", field=field, code="invalid_request"
        ) from None
