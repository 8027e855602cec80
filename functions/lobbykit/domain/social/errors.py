"""Refusals and network failures of social moments, as the domain's own exceptions.

Adapters raise the network ones (``NetworkRateLimited``, ``DuplicateContent``, ``CredentialsRejected``,
``PostRefused``) whatever the network; the publisher decides what each means for a post.
HTTP statuses are mapped in ``lobbykit.handlers.errors``.
"""

from lobbykit.domain.errors import InvalidInput, LobbykitError


class NotFound(LobbykitError):
    """Something named in the address does not exist."""

    code = "not_found"


class UnknownMoment(NotFound):
    code = "unknown_moment"


class MomentRefused(InvalidInput):
    """A well-formed moment that cannot be scheduled as it is (too similar, too long, too soon...)."""


class AlreadyPublished(LobbykitError):
    """A moment whose posts have all gone out: there is nothing left to cancel."""

    code = "already_published"


class NetworkFailure(LobbykitError):
    """A social network refused or failed a call; ``message`` says why, in words for an organiser."""

    code = "network_failure"


class CredentialsRejected(NetworkFailure):
    code = "credentials_rejected"


class NetworkRateLimited(NetworkFailure):
    """The network asked us to slow down; ``retry_after`` is how many seconds it asked for."""

    code = "rate_limited"

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class DuplicateContent(NetworkFailure):
    """The network refuses the text because the account (or another) already posted it."""

    code = "duplicate_content"


class PostRefused(NetworkFailure):
    """The network answered but would not post, or did not answer in time: never retried,
    because a post that timed out may have gone out."""

    code = "post_refused"
