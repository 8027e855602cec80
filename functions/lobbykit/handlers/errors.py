"""Domain errors → HTTP, in one place.

Every JSON error is ``{"error": "<snake_case_code>", "message": "<a sentence a person can act
on>"}``; 5xx only for genuine server or upstream faults, and never a traceback.
"""

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types

from lobbykit.domain.actions import (
    AlreadySent,
    ConfirmationLinkExpired,
    ConfirmationLinkInvalid,
    ConfirmationNotSent,
    TargetUnavailable,
)
from lobbykit.domain.campaigns import CampaignNotFound
from lobbykit.domain.errors import (
    Busy,
    CrossSiteRequest,
    InvalidInput,
    LobbykitError,
    NoWestminsterMP,
    PayloadTooLarge,
    PostcodeNotFound,
    UnsupportedMediaType,
    UpstreamUnavailable,
)
from lobbykit.domain.limits import RateLimited
from lobbykit.domain.organisers import Forbidden, NoSuchToken, NotAuthorised
from lobbykit.domain.social.errors import (
    AlreadyPublished,
    CredentialsRejected,
    MomentRefused,
    NetworkFailure,
    NotFound,
)
from lobbykit.domain.submission import InvalidSubmission
from lobbykit.domain.suppression import EmailUndeliverable
from lobbykit.handlers.html import outcome
from lobbykit.handlers.static import StaticNotFound

logger = Logger(service="lobbykit", child=True)

STATUS_BY_ERROR: dict[type[LobbykitError], int] = {
    InvalidInput: 400,
    NotAuthorised: 401,
    Forbidden: 403,
    NoSuchToken: 404,
    CrossSiteRequest: 403,
    UnsupportedMediaType: 415,
    PayloadTooLarge: 413,
    NoWestminsterMP: 422,
    TargetUnavailable: 422,
    EmailUndeliverable: 422,
    PostcodeNotFound: 404,
    CampaignNotFound: 404,
    StaticNotFound: 404,
    ConfirmationLinkInvalid: 404,
    ConfirmationLinkExpired: 410,
    AlreadySent: 409,
    RateLimited: 429,
    UpstreamUnavailable: 503,
    ConfirmationNotSent: 503,
    NotFound: 404,
    MomentRefused: 422,
    CredentialsRejected: 422,
    AlreadyPublished: 409,
    NetworkFailure: 502,
}


# Routes a script (or a page's stylesheet and script tags) calls, answered in JSON as
# infra/openapi.yaml documents; every other route is a page a person sees in a browser.
JSON_PATHS = ("/api/", "/_dev/", "/static/")

INTERNAL_ERROR = {
    "error": "internal_error",
    "message": "Something went wrong on our side. Please try again in a few minutes.",
}


def status_for(error: LobbykitError) -> int:
    for klass in type(error).__mro__:
        if klass in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[klass]
    return 400


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


def extra_headers(error: LobbykitError) -> dict[str, str] | None:
    """What HTTP says must come with some refusals: a challenge, or when to try again."""
    if isinstance(error, NotAuthorised):
        return {"WWW-Authenticate": "Bearer"}
    if isinstance(error, (RateLimited, Busy)):
        return {"Retry-After": str(error.retry_after)}
    return None


def busy_page(error: Busy) -> Response[Any]:
    """The same 503 as a page, for a person in a browser (a confirmation, an organiser page)."""
    response = outcome(
        "We are very busy just now",
        [error.message, "If you were confirming your letter, press the button in the email again."],
        status=503,
    )
    response.headers.update(extra_headers(error) or {})
    return response


def error_page(error: LobbykitError) -> Response[Any]:
    """Any other refusal a page's own route did not answer, as a page: a person in a browser
    should never be shown a JSON body."""
    response = outcome("We could not do that", [error.message], status=status_for(error))
    response.headers.update(extra_headers(error) or {})
    return response


def json_error(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Response[Any]:
    return Response(
        status_code=status, content_type=content_types.APPLICATION_JSON, body=body, headers=headers
    )


def register(app: APIGatewayHttpResolver) -> None:
    """Install the error mapping on the function's one resolver."""

    @app.exception_handler(LobbykitError)
    def domain_error(error: LobbykitError) -> Response[Any]:
        if app.current_event.path.startswith(JSON_PATHS):
            return json_error(status_for(error), error_body(error), extra_headers(error))
        return busy_page(error) if isinstance(error, Busy) else error_page(error)

    @app.not_found
    def not_found(_: Exception) -> Response[Any]:
        return json_error(404, {"error": "not_found", "message": "There is nothing at this address."})

    @app.exception_handler(Exception)
    def unexpected(error: Exception) -> Response[Any]:
        logger.exception("unhandled error", extra={"error_type": type(error).__name__})
        return json_error(500, INTERNAL_ERROR)
