"""A refusal as JSON: the body every interface shows for a domain error.

``{"error": "<snake_case_code>", "message": "<a sentence a person can act on>"}``, with the field,
details or per-field errors where the error has them. The API answers it (``handlers.errors``
adds the HTTP status), and the command line prints it, so a refusal reads the same everywhere.
"""

from typing import Any

from lobbykit.domain.errors import LobbykitError
from lobbykit.domain.submission import InvalidSubmission

INTERNAL_ERROR = {
    "error": "internal_error",
    "message": "Something went wrong on our side. Please try again in a few minutes.",
}


def error_body(error: LobbykitError) -> dict[str, Any]:
    body: dict[str, Any] = {"error": error.code, "message": error.message}
    field = getattr(error, "field", None)
    if field is not None:
        body["field"] = field
    details = getattr(error, "details", None)
    if details:
        body["details"] = details
    if isinstance(error, InvalidSubmission):
        body["errors"] = [{"field": e.field, "message": e.message} for e in error.errors]
    return body
