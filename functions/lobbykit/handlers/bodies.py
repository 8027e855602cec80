"""Reading an organiser's JSON request body: size first, then JSON, then that it is an object.

Routes read their body here, after the organiser check (a ``Depends``). The limit is larger
than a supporter's form: a moment for a whole coalition holds well over a hundred posts. The
shape of what is inside is checked by the domain, with messages written for organisers.
"""

from typing import Any

from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from lobbykit.domain.errors import InvalidInput
from lobbykit.handlers.requests import json_body

MAX_ORGANISER_BODY_BYTES = 256 * 1024


def json_object(event: BaseProxyEvent) -> dict[str, Any]:
    document = json_body(event, MAX_ORGANISER_BODY_BYTES)
    if not isinstance(document, dict):
        raise InvalidInput("The request body must be a JSON object, {...}.", code="invalid_json")
    return document
