"""The domain's own exceptions.

Every refusal a supporter or organiser can meet is one of these. Each carries a stable
snake_case ``code`` (part of the outside contract) and a ``message`` written for a person,
in plain British English. Mapping them to HTTP statuses happens in one place:
``lobbykit.handlers.errors``.
"""


class LobbykitError(Exception):
    """Base of every error the product explains to a person."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(LobbykitError):
    """Something the person typed cannot be used as it is."""

    code = "invalid_input"

    def __init__(self, message: str, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        if code is not None:
            self.code = code


class PayloadTooLarge(InvalidInput):
    """A request body over the size any honest form produces."""

    code = "payload_too_large"


class InvalidPostcode(InvalidInput):
    """The text cannot be a UK postcode."""

    code = "invalid_postcode"

    def __init__(self, message: str) -> None:
        super().__init__(message, field="postcode")


class NoWestminsterMP(LobbykitError):
    """A real postcode whose people are not represented in the House of Commons."""

    code = "no_westminster_mp"


class PostcodeNotFound(LobbykitError):
    """A well-formed postcode that Parliament's data does not place in any constituency."""

    code = "postcode_not_found"


class UpstreamUnavailable(LobbykitError):
    """An outside service we depend on is down, slow or talking nonsense, and nothing is cached."""

    code = "upstream_unavailable"


class Busy(UpstreamUnavailable):
    """Our own database is throttling us beyond its client's retries: the step did not happen.

    Every write is conditional and all-or-nothing, so the supporter can simply do it again:
    resubmit the form, or press the confirmation button again. ``retry_after`` (seconds) is
    sent as the Retry-After header.
    """

    code = "busy"
    retry_after = 30


class CrossSiteRequest(LobbykitError):
    """A form sent to us by another website's page: refused, whatever it holds."""

    code = "cross_site_request"

    def __init__(self) -> None:
        super().__init__(
            "This form was sent from another website, so we have not acted on it. If you were "
            "using this site, go back to its page, reload it and try again."
        )


class UnsupportedMediaType(LobbykitError):
    """A JSON route sent a body of another type (what another site's page could send unasked)."""

    code = "unsupported_media_type"
